package io.recast.engine.internal.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recast.engine.internal.catalog.Column;
import io.recast.engine.internal.catalog.KeyColumns;
import io.recast.engine.internal.catalog.TableDefinition;
import io.recast.engine.internal.plan.Tables;
import io.recast.engine.internal.replay.ReplaySql;
import io.recast.engine.internal.runtime.ArtifactNames;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pins the SQL of verify, as SqlRenderingTest does for the other steps. */
class VerifySqlTest {
    private static final String LOG = "\"recast\".\"log_16384\"";
    private static final String SHADOW = "\"recast\".\"shadow_16384\"";
    private static final String SOURCE = "\"app\".\"Orders\"";
    private final TableDefinition t = Tables.orders();
    private final ArtifactNames n = new ArtifactNames(16384);

    @Test
    void snapshotAndLoggedKeys() {
        assertThat(VerifySql.snapshot()).isEqualTo("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
        assertThat(VerifySql.analyzeLog(n)).isEqualTo("ANALYZE " + LOG);
        assertThat(VerifySql.loggedKeys(t, n)).isEqualTo("SELECT DISTINCT k1::text FROM " + LOG);
        assertThat(ReplaySql.deleteLogReturningKeys(t, n))
                .isEqualTo("DELETE FROM " + LOG + " WHERE id = ANY (?) RETURNING k1::text");
    }

    @Test
    void fingerprintReadsTheSourceOnlyAndSkipsLoggedKeys() {
        String side = "sum(hashtextextended(ROW(s.\"id\", s.\"Note\")::text, 0)) AS h FROM ";
        String range = " AS s WHERE (s.\"id\") > (CAST(? AS bigint)) AND (s.\"id\") <= (CAST(? AS bigint)) AND NOT EXISTS "
                + "(SELECT 1 FROM " + LOG + " AS l WHERE l.k1 = s.\"id\")";
        assertThat(VerifySql.fingerprint(t, n, true, true)).isEqualTo("SELECT a.n, a.h::text, b.n, b.h::text FROM "
                + "(SELECT count(*) AS n, " + side + "ONLY " + SOURCE + range + ") AS a, "
                + "(SELECT count(*) AS n, " + side + SHADOW + range + ") AS b");
        assertThat(VerifySql.fingerprint(t, n, false, false)).contains("FROM ONLY " + SOURCE + " AS s WHERE NOT EXISTS")
                .contains("FROM " + SHADOW + " AS s WHERE NOT EXISTS").doesNotContain("CAST(?");
        assertThat(VerifySql.fingerprint(t, n, true, false)).containsOnlyOnce("FROM ONLY")
                .contains("(s.\"id\") > (CAST(? AS bigint)) AND NOT EXISTS").doesNotContain("<=");
    }

    @Test
    void differencesAreAFullJoinOnTheKeyWithinTheChunk() {
        String rows = " AS s WHERE (s.\"id\") > (CAST(? AS bigint)) AND NOT EXISTS (SELECT 1 FROM " + LOG
                + " AS l WHERE l.k1 = s.\"id\")";
        assertThat(VerifySql.differences(t, n, true, false)).isEqualTo("SELECT coalesce(a.k1, b.k1)::text, "
                + "a.k1 IS NOT NULL, b.k1 IS NOT NULL FROM (SELECT s.\"id\" AS k1, ROW(s.\"id\", s.\"Note\")::text AS r "
                + "FROM ONLY " + SOURCE + rows + ") AS a FULL JOIN (SELECT s.\"id\" AS k1, ROW(s.\"id\", s.\"Note\")::text "
                + "AS r FROM " + SHADOW + rows + ") AS b ON a.k1 = b.k1 WHERE a.r IS DISTINCT FROM b.r "
                + "ORDER BY coalesce(a.k1, b.k1) LIMIT ?");
    }

    @Test
    void keysAreBoundAsTextArraysAndCastBack() {
        String select = "SELECT k.k1::text, s.\"id\" IS NOT NULL, h.\"id\" IS NOT NULL FROM (SELECT DISTINCT "
                + "CAST(u.k1 AS bigint) AS k1 FROM unnest(CAST(? AS text[])) AS u(k1)) AS k LEFT JOIN ONLY " + SOURCE
                + " AS s ON s.\"id\" = k.k1 LEFT JOIN " + SHADOW + " AS h ON h.\"id\" = k.k1 WHERE (ROW(s.\"id\", "
                + "s.\"Note\")::text IS DISTINCT FROM ROW(h.\"id\", h.\"Note\")::text OR (s.\"id\" IS NULL) <> "
                + "(h.\"id\" IS NULL))";
        assertThat(VerifySql.compareKeys(t, n, false)).isEqualTo(select + " ORDER BY k.k1 LIMIT ?");
        assertThat(VerifySql.compareKeys(t, n, true)).isEqualTo(select + " AND NOT EXISTS (SELECT 1 FROM " + LOG
                + " AS l WHERE l.k1 = k.k1) ORDER BY k.k1 LIMIT ?");
    }

    @Test
    void aCompositeKeyAndAGeneratedColumn() {
        TableDefinition c = with(t, new KeyColumns("k", true, List.of("id", "Note"), List.of("bigint", "text"),
                Arrays.asList(null, "\"C\"")), List.of(
                new Column(1, "id", "bigint", true, null, null, null, null, null, null, null, null, null),
                new Column(2, "Note", "text", true, "\"C\"", null, null, null, null, null, null, null, null),
                new Column(3, "Len", "integer", false, null, "length(\"Note\")", "STORED", null, null, null, null, null,
                        null)));
        assertThat(VerifySql.rowText(c, "s")).isEqualTo("ROW(s.\"id\", s.\"Note\")::text");
        assertThat(VerifySql.fingerprint(c, n, true, true)).doesNotContain("Len")
                .contains("(s.\"id\", s.\"Note\") > (CAST(? AS bigint), CAST(? AS text)) AND (s.\"id\", s.\"Note\") <= "
                        + "(CAST(? AS bigint), CAST(? AS text))")
                .contains("WHERE l.k1 = s.\"id\" AND l.k2 = s.\"Note\")");
        assertThat(VerifySql.differences(c, n, false, false)).startsWith("SELECT coalesce(a.k1, b.k1)::text, "
                        + "coalesce(a.k2, b.k2)::text, a.k1 IS NOT NULL, b.k1 IS NOT NULL FROM (SELECT s.\"id\" AS k1, "
                        + "s.\"Note\" AS k2, ROW(s.\"id\", s.\"Note\")::text AS r")
                .contains("ON a.k1 = b.k1 AND a.k2 = b.k2")
                .endsWith("ORDER BY coalesce(a.k1, b.k1), coalesce(a.k2, b.k2) LIMIT ?");
        assertThat(VerifySql.compareKeys(c, n, true)).contains("SELECT DISTINCT CAST(u.k1 AS bigint) AS k1, "
                        + "CAST(u.k2 AS text) AS k2 FROM unnest(CAST(? AS text[]), CAST(? AS text[])) AS u(k1, k2)")
                .contains("ON s.\"id\" = k.k1 AND s.\"Note\" = k.k2")
                .contains("WHERE l.k1 = k.k1 AND l.k2 = k.k2)").endsWith("ORDER BY k.k1, k.k2 LIMIT ?");
        assertThat(VerifySql.loggedKeys(c, n)).isEqualTo("SELECT DISTINCT k1::text, k2::text FROM " + LOG);
        assertThat(new Verifier(c, n).render(List.of("7", "a b"))).isEqualTo("(id=7, Note=a b)");
        assertThat(new Verifier(t, n).render(List.of("7"))).isEqualTo("id=7");
    }

    @Test
    void whatEachDifferenceSays() {
        assertThat(new Verifier.Difference(List.of("1"), true, true).what()).isEqualTo("differs");
        assertThat(new Verifier.Difference(List.of("1"), true, false).what()).isEqualTo("only in source");
        assertThat(new Verifier.Difference(List.of("1"), false, true).what()).isEqualTo("only in shadow");
        assertThatThrownBy(() -> new Verifier(t, n, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    /** The table with another key and other columns; every other component as it is. */
    private static TableDefinition with(TableDefinition t, KeyColumns key, List<Column> columns) {
        try {
            RecordComponent[] rc = TableDefinition.class.getRecordComponents();
            Object[] args = new Object[rc.length];
            Class<?>[] types = new Class<?>[rc.length];
            for (int i = 0; i < rc.length; i++) {
                types[i] = rc[i].getType();
                args[i] = switch (rc[i].getName()) {
                    case "key" -> key;
                    case "columns" -> columns;
                    default -> rc[i].getAccessor().invoke(t);
                };
            }
            return TableDefinition.class.getDeclaredConstructor(types).newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
