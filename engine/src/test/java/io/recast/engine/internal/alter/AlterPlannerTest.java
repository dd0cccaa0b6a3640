package io.recast.engine.internal.alter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recast.engine.api.Alteration;
import io.recast.engine.api.InvalidOptionsException;
import io.recast.engine.internal.plan.Tables;
import io.recast.engine.internal.runtime.ArtifactNames;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlterPlannerTest {

    @Test
    void onlyConversionsThatCannotFailSkipTheCheck() {
        assertThat(AlterPlanner.widening("integer", "bigint")).isTrue();
        assertThat(AlterPlanner.widening("smallint", "numeric")).isTrue();
        assertThat(AlterPlanner.widening("character varying(20)", "character varying(200)")).isTrue();
        assertThat(AlterPlanner.widening("character varying(20)", "text")).isTrue();
        assertThat(AlterPlanner.widening("bigint", "integer")).isFalse();
        assertThat(AlterPlanner.widening("character varying(200)", "character varying(20)")).isFalse();
        assertThat(AlterPlanner.widening("text", "character varying(20)")).isFalse();
        assertThat(AlterPlanner.widening("text", "integer")).isFalse();
        assertThat(AlterPlanner.widening("numeric", "bigint")).isFalse();
    }

    @Test
    void aUsingExpressionAttachesToItsColumnsTypeChange() {
        ArtifactNames n = new ArtifactNames(16384);
        Alteration a = new Alteration(List.of("ALTER COLUMN note TYPE varchar(200)", "alter \"Note\" set data type int",
                "ALTER COLUMN id TYPE bigint USING id + 0", "DROP COLUMN x"),
                Map.of("note", "left(note, 200)", "Note", "length(\"Note\")", "id", "id * 2"), false, null);
        assertThat(AlterPlanner.shadowChanges(Tables.orders(), n, a)).containsExactly(
                "ALTER TABLE \"recast\".\"shadow_16384\" ALTER COLUMN note TYPE varchar(200) USING (left(note, 200))",
                "ALTER TABLE \"recast\".\"shadow_16384\" alter \"Note\" set data type int USING (length(\"Note\"))",
                "ALTER TABLE \"recast\".\"shadow_16384\" ALTER COLUMN id TYPE bigint USING id + 0",
                "ALTER TABLE \"recast\".\"shadow_16384\" DROP COLUMN x");
    }

    @Test
    void aChangesOwnUsingClauseIsItsColumnsConversion() {
        Alteration a = new Alteration(List.of("ALTER COLUMN code TYPE integer USING code::integer",
                "ALTER \"Mixed\" TYPE bigint", "ALTER COLUMN n TYPE int using n + 1"), Map.of("Mixed", "\"Mixed\" * 2"),
                false, null);
        assertThat(AlterPlanner.using(a)).containsExactly(Map.entry("code", "code::integer"), Map.entry("n", "n + 1"),
                Map.entry("Mixed", "\"Mixed\" * 2"));
    }

    @Test
    void changesAreValidatedAsOptions() {
        assertThatThrownBy(() -> new Alteration(List.of(), Map.of(), false, null))
                .isInstanceOf(InvalidOptionsException.class).hasMessageContaining("at least one --change");
        assertThatThrownBy(() -> new Alteration(List.of("DROP COLUMN a; DROP TABLE b"), Map.of(), false, null))
                .hasMessageContaining("without ';'");
        assertThatThrownBy(() -> new Alteration(List.of("DROP COLUMN a"), Map.of(), false, 0.0))
                .hasMessageContaining("--check-sample");
    }
}
