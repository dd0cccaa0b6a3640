package io.recast.engine.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.recast.engine.api.Phase;
import io.recast.engine.api.RewriteListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Makes the writers' transactions happen where a test says they do: at the start of the backfill,
 * the index builds, the catch-up and the cut-over (before its swap), the run waits until the writers
 * committed {@code perPhase} more transactions, and after each of the first backfill batches until
 * they committed one more, so that writes fall between the copy's batches. It records the
 * transactions committed in each phase. A wait that times out is recorded as a failure (a listener
 * cannot fail the run: the engine ignores what it throws), and the test asserts none.
 */
public final class PhaseLoad implements RewriteListener {
    private static final Set<Phase> LOADED = Set.of(Phase.BACKFILL, Phase.INDEX, Phase.CATCH_UP, Phase.CUT_OVER);
    /** Backfill batches after which the run waits for a write. */
    private static final int BATCHES = 20;

    private final Writers writers;
    private final int perPhase;
    private final Duration timeout;
    private final Map<Phase, Long> started = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private int batches;

    public PhaseLoad(Writers writers, int perPhase, Duration timeout) {
        this.writers = writers;
        this.perPhase = perPhase;
        this.timeout = timeout;
    }

    @Override
    public void phaseStarted(String table, Phase phase) {
        started.putIfAbsent(phase, writers.transactions());
        if (LOADED.contains(phase)) {
            await(phase, perPhase);
        }
    }

    @Override
    public void batchCopied(String table, long rows, Duration took) {
        if (batches++ < BATCHES) {
            await(Phase.BACKFILL, 1);
        }
    }

    private void await(Phase phase, long more) {
        try {
            writers.awaitTransactions(writers.transactions() + more, timeout);
        } catch (AssertionError e) {
            failures.add(phase.label() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failures.add(phase.label() + ": interrupted");
        }
    }

    /**
     * Transactions the writers committed from the start of each phase to the start of the next (the
     * last phase's, to now). Phases the run did not enter are absent.
     */
    public Map<Phase, Long> committedByPhase() {
        Map<Phase, Long> out = new EnumMap<>(Phase.class);
        List<Map.Entry<Phase, Long>> order;
        synchronized (started) {
            order = new ArrayList<>(started.entrySet());
        }
        for (int i = 0; i < order.size(); i++) {
            long end = i + 1 < order.size() ? order.get(i + 1).getValue() : writers.transactions();
            out.put(order.get(i).getKey(), end - order.get(i).getValue());
        }
        return out;
    }

    /** The waits that timed out, each with its phase. */
    public List<String> failures() {
        return List.copyOf(failures);
    }

    /**
     * No wait timed out, and the writers committed at least {@code perPhase} transactions in each
     * phase the run was held in: the backfill, the index builds, the catch-up and the cut-over.
     */
    public void assertLoaded() {
        assertThat(failures()).isEmpty();
        Map<Phase, Long> committed = committedByPhase();
        for (Phase p : Phase.values()) {
            if (LOADED.contains(p)) {
                assertThat(committed.get(p)).as("commits during " + p.label() + " " + committed)
                        .isGreaterThanOrEqualTo((long) perPhase);
            }
        }
    }
}
