package io.recast.engine.internal.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlTest {
    @Test
    void identAlwaysQuotesAndDoublesQuotes() {
        assertThat(Sql.ident("orders")).isEqualTo("\"orders\"");
        assertThat(Sql.ident("Mixed Case \"Quoted\" Table")).isEqualTo("\"Mixed Case \"\"Quoted\"\" Table\"");
        assertThat(Sql.ident("select")).isEqualTo("\"select\"");
        assertThat(Sql.ident("with space")).isEqualTo("\"with space\"");
        assertThat(Sql.ident("zählung_日本")).isEqualTo("\"zählung_日本\"");
        assertThat(Sql.ident("\"")).isEqualTo("\"\"\"\"");
    }

    @Test
    void identRefusesNulAndEmpty() {
        assertThatThrownBy(() -> Sql.ident("a\0b")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NUL");
        assertThatThrownBy(() -> Sql.ident("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Sql.ident(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void qualifiedAndLists() {
        assertThat(Sql.qualified("my schema", "t\"1")).isEqualTo("\"my schema\".\"t\"\"1\"");
        assertThat(Sql.idents(List.of("a", "B"))).isEqualTo("\"a\", \"B\"");
    }

    @Test
    void literalDoublesSingleQuotes() {
        assertThat(Sql.literal("it's")).isEqualTo("'it''s'");
        assertThat(Sql.literal("back\\slash")).isEqualTo("'back\\slash'");
        assertThat(Sql.literal(null)).isEqualTo("NULL");
        assertThatThrownBy(() -> Sql.literal("\0")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sixtyThreeBytesFitSixtyFourDoNot() {
        assertThat(Sql.fits("a".repeat(63))).isTrue();
        assertThat(Sql.fits("a".repeat(64))).isFalse();
        assertThat(Sql.fits("ä".repeat(31) + "a")).isTrue();   // 63 bytes
        assertThat(Sql.fits("ä".repeat(32))).isFalse();        // 64 bytes
    }
}
