package io.recast.engine.internal.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.recast.engine.internal.catalog.KeyColumns;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class EligibilityTest {
    private static final KeyColumns KEY = new KeyColumns("pk", true, List.of("id"), List.of("bigint"),
            Arrays.asList((String) null));

    @Test
    void anOrdinaryTableWithAKeyIsEligible() {
        assertThat(Eligibility.reasons(Tables.orders())).isEmpty();
    }

    @Test
    void eachRuleNamesTheTableAndTheFix() {
        assertThat(Eligibility.reasons(Tables.orders('r', 'p', false, null, true, List.of(), List.of())))
                .singleElement().asString().contains("\"app\".\"Orders\"").contains("has no primary key")
                .contains("add one and run again");
        assertThat(Eligibility.reasons(Tables.orders('r', 't', false, KEY, true, List.of(), List.of())))
                .singleElement().asString().contains("temporary table");
        assertThat(Eligibility.reasons(Tables.orders('p', 'p', false, KEY, true, List.of(), List.of())))
                .singleElement().asString().contains("partitioned table");
        assertThat(Eligibility.reasons(Tables.orders('r', 'p', true, KEY, true, List.of(), List.of())))
                .as("a partition is repacked: detached and attached in the swap").isEmpty();
        assertThat(Eligibility.reasons(Tables.orders('m', 'p', false, KEY, true, List.of(), List.of())))
                .singleElement().asString().contains("materialized view");
        assertThat(Eligibility.reasons(Tables.orders('r', 'p', false, KEY, false, List.of(), List.of())))
                .singleElement().asString().contains("owned by role owner");
        assertThat(Eligibility.reasons(Tables.orders('r', 'p', false, KEY, true, List.of("view app.v"), List.of())))
                .singleElement().asString().contains("view app.v depends on \"app\".\"Orders\"");
        assertThat(Eligibility.reasons(Tables.orders('r', 'p', false, KEY, true, List.of(),
                List.of("CREATE on database d: GRANT CREATE ON DATABASE d TO u"))))
                .singleElement().asString().startsWith("missing privilege: CREATE on database");
    }

    @Test
    void severalReasonsAreAllReported() {
        assertThat(Eligibility.reasons(Tables.orders('r', 'p', false, null, false, List.of("view v"), List.of())))
                .hasSize(3);
    }
}
