package io.recast.engine.internal.ddl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recast.engine.api.InvalidOptionsException;
import io.recast.engine.api.LockHold;
import io.recast.engine.api.LockLevel;
import io.recast.engine.api.ScriptStatement;
import io.recast.engine.api.Strategy;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqlScriptTest {
    @Test
    void splitsAtSemicolonsAndKeepsTheLineEachStatementStartsOn() {
        List<ScriptStatement> s = SqlScript.split("""
                -- a comment; with a semicolon
                ALTER TABLE t ADD COLUMN a int;

                /* block; comment */ CREATE INDEX ON t (a);
                COMMENT ON COLUMN t.a IS 'it''s; here'
                """);
        assertThat(s).extracting(ScriptStatement::sql).containsExactly("ALTER TABLE t ADD COLUMN a int",
                "CREATE INDEX ON t (a)", "COMMENT ON COLUMN t.a IS 'it''s; here'");
        assertThat(s).extracting(ScriptStatement::line).containsExactly(2, 4, 5);
        assertThat(s).extracting(ScriptStatement::number).containsExactly(1, 2, 3);
        assertThat(s.get(2).label()).isEqualTo("statement 3 (line 5)");
    }

    @Test
    void dollarQuotesEscapeStringsAndQuotedIdentifiersHideSemicolons() {
        List<ScriptStatement> s = SqlScript.split("""
                CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $body$ SELECT 1; $x$ not the end $x$ $body$;
                DO $$ BEGIN PERFORM 1; END $$;
                SELECT E'a\\';b', "semi;colon" FROM t;
                SELECT $1;
                """);
        assertThat(s).extracting(ScriptStatement::sql).containsExactly(
                "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $body$ SELECT 1; $x$ not the end $x$ $body$",
                "DO $$ BEGIN PERFORM 1; END $$",
                "SELECT E'a\\';b', \"semi;colon\" FROM t",
                "SELECT $1");
    }

    @Test
    void nestedBlockCommentsAndEmptyStatementsAreSkipped() {
        List<ScriptStatement> s = SqlScript.split("/* outer /* inner; */ still; comment */ ;; SELECT 1 -- tail;\n;\n-- only a comment");
        assertThat(s).extracting(ScriptStatement::sql).containsExactly("SELECT 1");
        assertThat(SqlScript.split("  \n -- nothing\n")).isEmpty();
    }

    @Test
    void aStatementWithoutTheLastSemicolonCountsAndCommentsInsideAreKept() {
        List<ScriptStatement> s = SqlScript.split("ALTER TABLE t /* why */ ADD COLUMN b int -- note\n");
        assertThat(s).extracting(ScriptStatement::sql).containsExactly("ALTER TABLE t /* why */ ADD COLUMN b int");
    }

    @Test
    void unterminatedQuotesAndCommentsNameTheirLine() {
        assertThatThrownBy(() -> SqlScript.split("SELECT 1;\nSELECT 'open;\n"))
                .isInstanceOf(InvalidOptionsException.class).hasMessage("unterminated string starting on line 2");
        assertThatThrownBy(() -> SqlScript.split("\n\nSELECT \"x;"))
                .isInstanceOf(InvalidOptionsException.class).hasMessage("unterminated quoted identifier starting on line 3");
        assertThatThrownBy(() -> SqlScript.split("SELECT 1 /* never closed"))
                .isInstanceOf(InvalidOptionsException.class).hasMessageContaining("comment starting on line 1");
        assertThatThrownBy(() -> SqlScript.split("DO $f$ BEGIN END $g$;"))
                .isInstanceOf(InvalidOptionsException.class).hasMessageContaining("dollar-quoted string $f$");
    }

    @Test
    void parserSplitsSubCommandsAtTopLevelCommasAndFindsTheTable() {
        ParsedStatement p = StatementParser.parse(
                "ALTER TABLE IF EXISTS ONLY public.\"My T\" ADD COLUMN a numeric(10, 2) DEFAULT 0, "
                        + "ADD CONSTRAINT c CHECK (a IN (1, 2)) NOT VALID, ALTER COLUMN \"B\" SET NOT NULL, "
                        + "ADD FOREIGN KEY (x, \"Y\") REFERENCES o (id), SET TABLESPACE pg_default");
        assertThat(p.type()).isEqualTo(ParsedStatement.Type.ALTER_TABLE);
        assertThat(p.name()).isEqualTo("public.\"My T\"");
        assertThat(p.subCommands()).extracting(SubCommand::kind).containsExactly(SubCommand.Kind.ADD_COLUMN,
                SubCommand.Kind.ADD_CHECK, SubCommand.Kind.SET_NOT_NULL, SubCommand.Kind.ADD_FOREIGN_KEY,
                SubCommand.Kind.SET_TABLESPACE);
        assertThat(p.subCommands().get(0).text()).isEqualTo("ADD COLUMN a numeric(10, 2) DEFAULT 0");
        assertThat(p.subCommands().get(1).constraintName()).isEqualTo("c");
        assertThat(p.subCommands().get(1).notValid()).isTrue();
        assertThat(p.subCommands().get(1).constraintBody()).isEqualTo("CHECK (a IN (1, 2)) NOT VALID");
        assertThat(p.subCommands().get(2).column()).isEqualTo("\"B\"");
        assertThat(p.subCommands().get(3).keyColumns()).containsExactly("x", "Y");
        assertThat(p.subCommands().get(4).tablespace()).isEqualTo("pg_default");
    }

    @Test
    void parserFindsWhereConcurrentlyGoes() {
        String create = "CREATE UNIQUE INDEX i ON t (a)";
        ParsedStatement p = StatementParser.parse(create);
        assertThat(Steps.concurrently(create, p.concurrentlyOffset())).isEqualTo("CREATE UNIQUE INDEX CONCURRENTLY i ON t (a)");
        String reindex = "REINDEX (VERBOSE) TABLE s.t";
        ParsedStatement r = StatementParser.parse(reindex);
        assertThat(r.type()).isEqualTo(ParsedStatement.Type.REINDEX_TABLE);
        assertThat(Steps.concurrently(reindex, r.concurrentlyOffset())).isEqualTo("REINDEX (VERBOSE) TABLE CONCURRENTLY s.t");
        assertThat(StatementParser.parse("CREATE INDEX CONCURRENTLY ON t (a)").concurrentlyOffset()).isEqualTo(-1);
        assertThat(StatementParser.parse("REINDEX DATABASE d").type()).isEqualTo(ParsedStatement.Type.REFUSED);
        assertThat(StatementParser.parse("BEGIN").refusal()).startsWith("transaction control");
        assertThat(StatementParser.parse("VACUUM (FULL, VERBOSE) t").type()).isEqualTo(ParsedStatement.Type.FULL_REWRITE);
        assertThat(StatementParser.parse("CREATE TABLE x (a int)").type()).isEqualTo(ParsedStatement.Type.OTHER);
        assertThat(StatementParser.parse("COMMENT ON COLUMN s.t.c IS 'x'").name()).isEqualTo("s.t");
    }

    @Test
    void rewritesByDefinitionAndThePlanRules() {
        SubCommand logged = StatementParser.parse("ALTER TABLE t SET LOGGED").subCommands().get(0);
        SubCommand tablespace = StatementParser.parse("ALTER TABLE t SET TABLESPACE fast").subCommands().get(0);
        assertThat(ManualLocks.hold(logged)).isEqualTo(LockHold.REWRITE);
        assertThat(ManualLocks.hold(tablespace)).isEqualTo(LockHold.REWRITE);
        assertThat(AlterStatementPlanner.decide(tablespace, LockHold.REWRITE, true, null).strategy()).isEqualTo(Strategy.REWRITE);
        SubCommand pk = StatementParser.parse("ALTER TABLE t ADD PRIMARY KEY (a)").subCommands().get(0);
        assertThat(AlterStatementPlanner.decide(pk, LockHold.INDEX_BUILD, true, null).strategy()).isEqualTo(Strategy.REFUSED);
        SubCommand stats = StatementParser.parse("ALTER TABLE t ALTER COLUMN a SET STATISTICS 100").subCommands().get(0);
        assertThat(ManualLocks.lock(stats)).isEqualTo(LockLevel.SHARE_UPDATE_EXCLUSIVE);
    }

    @Test
    void namesFollowPostgresMakeObjectName() {
        assertThat(Names.objectName("orders", "customer_id", "fkey")).isEqualTo("orders_customer_id_fkey");
        String longName = Names.objectName("a".repeat(40), "b".repeat(40), "fkey");
        assertThat(longName).hasSize(63).startsWith("a".repeat(29) + "_" + "b".repeat(28)).endsWith("_fkey");
        assertThat(Names.clip("zählung", 2)).isEqualTo("z");
    }
}
