package io.recast.engine.internal.backfill;

import java.time.Duration;

/**
 * Adapts the backfill's batch size to a target batch duration: after each batch the next size is
 * the rate just measured times the target, moved at most by half or double in one step (one slow
 * batch must not collapse the size, one fast one must not explode it), and kept between the floor
 * and the ceiling (the first size is used as given). A zero target keeps the size fixed.
 */
public final class BatchSizer {
    private final Duration target;
    private int floor;
    private int ceiling;
    private int size;

    public BatchSizer(int initial, Duration target, int floor, int ceiling) {
        this.target = target;
        this.floor = floor;
        this.ceiling = ceiling;
        this.size = initial; // as given; only the adapted sizes keep to the floor and ceiling
    }

    /**
     * Moves the sizes to another unit, {@code factor} of them per unit given (the physical copy's
     * blocks per row): each at least 1.
     */
    public void rescale(double factor) {
        size = (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.round(size * factor)));
        floor = (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.round(floor * factor)));
        ceiling = (int) Math.max(floor, Math.min(Integer.MAX_VALUE, Math.round(ceiling * factor)));
    }

    /** The size of the next batch. */
    public int size() {
        return size;
    }

    /** Records a batch of {@code rows} that took {@code took} and returns the next batch's size. */
    public int next(long rows, Duration took) {
        if (target.isZero() || rows < size) {
            return size; // fixed, or a short last batch that says nothing about the rate
        }
        long nanos = Math.max(1, took.toNanos());
        double ideal = (double) rows * target.toNanos() / nanos;
        double bounded = Math.max(size / 2.0, Math.min(size * 2.0, ideal));
        size = (int) Math.max(floor, Math.min(ceiling, Math.round(bounded)));
        return size;
    }
}
