package io.recast.engine.internal.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recast.engine.api.CheckItem.Status;
import io.recast.engine.api.CheckItem;
import io.recast.engine.api.CheckOptions;
import io.recast.engine.api.CheckReport;
import io.recast.engine.api.InvalidOptionsException;
import io.recast.engine.internal.catalog.KeyColumns;
import io.recast.engine.internal.plan.Tables;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The check's SQL, its report helpers and its options; no database. */
class PreflightSqlTest {

    @Test
    void theSampleReadHasTheCopysShapeAndWritesNothing() {
        assertThat(PreflightSql.sampleRead(Tables.orders(), true)).isEqualTo("SELECT count(*), "
                + "coalesce(sum(pg_column_size(s.*)), 0), coalesce(sum(pg_column_size(ROW(s.\"id\"))), 0) FROM "
                + "(SELECT \"id\", \"Note\" FROM ONLY \"app\".\"Orders\" WHERE (\"id\") <= (CAST(? AS bigint))) AS s");
        assertThat(PreflightSql.sampleRead(Tables.orders(), false)).endsWith("FROM ONLY \"app\".\"Orders\") AS s");
        KeyColumns composite = new KeyColumns("k", true, List.of("a \"x\"", "b"), List.of("text", "integer"),
                Arrays.asList(null, null));
        assertThat(PreflightSql.sampleRead(Tables.orders('r', 'p', false, composite, true, List.of(), List.of()), true))
                .contains("ROW(s.\"a \"\"x\"\"\", s.\"b\")")
                .contains("WHERE (\"a \"\"x\"\"\", \"b\") <= (CAST(? AS text), CAST(? AS integer))");
        assertThat(PreflightSql.lockTimeout(Duration.ofSeconds(2))).isEqualTo("SET lock_timeout = '2000ms'");
        for (String sql : List.of(PreflightSql.SIZE, PreflightSql.LONG_TRANSACTIONS, PreflightSql.PREPARED,
                PreflightSql.SLOTS, PreflightSql.STANDBYS, PreflightSql.HIDDEN_SESSIONS, PreflightSql.JOB_LOCK_HOLDER)) {
            assertThat(sql.strip()).startsWith("SELECT ");
        }
    }

    @Test
    void theReportKnowsItsFailuresWarningsAndWorstStatus() {
        CheckReport r = new CheckReport("t", List.of(new CheckItem("a", Status.OK, "fine"),
                new CheckItem("b", Status.WARN, "careful"), new CheckItem("c", Status.FAIL, "cannot")));
        assertThat(r.hardFailures()).extracting(CheckItem::name).containsExactly("c");
        assertThat(r.warnings()).extracting(CheckItem::name).containsExactly("b");
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.item("b")).map(CheckItem::detail).contains("careful");
        assertThat(new CheckReport("t", List.of()).status()).isEqualTo(Status.OK);
        assertThat(new CheckReport("t", List.of(new CheckItem("a", Status.WARN, "x"))).status()).isEqualTo(Status.WARN);
    }

    @Test
    void optionsAreValidated() {
        assertThat(CheckOptions.defaults().longTransaction()).isEqualTo(Duration.ofMinutes(5));
        assertThat(CheckOptions.builder().longTransaction(Duration.ofSeconds(30)).build().longTransaction())
                .isEqualTo(Duration.ofSeconds(30));
        assertThatThrownBy(() -> CheckOptions.builder().longTransaction(Duration.ZERO).build())
                .isInstanceOf(InvalidOptionsException.class).hasMessageContaining("long transaction");
        assertThatThrownBy(() -> CheckOptions.builder().sampleRows(0).build()).isInstanceOf(InvalidOptionsException.class);
    }

    @Test
    void sizesAndDurationsReadNaturally() {
        assertThat(Format.size(1023)).isEqualTo("1023 bytes");
        assertThat(Format.size(88_290_509)).isEqualTo("84.2 MB");
        assertThat(Format.duration(Duration.ofMillis(850))).isEqualTo("850 ms");
        assertThat(Format.duration(Duration.ofSeconds(125))).isEqualTo("2m05s");
        assertThat(Format.list(List.of("a", "b", "c"), 2)).isEqualTo("a; b; and 1 more");
    }
}
