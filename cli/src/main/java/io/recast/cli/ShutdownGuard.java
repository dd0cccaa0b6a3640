package io.recast.cli;

import io.recast.engine.Recast;
import io.recast.engine.api.AbortedException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Turns SIGINT and SIGTERM into a clean abort. While a repack runs (on the main thread), a
 * shutdown hook cancels it and waits, up to {@link #WAIT_SECONDS}, for the command to finish: the
 * engine removes what it created and throws AbortedException, the error handler prints it, and
 * {@link Main#main} reports the exit code through {@link #exiting}. The hook then halts the JVM
 * with that code (6), because a JVM that is shutting down on a signal otherwise exits with 128+n,
 * and System.exit would block while hooks run.
 */
final class ShutdownGuard implements AutoCloseable {
    static final String REASON = "SIGINT or SIGTERM received";
    static final long WAIT_SECONDS = 60;
    private static final CompletableFuture<Integer> EXIT_CODE = new CompletableFuture<>();

    private final Thread hook;

    private ShutdownGuard(Thread hook) {
        this.hook = hook;
    }

    /** Installs the hook for the run of {@code rewriter}; close it when the run ends. */
    static ShutdownGuard install(Recast rewriter, ProgressPrinter progress) {
        Thread hook = new Thread(() -> onSignal(rewriter, progress), "recast-shutdown");
        try {
            Runtime.getRuntime().addShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            throw new AbortedException("aborted (" + REASON + ") before the run started; nothing was changed");
        }
        return new ShutdownGuard(hook);
    }

    /** Main calls this with the exit code just before System.exit. */
    static void exiting(int code) {
        EXIT_CODE.complete(code);
    }

    private static void onSignal(Recast rewriter, ProgressPrinter progress) {
        progress.note("recast: " + REASON + "; stopping and removing what this run created (up to "
                + WAIT_SECONDS + " s)");
        rewriter.cancel(REASON);
        int code;
        try {
            code = EXIT_CODE.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            progress.note("recast: error: the run did not stop within " + WAIT_SECONDS + " s; some of what "
                    + "it created may be left: run recast cleanup --table with the same table");
            code = ExitCodes.ABORTED;
        } catch (InterruptedException | ExecutionException e) {
            code = ExitCodes.ABORTED;
        }
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(code);
    }

    /** Removes the hook: the run is over. During shutdown the hook is already running; keep it. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running and waits for the exit code
        }
    }
}
