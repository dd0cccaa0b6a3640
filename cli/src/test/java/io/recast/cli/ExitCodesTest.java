package io.recast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.recast.engine.api.AbortedException;
import io.recast.engine.api.ConcurrentRunException;
import io.recast.engine.api.DatabaseException;
import io.recast.engine.api.ErrorKind;
import io.recast.engine.api.InvalidOptionsException;
import io.recast.engine.api.LockTimeoutException;
import io.recast.engine.api.NotEligibleException;
import io.recast.engine.api.RewriteException;
import io.recast.engine.api.VerificationException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;
import picocli.CommandLine;

class ExitCodesTest {
    private static final Map<ErrorKind, Integer> EXPECTED = Map.of(
            ErrorKind.INVALID_OPTIONS, 2, ErrorKind.NOT_ELIGIBLE, 3, ErrorKind.CONCURRENT_RUN, 4,
            ErrorKind.LOCK_TIMEOUT, 5, ErrorKind.ABORTED, 6, ErrorKind.DATABASE, 7, ErrorKind.VERIFY_FAILED, 8);

    @Test
    void eachKindHasItsCode() {
        for (ErrorKind k : ErrorKind.values()) {
            assertThat(ExitCodes.of(k)).as(k.name()).isEqualTo(EXPECTED.get(k));
            assertThat(new ExitCodes().getExitCode(new RewriteException(k, "x"))).isEqualTo(EXPECTED.get(k));
        }
    }

    @Test
    void theSubclassesMapThroughTheirKind() {
        ExitCodes m = new ExitCodes();
        assertThat(m.getExitCode(new InvalidOptionsException("x"))).isEqualTo(2);
        assertThat(m.getExitCode(new NotEligibleException("t", List.of("no")))).isEqualTo(3);
        assertThat(m.getExitCode(new ConcurrentRunException("x"))).isEqualTo(4);
        assertThat(m.getExitCode(new LockTimeoutException("x", 3))).isEqualTo(5);
        assertThat(m.getExitCode(new AbortedException("x"))).isEqualTo(6);
        assertThat(m.getExitCode(new DatabaseException("x", new SQLException("boom", "42P01")))).isEqualTo(7);
        assertThat(m.getExitCode(new VerificationException("x", List.of("id=1: differs")))).isEqualTo(8);
        assertThat(m.getExitCode(new IllegalStateException("bug"))).isEqualTo(1);
    }

    @Command(name = "boom")
    static final class Boom implements Callable<Integer> {
        private final RuntimeException toThrow;

        Boom(RuntimeException toThrow) {
            this.toThrow = toThrow;
        }

        @Override
        public Integer call() {
            throw toThrow;
        }
    }

    private static String[] run(RuntimeException e) {
        StringWriter err = new StringWriter();
        CommandLine cmd = Main.configure(new CommandLine(new Boom(e)));
        cmd.setErr(new PrintWriter(err));
        int code = cmd.execute();
        return new String[] {String.valueOf(code), err.toString()};
    }

    @Test
    void theHandlerPrintsOneLineWithTheSqlStateAndNoStackTrace() {
        String[] r = run(new DatabaseException("copy of \"public\".\"t\" failed",
                new SQLException("ERROR: relation is gone", "42P01")));
        assertThat(r[0]).isEqualTo("7");
        assertThat(r[1]).isEqualTo("recast: error: copy of \"public\".\"t\" failed: ERROR: relation is gone "
                + "[SQLSTATE 42P01]" + System.lineSeparator());
    }

    @Test
    void everyKindExitsWithItsCodeThroughTheHandler() {
        for (ErrorKind k : ErrorKind.values()) {
            String[] r = run(new RewriteException(k, "the message of " + k));
            assertThat(r[0]).isEqualTo(String.valueOf(EXPECTED.get(k)));
            assertThat(r[1]).startsWith("recast: error: the message of " + k).doesNotContain("\tat ");
        }
    }

    @Test
    void anUnexpectedFailureExitsOneAndSuggestsVerbose() {
        String[] r = run(new IllegalStateException("a bug"));
        assertThat(r[0]).isEqualTo("1");
        assertThat(r[1]).contains("recast: error: unexpected java.lang.IllegalStateException: a bug")
                .contains("-v").doesNotContain("\tat ");
    }
}
