package io.recast.engine.internal.changelog;

import static io.recast.engine.internal.sql.Sql.ident;

import io.recast.engine.internal.catalog.KeyColumns;
import io.recast.engine.internal.catalog.TableDefinition;
import io.recast.engine.internal.job.JobSql;
import io.recast.engine.internal.runtime.ArtifactNames;
import io.recast.engine.internal.sql.Sql;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** SQL of the change log: the recast schema, the log table, its trigger function and triggers (the job table's is in JobSql). */
public final class ChangelogSql {
    /** Marks a schema we created, so that we only ever drop our own. */
    public static final String SCHEMA_COMMENT = "created by recast; dropped by recast when no run needs it";

    private ChangelogSql() {
    }

    public static String createSchema() {
        return "CREATE SCHEMA IF NOT EXISTS " + ident(ArtifactNames.SCHEMA);
    }

    /** Without CASCADE: anything still in it keeps it. */
    public static String dropSchema() {
        return "DROP SCHEMA " + ident(ArtifactNames.SCHEMA);
    }

    public static String commentSchema() {
        return "COMMENT ON SCHEMA " + ident(ArtifactNames.SCHEMA) + " IS " + Sql.literal(SCHEMA_COMMENT);
    }

    /** Whether the recast schema exists; bind {@link ArtifactNames#SCHEMA}. */
    public static final String SCHEMA_EXISTS = "SELECT to_regnamespace(?) IS NOT NULL";

    /** The log's name for the i-th key column (0-based): k1, k2, ... so no key name can clash with id. */
    public static String logColumn(int i) {
        return "k" + (i + 1);
    }

    public static String logColumns(int n) {
        return java.util.stream.IntStream.range(0, n).mapToObj(ChangelogSql::logColumn)
                .collect(Collectors.joining(", "));
    }

    /**
     * The log: one row per changed key; a row of NULL keys marks a TRUNCATE. Unlogged with a FOR ALL
     * TABLES publication: a crash then empties it, together with the (then also unlogged) job table,
     * whose row is the proof that it was not emptied (see Reconnect).
     */
    public static String createLog(TableDefinition t, ArtifactNames n) {
        KeyColumns k = t.key();
        List<String> cols = new ArrayList<>();
        cols.add("id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY");
        for (int i = 0; i < k.size(); i++) {
            String collation = k.collations().get(i);
            cols.add(logColumn(i) + " " + k.types().get(i)
                    + (collation == null ? "" : " COLLATE " + collation));
        }
        // unlogged while a FOR ALL TABLES publication would otherwise send its rows to subscribers
        return "CREATE " + (t.unloggedArtifacts() ? "UNLOGGED " : "") + "TABLE " + n.qLog() + " ("
                + String.join(", ", cols) + ")";
    }

    /**
     * The trigger function. SECURITY DEFINER so that the application's roles need no privilege on
     * the recast schema; a fixed search_path, as the manual asks of such functions (CREATE
     * FUNCTION, "Writing SECURITY DEFINER Functions Safely").
     */
    public static String createFunction(TableDefinition t, ArtifactNames n) {
        List<String> key = t.key().columns();
        String cols = logColumns(key.size());
        String fromNew = key.stream().map(c -> "NEW." + ident(c)).collect(Collectors.joining(", "));
        String fromOld = key.stream().map(c -> "OLD." + ident(c)).collect(Collectors.joining(", "));
        String nulls = key.stream().map(c -> "NULL").collect(Collectors.joining(", "));
        String insert = "INSERT INTO " + n.qLog() + " (" + cols + ") VALUES ";
        return """
                CREATE FUNCTION %s() RETURNS trigger
                LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $recast$
                BEGIN
                    IF TG_OP = 'INSERT' THEN
                        %s(%s);
                    ELSIF TG_OP = 'DELETE' THEN
                        %s(%s);
                    ELSIF TG_OP = 'UPDATE' THEN
                        %s(%s);
                        IF ROW(%s) IS DISTINCT FROM ROW(%s) THEN
                            %s(%s);
                        END IF;
                    ELSE
                        %s(%s);
                    END IF;
                    RETURN NULL;
                END
                $recast$""".formatted(n.qFunction(), insert, fromNew, insert, fromOld, insert, fromNew,
                fromOld, fromNew, insert, fromOld, insert, nulls);
    }

    /**
     * Replaces the trigger function by one that does nothing: no lock on the user's table needed,
     * and every later call, in any session, runs the new body. For a trigger cleanup cannot drop.
     */
    /** The body of a disarmed capture function: a trigger that could not be dropped calls it and logs nothing. */
    public static final String DISARMED_BODY = "BEGIN RETURN NULL; END";

    public static String disableFunction(ArtifactNames n) {
        return "CREATE OR REPLACE FUNCTION " + n.qFunction() + "() RETURNS trigger LANGUAGE plpgsql "
                + "SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $recast$" + DISARMED_BODY + "$recast$";
    }

    public static String createTrigger(TableDefinition t, ArtifactNames n) {
        return "CREATE TRIGGER " + ident(n.trigger()) + " AFTER INSERT OR UPDATE OR DELETE ON " + t.qualified()
                + " FOR EACH ROW EXECUTE FUNCTION " + n.qFunction() + "()";
    }

    public static String createTruncateTrigger(TableDefinition t, ArtifactNames n) {
        return "CREATE TRIGGER " + ident(n.truncateTrigger()) + " AFTER TRUNCATE ON " + t.qualified()
                + " FOR EACH STATEMENT EXECUTE FUNCTION " + n.qFunction() + "()";
    }

    /** Fires under session_replication_role = replica too (logical replication apply). */
    public static List<String> enableAlways(TableDefinition t, ArtifactNames n) {
        return List.of(
                "ALTER TABLE " + t.qualified() + " ENABLE ALWAYS TRIGGER " + ident(n.trigger()),
                "ALTER TABLE " + t.qualified() + " ENABLE ALWAYS TRIGGER " + ident(n.truncateTrigger()));
    }

    public static List<String> dropTriggers(String qualifiedTable, ArtifactNames n) {
        return List.of(
                "DROP TRIGGER IF EXISTS " + ident(n.trigger()) + " ON " + qualifiedTable,
                "DROP TRIGGER IF EXISTS " + ident(n.truncateTrigger()) + " ON " + qualifiedTable);
    }

    public static String dropLog(ArtifactNames n) {
        return "DROP TABLE IF EXISTS " + n.qLog();
    }

    public static String dropFunction(ArtifactNames n) {
        return "DROP FUNCTION IF EXISTS " + n.qFunction() + "()";
    }

    /** Upper bound of the rows waiting, read from the two ends of the id index. */
    public static String backlog(ArtifactNames n) {
        return "SELECT coalesce(max(id) - min(id) + 1, 0) FROM " + n.qLog();
    }
}
