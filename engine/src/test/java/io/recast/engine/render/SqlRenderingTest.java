package io.recast.engine.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.recast.engine.internal.backfill.BackfillSql;
import io.recast.engine.internal.catalog.Column;
import io.recast.engine.internal.catalog.IndexDef;
import io.recast.engine.internal.catalog.KeyRangeSql;
import io.recast.engine.internal.catalog.TableDefinition;
import io.recast.engine.internal.changelog.ChangelogSql;
import io.recast.engine.internal.cutover.CutoverSql;
import io.recast.engine.internal.plan.Tables;
import io.recast.engine.internal.replay.ReplaySql;
import io.recast.engine.internal.runtime.ArtifactNames;
import io.recast.engine.internal.shadow.ShadowIndexSql;
import io.recast.engine.internal.shadow.ShadowSql;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pins the generated SQL, whitespace normalised, as gh-ost's builder tests do. */
class SqlRenderingTest {
    private final TableDefinition t = Tables.orders();
    private final ArtifactNames n = new ArtifactNames(16384);

    private static String norm(String sql) {
        return sql.replaceAll("\\s+", " ").strip();
    }

    @Test
    void logTableAndTrigger() {
        assertThat(ChangelogSql.createLog(t, n)).isEqualTo(
                "CREATE TABLE \"recast\".\"log_16384\" (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, k1 bigint)");
        assertThat(ChangelogSql.createTrigger(t, n)).isEqualTo("CREATE TRIGGER \"recast_capture_16384\" AFTER INSERT OR "
                + "UPDATE OR DELETE ON \"app\".\"Orders\" FOR EACH ROW EXECUTE FUNCTION \"recast\".\"capture_16384\"()");
        assertThat(norm(ChangelogSql.createFunction(t, n))).contains("SECURITY DEFINER SET search_path = pg_catalog, pg_temp")
                .contains("IF TG_OP = 'INSERT' THEN INSERT INTO \"recast\".\"log_16384\" (k1) VALUES (NEW.\"id\");")
                .contains("IF ROW(OLD.\"id\") IS DISTINCT FROM ROW(NEW.\"id\") THEN INSERT INTO \"recast\".\"log_16384\" (k1) VALUES (OLD.\"id\");")
                .contains("ELSE INSERT INTO \"recast\".\"log_16384\" (k1) VALUES (NULL);");
    }

    @Test
    void backfillBatches() {
        assertThat(KeyRangeSql.nextBound(t, true)).isEqualTo("SELECT s.\"id\"::text FROM ONLY \"app\".\"Orders\" AS s "
                + "WHERE (s.\"id\") > (CAST(? AS bigint)) ORDER BY s.\"id\" OFFSET ? LIMIT 1");
        assertThat(BackfillSql.copy(t, n, true, true)).isEqualTo("INSERT INTO \"recast\".\"shadow_16384\" (\"id\", \"Note\") "
                + "OVERRIDING SYSTEM VALUE SELECT \"id\", \"Note\" FROM ONLY \"app\".\"Orders\" WHERE (\"id\") > "
                + "(CAST(? AS bigint)) AND (\"id\") <= (CAST(? AS bigint))");
        assertThat(BackfillSql.copy(t, n, false, false)).endsWith("FROM ONLY \"app\".\"Orders\"");
    }

    @Test
    void replay() {
        assertThat(ReplaySql.fetch(t, n)).isEqualTo("SELECT id, k1 IS NULL AS truncated FROM \"recast\".\"log_16384\" ORDER BY id LIMIT ?");
        assertThat(ReplaySql.deleteShadow(t, n)).isEqualTo("DELETE FROM \"recast\".\"shadow_16384\" AS s USING "
                + "(SELECT DISTINCT k1 FROM \"recast\".\"log_16384\" WHERE id = ANY (?)) AS l WHERE s.\"id\" = l.k1");
        assertThat(ReplaySql.insertShadow(t, n)).endsWith("FROM ONLY \"app\".\"Orders\" AS s WHERE (s.\"id\") IN "
                + "(SELECT l.k1 FROM \"recast\".\"log_16384\" AS l WHERE l.id = ANY (?))");
        assertThat(ReplaySql.deleteLog(n)).isEqualTo("DELETE FROM \"recast\".\"log_16384\" WHERE id = ANY (?)");
    }

    @Test
    void shadowTableKeepsColumnsAndOptions() {
        assertThat(ShadowSql.create(t, n).get(0)).isEqualTo("CREATE TABLE \"recast\".\"shadow_16384\" (\"id\" bigint "
                + "GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME \"recast\".\"shadow_16384_s1\" START WITH 1 INCREMENT BY 1 "
                + "MINVALUE 1 MAXVALUE 9223372036854775807 CACHE 1 NO CYCLE) NOT NULL, \"Note\" text COLLATE \"C\" "
                + "DEFAULT 'x'::text) USING \"heap\" WITH (fillfactor=90, autovacuum_enabled = false, "
                + "toast.autovacuum_enabled = false)");
        assertThat(ShadowIndexSql.afterBackfill(t, n)).containsExactly(
                "SET default_tablespace = ''",
                "CREATE UNIQUE INDEX \"shadow_16384_i1\" ON \"recast\".\"shadow_16384\" USING btree (id)",
                "ALTER TABLE \"recast\".\"shadow_16384\" ADD CONSTRAINT \"shadow_16384_i1\" PRIMARY KEY USING INDEX \"shadow_16384_i1\"",
                "SET default_tablespace = 'fast'",
                "CREATE INDEX \"shadow_16384_i2\" ON \"recast\".\"shadow_16384\" USING btree (\"Note\")",
                "RESET default_tablespace");
    }

    @Test
    void shadowColumnsKeepTheirOptions() {
        Column note = new Column(2, "Note", "text", false, null, null, null, null, null, null, null, null, null,
                List.of("n_distinct=-0.2", "n_distinct_inherited=5"));
        TableDefinition withOptions = t.withStructure(List.of(t.columns().get(0), note), t.key(), t.indexes(),
                t.constraints(), t.statistics());
        assertThat(ShadowSql.create(withOptions, n)).contains("ALTER TABLE \"recast\".\"shadow_16384\" ALTER COLUMN "
                + "\"Note\" SET (n_distinct=-0.2, n_distinct_inherited=5)");
        assertThat(ShadowSql.create(t, n)).noneMatch(s -> s.contains(" SET ("));
    }

    @Test
    void shadowIndexesKeepTheStatisticsTargetsOfTheirColumns() {
        IndexDef lower = new IndexDef(3, "orders_lower", false, "btree (lower(\"Note\"))", null, null, null, false,
                false, false, false, null, null, List.of(new IndexDef.StatTarget(1, 77)));
        TableDefinition withTarget = t.withStructure(t.columns(), t.key(), List.of(t.indexes().get(0), lower),
                t.constraints(), t.statistics());
        assertThat(ShadowIndexSql.otherIndexes(withTarget, n)).containsExactly(
                "SET default_tablespace = ''",
                "CREATE INDEX \"shadow_16384_i2\" ON \"recast\".\"shadow_16384\" USING btree (lower(\"Note\"))",
                "ALTER INDEX \"recast\".\"shadow_16384_i2\" ALTER COLUMN 1 SET STATISTICS 77",
                "RESET default_tablespace");
    }

    @Test
    void shadowTableKeepsTheAccessMethod() {
        assertThat(ShadowSql.create(Tables.orders("My AM"), n).get(0)).contains("DEFAULT 'x'::text) USING \"My AM\" "
                + "WITH (fillfactor=90, ");
        assertThat(ShadowSql.create(Tables.orders((String) null), n).get(0)).contains("DEFAULT 'x'::text) WITH (")
                .doesNotContain("USING");
    }

    @Test
    void swapRenamesInTheRightOrder() {
        assertThat(CutoverSql.lock(t, n)).isEqualTo("LOCK TABLE \"app\".\"Orders\", \"recast\".\"shadow_16384\" IN ACCESS EXCLUSIVE MODE");
        assertThat(CutoverSql.swap(t, n, Map.of())).containsSubsequence(
                "DROP TRIGGER IF EXISTS \"recast_capture_16384\" ON \"app\".\"Orders\"",
                "SELECT pg_catalog.setval('\"recast\".\"shadow_16384_s1\"'::pg_catalog.regclass, last_value, is_called) FROM \"app\".\"Orders_id_seq\"",
                "ALTER INDEX \"app\".\"Orders_pkey\" RENAME TO \"old_16384_i1\"",
                "ALTER TABLE \"app\".\"Orders\" RENAME TO \"old_16384\"",
                "ALTER TABLE \"app\".\"old_16384\" SET SCHEMA \"recast\"",
                "ALTER TABLE \"recast\".\"shadow_16384\" SET SCHEMA \"app\"",
                "ALTER TABLE \"app\".\"shadow_16384\" RENAME TO \"Orders\"",
                "ALTER TABLE \"app\".\"Orders\" RESET (fillfactor, autovacuum_enabled, toast.autovacuum_enabled)",
                "ALTER TABLE \"app\".\"Orders\" SET (fillfactor=90)",
                "ALTER INDEX \"app\".\"shadow_16384_i1\" RENAME TO \"Orders_pkey\"",
                "ALTER SEQUENCE \"app\".\"shadow_16384_s1\" RENAME TO \"Orders_id_seq\"",
                "ALTER TABLE \"recast\".\"old_16384\" DROP CONSTRAINT \"fk\"",
                "ALTER TABLE \"app\".\"Orders\" ADD CONSTRAINT \"fk\" FOREIGN KEY (id) REFERENCES app.parent(id) NOT VALID");
        assertThat(CutoverSql.swap(t, n, Map.of())).as("left for after the commit").noneMatch(s -> s.contains("log_16384"));
        assertThat(CutoverSql.afterCommit(n)).containsExactly("DROP TABLE IF EXISTS \"recast\".\"log_16384\"",
                "DROP FUNCTION IF EXISTS \"recast\".\"capture_16384\"()");
        assertThat(CutoverSql.validateForeignKeys(t)).containsExactly(
                "ALTER TABLE \"app\".\"Orders\" VALIDATE CONSTRAINT \"fk\"");
    }
}
