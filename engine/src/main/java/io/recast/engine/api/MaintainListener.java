package io.recast.engine.api;

/** Told as {@code maintain} goes; default methods do nothing. Called on the maintain run's thread. */
public interface MaintainListener {
    MaintainListener NONE = new MaintainListener() {
    };

    /** The item is about to run: the {@code index}-th of {@code count}. */
    default void started(MaintainItem item, int index, int count) {
    }

    /** The item ended (done, failed, stopped) or was skipped. */
    default void ended(MaintainItem item) {
    }
}
