package io.recast.cli;

import io.recast.engine.api.Phase;
import io.recast.engine.api.ProgressSnapshot;
import io.recast.engine.api.RewriteListener;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * The status display on stderr. On a terminal one line is rewritten in place ({@code \r}, then
 * clear to the end of the line); otherwise (a log file, a pipe) plain lines are printed at most
 * every {@link #PLAIN_EVERY}, plus one at every phase change. Warnings get a line of their own.
 * Called on the job's thread; synchronized because the shutdown hook may print too.
 */
public final class ProgressPrinter implements RewriteListener {
    static final Duration PLAIN_EVERY = Duration.ofSeconds(5);
    private static final String CLEAR_TO_END = "\u001b[K";

    private final PrintWriter err;
    private final boolean inPlace;
    private final Clock clock;
    private Phase printedPhase;
    private Instant printedAt;
    private String shown;

    /**
     * @param inPlace whether stderr is a terminal whose line can be rewritten
     */
    public ProgressPrinter(PrintWriter err, boolean inPlace, Clock clock) {
        this.err = err;
        this.inPlace = inPlace;
        this.clock = clock;
    }

    @Override
    public synchronized void phaseStarted(String table, Phase phase) {
        // the engine follows each phase change with a snapshot of the new phase; make sure it prints
        printedAt = null;
    }

    @Override
    public synchronized void progress(ProgressSnapshot s) {
        if (s.phase() == Phase.DONE) {
            return; // the summary follows
        }
        String line = format(s);
        if (inPlace) {
            shown = line;
            err.print("\r" + line + CLEAR_TO_END);
            err.flush();
            return;
        }
        Instant now = clock.instant();
        if (s.phase() != printedPhase || printedAt == null
                || Duration.between(printedAt, now).compareTo(PLAIN_EVERY) >= 0) {
            printedPhase = s.phase();
            printedAt = now;
            err.println("recast: " + line);
            err.flush();
        }
    }

    @Override
    public synchronized void warning(String table, String message) {
        clearLine();
        err.println("recast: warning: " + message);
        if (inPlace && shown != null) {
            err.print(shown + CLEAR_TO_END);
        }
        err.flush();
    }

    /** Prints a line of its own, keeping the status line below it. */
    public synchronized void note(String message) {
        clearLine();
        err.println(message);
        if (inPlace && shown != null) {
            err.print(shown + CLEAR_TO_END);
        }
        err.flush();
    }

    /** Clears the status line at the end of the run, so the summary or the error starts clean. */
    public synchronized void finish() {
        clearLine();
        shown = null;
        err.flush();
    }

    private void clearLine() {
        if (inPlace && shown != null) {
            err.print("\r" + CLEAR_TO_END);
        }
    }

    /**
     * backfill 12000/20000 rows (60.0%), 4210 rows/s, replayed 0, backlog 3, throttled: ..., ETA 2s.
     * The rate is the backfill's, so it shows only while the backfill runs.
     */
    static String format(ProgressSnapshot s) {
        StringBuilder b = new StringBuilder();
        b.append(s.phase().label()).append(' ').append(s.rowsCopied());
        if (s.rowsEstimate() > 0) {
            b.append('/').append(s.rowsEstimate()).append(" rows (")
                    .append(String.format(Locale.ROOT, "%.1f%%", s.percent())).append(')');
        } else {
            b.append(" rows");
        }
        if (s.phase() == Phase.BACKFILL) {
            b.append(", ").append(String.format(Locale.ROOT, "%.0f", s.rowsPerSecond())).append(" rows/s");
        }
        if (s.phase() == Phase.VERIFY) {
            b.append(", verified ").append(s.rowsVerified());
        }
        b.append(", replayed ").append(s.rowsReplayed()).append(", backlog ").append(s.backlog());
        if (s.throttle() != null) {
            b.append(", throttled: ").append(s.throttle());
        }
        if (s.eta() != null) {
            b.append(", ETA ").append(eta(s.eta()));
        }
        return b.toString();
    }

    private static String eta(Duration d) {
        long seconds = (d.toMillis() + 999) / 1000;
        return seconds < 60 ? seconds + "s" : TextRenderer.duration(Duration.ofSeconds(seconds));
    }
}
