package io.recast.engine.internal.replay;

import static io.recast.engine.internal.sql.Sql.ident;

import io.recast.engine.internal.catalog.TableDefinition;
import io.recast.engine.internal.changelog.ChangelogSql;
import io.recast.engine.internal.runtime.ArtifactNames;
import io.recast.engine.internal.shadow.ShadowSql;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * SQL of the replay: for a set of log ids, delete those keys from the shadow, insert the current
 * source rows for them, delete exactly those log rows. Only ids travel through the client.
 */
public final class ReplaySql {
    private ReplaySql() {
    }

    /**
     * First in a replay transaction: its statements read one snapshot, so that a batch that takes
     * the whole log leaves the shadow equal to the table as of that snapshot.
     */
    public static final String ONE_SNAPSHOT = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ";

    static final String SAVEPOINT = "SAVEPOINT recast_replay";
    static final String RELEASE = "RELEASE SAVEPOINT recast_replay";
    static final String ROLLBACK_TO_SAVEPOINT = "ROLLBACK TO SAVEPOINT recast_replay";

    /** The oldest log rows; a row whose key is NULL marks a TRUNCATE of the source. */
    public static String fetch(TableDefinition t, ArtifactNames n) {
        return "SELECT id, " + ChangelogSql.logColumn(0) + " IS NULL AS truncated FROM " + n.qLog()
                + " ORDER BY id LIMIT ?";
    }

    public static String deleteShadow(TableDefinition t, ArtifactNames n) {
        return "DELETE FROM " + n.qShadow() + " AS s USING (SELECT DISTINCT " + ChangelogSql.logColumns(t.key().size())
                + " FROM " + n.qLog() + " WHERE id = ANY (?)) AS l WHERE " + keyMatch(t);
    }

    /** A table's row {@code s} that has the key of the log row {@code l}. */
    public static String keyMatch(TableDefinition t) {
        List<String> key = t.key().columns();
        return IntStream.range(0, key.size()).mapToObj(i -> "s." + ident(key.get(i)) + " = l."
                + ChangelogSql.logColumn(i)).collect(Collectors.joining(" AND "));
    }

    public static String insertShadow(TableDefinition t, ArtifactNames n) {
        List<String> key = t.key().columns();
        String sourceKey = key.stream().map(c -> "s." + ident(c)).collect(Collectors.joining(", ", "(", ")"));
        String logKey = IntStream.range(0, key.size()).mapToObj(i -> "l." + ChangelogSql.logColumn(i))
                .collect(Collectors.joining(", "));
        return ShadowSql.insertInto(t, n) + " FROM ONLY " + t.qualified() + " AS s WHERE " + sourceKey
                + " IN (SELECT " + logKey + " FROM " + n.qLog() + " AS l WHERE l.id = ANY (?))";
    }

    public static String deleteLog(ArtifactNames n) {
        return "DELETE FROM " + n.qLog() + " WHERE id = ANY (?)";
    }

    /** As {@link #deleteLog}, returning the keys as text: with {@code verify}, those rows are compared again. */
    public static String deleteLogReturningKeys(TableDefinition t, ArtifactNames n) {
        String keys = IntStream.range(0, t.key().size()).mapToObj(i -> ChangelogSql.logColumn(i) + "::text")
                .collect(Collectors.joining(", "));
        return deleteLog(n) + " RETURNING " + keys;
    }
}
