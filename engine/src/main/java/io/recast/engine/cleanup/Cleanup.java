package io.recast.engine.cleanup;

import io.recast.engine.changelog.ChangelogSql;
import io.recast.engine.cutover.CutoverSql;
import io.recast.engine.plan.ArtifactNames;
import io.recast.engine.shadow.ShadowSql;
import io.recast.engine.sql.Jdbc;
import io.recast.engine.sql.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops every artifact of a run, found by the names derived from the table's oid. Idempotent, and
 * works from a fresh process: it needs nothing but the oid. The caller holds the table's job lock.
 */
public final class Cleanup {
    private static final Logger LOG = LoggerFactory.getLogger(Cleanup.class);

    private Cleanup() {
    }

    /**
     * Drops the triggers, the log, the function and the shadow of the run on {@code oid}; with
     * {@code dropOld}, also the old table a swap left. Each drop is its own statement, so one that
     * fails does not keep the others from running.
     *
     * @return a line for each object dropped
     */
    public static List<String> dropArtifacts(Connection c, long oid, boolean dropOld) throws SQLException {
        ArtifactNames n = new ArtifactNames(oid);
        List<String> dropped = new ArrayList<>();
        if (!Jdbc.queryBoolean(c, "SELECT to_regnamespace(?) IS NOT NULL", ArtifactNames.SCHEMA)) {
            return dropped;
        }
        SQLException first = null;
        List<String[]> triggers = Jdbc.query(c, CleanupSql.OUR_TRIGGERS, rs -> new String[] {rs.getString(1), rs.getString(2)},
                n.trigger(), n.truncateTrigger());
        for (String[] tr : triggers) {
            first = drop(c, "DROP TRIGGER IF EXISTS " + Sql.ident(tr[0]) + " ON " + tr[1],
                    "trigger " + tr[0] + " on " + tr[1], dropped, first);
        }
        if (exists(c, CleanupSql.RELATION_EXISTS, n.qShadow())) {
            first = drop(c, ShadowSql.drop(n), "shadow table " + n.qShadow(), dropped, first);
        }
        if (exists(c, CleanupSql.RELATION_EXISTS, n.qLog())) {
            first = drop(c, ChangelogSql.dropLog(n), "log table " + n.qLog(), dropped, first);
        }
        if (exists(c, CleanupSql.FUNCTION_EXISTS, n.qFunction() + "()")) {
            first = drop(c, ChangelogSql.dropFunction(n), "function " + n.qFunction() + "()", dropped, first);
        }
        if (dropOld && exists(c, CleanupSql.RELATION_EXISTS, n.qOld())) {
            first = drop(c, CutoverSql.dropOld(n), "old table " + n.qOld(), dropped, first);
        }
        if (first != null) {
            throw first;
        }
        return dropped;
    }

    /** Unfinished jobs on the table (by its current oid or its name): their oids. */
    public static List<long[]> unfinishedJobs(Connection c, long oid, String name) throws SQLException {
        if (!exists(c, CleanupSql.RELATION_EXISTS, ArtifactNames.qJobs())) {
            return List.of();
        }
        return Jdbc.query(c, CleanupSql.unfinishedJobs(), rs -> new long[] {rs.getLong(1), rs.getLong(2)}, oid, name);
    }

    public static void finishJob(Connection c, long jobId, String outcome) throws SQLException {
        if (exists(c, CleanupSql.RELATION_EXISTS, ArtifactNames.qJobs())) {
            Jdbc.update(c, "job", ChangelogSql.finishJob(), outcome, jobId);
        }
    }

    /**
     * Drops the recast schema when we created it and no run needs it: only while no other session
     * holds the shared schema lock, with no unfinished job, and without CASCADE, so a kept old table
     * or anything a user put there keeps it alive. Never throws; the schema is harmless if left.
     */
    public static boolean dropSchemaIfIdle(Connection lockConnection) {
        Connection c = lockConnection;
        try {
            if (!Jdbc.queryBoolean(c, "SELECT to_regnamespace(?) IS NOT NULL", ArtifactNames.SCHEMA)) {
                return false;
            }
            if (!Jdbc.queryBoolean(c, "SELECT pg_try_advisory_lock(?)", ArtifactNames.SCHEMA_LOCK_KEY)) {
                return false;
            }
            try {
                String comment = Jdbc.queryOne(c, CleanupSql.SCHEMA_COMMENT, rs -> rs.getString(1), ArtifactNames.SCHEMA)
                        .orElse(null);
                if (!ChangelogSql.SCHEMA_COMMENT.equals(comment)) {
                    return false;
                }
                if (exists(c, CleanupSql.RELATION_EXISTS, ArtifactNames.qJobs())
                        && Jdbc.queryLong(c, CleanupSql.activeJobs()) > 0) {
                    return false;
                }
                c.setAutoCommit(false);
                try {
                    Jdbc.exec(c, "cleanup", "DROP TABLE IF EXISTS " + ArtifactNames.qJobs());
                    Jdbc.exec(c, "cleanup", "DROP SCHEMA " + Sql.ident(ArtifactNames.SCHEMA));
                    c.commit();
                    return true;
                } catch (SQLException e) {
                    c.rollback();
                    LOG.debug("kept schema {}: {}", ArtifactNames.SCHEMA, e.getMessage());
                    return false;
                } finally {
                    c.setAutoCommit(true);
                }
            } finally {
                Jdbc.queryOne(c, "SELECT pg_advisory_unlock(?)", rs -> null, ArtifactNames.SCHEMA_LOCK_KEY);
            }
        } catch (SQLException e) {
            LOG.debug("could not check whether schema {} can go: {}", ArtifactNames.SCHEMA, e.getMessage());
            return false;
        }
    }

    private static boolean exists(Connection c, String sql, String name) throws SQLException {
        return Jdbc.queryBoolean(c, sql, name);
    }

    private static SQLException drop(Connection c, String sql, String what, List<String> dropped, SQLException first) {
        try {
            Jdbc.exec(c, "cleanup", sql);
            dropped.add(what);
            return first;
        } catch (SQLException e) {
            LOG.warn("could not drop {}: {}", what, e.getMessage());
            if (first != null) {
                first.addSuppressed(e);
                return first;
            }
            return e;
        }
    }
}
