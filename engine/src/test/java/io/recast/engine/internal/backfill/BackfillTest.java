package io.recast.engine.internal.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import io.recast.engine.api.CopyMethod;
import io.recast.engine.api.CopyOrder;
import io.recast.engine.api.RewriteOptions;
import io.recast.engine.internal.catalog.Column;
import io.recast.engine.internal.catalog.TableDefinition;
import io.recast.engine.internal.plan.Tables;
import io.recast.engine.internal.runtime.ArtifactNames;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackfillTest {
    private static final TableDefinition T = Tables.orders();

    private static TableDefinition withColumns(TableDefinition t, List<Column> columns) {
        return t.withStructure(columns, t.key(), t.indexes(), t.constraints(), t.statistics());
    }

    @Test
    void copyWritesOnlyWhatGoesUnconvertedIntoAColumnOfTheSameType() {
        assertThat(Backfill.sameTypes(T, T)).as("repack").isTrue();
        assertThat(Backfill.sameTypes(T, null)).isFalse();
        Column id = T.columns().get(0);
        Column note = T.columns().get(1);
        Column wider = new Column(2, "Note", "character varying(20)", false, null, null, null, null, null, null, null,
                null, null);
        assertThat(Backfill.sameTypes(T, withColumns(T, List.of(id, wider)))).as("a changed type").isFalse();
        assertThat(Backfill.sameTypes(withColumns(T, List.of(id, note.mapped(null, "upper(\"Note\")", false))), T))
                .as("a converted column").isFalse();
        assertThat(Backfill.sameTypes(withColumns(T, List.of(id, note.mapped("remark", null, false))),
                withColumns(T, List.of(id, new Column(2, "remark", "text", false, null, null, null, null, null, null,
                        null, null, null))))).as("renamed, same type").isTrue();
        assertThat(Backfill.sameTypes(withColumns(T, List.of(id, note.mapped(null, null, true))), withColumns(T,
                List.of(id)))).as("a dropped column is not copied").isTrue();
    }

    @Test
    void thePlanShowsTheStatementsOfTheMethod() {
        ArtifactNames n = new ArtifactNames(T.oid());
        List<String> copy = Backfill.statements(T, n, RewriteOptions.defaults().backfill());
        assertThat(copy.get(0)).startsWith("COPY (SELECT \"id\", \"Note\" FROM ONLY \"app\".\"Orders\" WHERE ctid >= "
                + "'(p,0)'::tid AND ctid < '(q,0)'::tid AND NOT EXISTS").endsWith(") TO STDOUT (FORMAT binary)");
        assertThat(copy.get(1)).isEqualTo("COPY " + n.qShadow() + " (\"id\", \"Note\") FROM STDIN (FORMAT binary)");
        List<String> insert = Backfill.statements(T, n, RewriteOptions.builder().copyMethod(CopyMethod.INSERT).build()
                .backfill());
        assertThat(insert.get(0)).startsWith("INSERT INTO " + n.qShadow()).contains("ctid >= ?::tid AND ctid < ?::tid");
        assertThat(Backfill.statements(T, n, RewriteOptions.builder().copyOrder(CopyOrder.KEY).build().backfill()).get(1))
                .startsWith("INSERT INTO " + n.qShadow()).doesNotContain("ctid");
    }
}
