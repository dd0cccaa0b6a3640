package io.recast.cli;

import io.recast.engine.api.BlockerPolicy;
import io.recast.engine.api.RewriteOptions;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How the cut-over keeps out of the application's way: the lock queue, blockers, old snapshots. */
public final class CutOverOptions {
    /** When the swap may happen. */
    enum Mode { auto, manual }

    @Option(names = "--cut-over", paramLabel = "MODE", defaultValue = "auto",
            description = "auto: swap as soon as the new table has caught up; manual: keep it in sync until "
                    + "'recast cut-over --table T' (from any machine) asks for the swap (default: ${DEFAULT-VALUE}).")
    Mode mode;

    @Option(names = "--cut-over-window", paramLabel = "HH:MM-HH:MM",
            description = "Swap only inside this daily window, in this machine's local time (e.g. 02:00-04:00; it "
                    + "may wrap past midnight); outside it the new table is kept in sync.")
    String window;

    @Option(names = "--max-queued", paramLabel = "N",
            description = "While the cut-over waits for its lock, more than N sessions queued behind the request "
                    + "make it withdraw the request and retry later (default: ${DEFAULT-VALUE}).")
    int maxQueued;

    @Option(names = "--max-queue-wait", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "... or one of them waiting longer than this (default: ${DEFAULT-VALUE}).")
    Duration maxQueueWait;

    @Option(names = "--on-blocker", paramLabel = "POLICY",
            description = "Sessions whose transactions (older than --lock-timeout) hold a lock on the table would make "
                    + "the cut-over queue: 'wait' for them (named in the output), or after --blocker-grace 'cancel' "
                    + "their statement or 'terminate' their session; only such sessions are touched "
                    + "(default: ${DEFAULT-VALUE}).")
    BlockerPolicy onBlocker;

    @Option(names = "--blocker-grace", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long a blocker is waited for before --on-blocker cancel|terminate acts "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration blockerGrace;

    @Option(names = "--kill-autovacuum",
            description = "Let --on-blocker cancel|terminate act on an anti-wraparound autovacuum too (a regular "
                    + "autovacuum yields by itself and is never a blocker).")
    boolean killAutovacuum;

    @Option(names = "--old-snapshot-wait", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Before the swap, wait at most this long for transactions whose snapshots are older than "
                    + "the copy (a REPEATABLE READ one would read the new table without the later rows); they are "
                    + "named, and the swap goes on after the wait (default: ${DEFAULT-VALUE}).")
    Duration oldSnapshotWait;

    void applyTo(RewriteOptions.Builder b) {
        b.manualCutOver(mode == Mode.manual)
                .cutOverWindow(window == null ? null : io.recast.engine.api.CutOverWindow.parse(window));
        b.queueLimits(maxQueued, maxQueueWait).onBlocker(onBlocker, blockerGrace).killAutovacuum(killAutovacuum)
                .oldSnapshotWait(oldSnapshotWait);
    }
}
