package io.recast.engine.api;

/**
 * {@code migrate} stopped at a statement that failed: the failure's own kind and message, and in
 * {@link #result()} what was applied before it, what was not run, and the state it left.
 */
public final class MigrationException extends RewriteException {
    private final transient MigrationResult result;

    public MigrationException(MigrationResult result) {
        super(result.failure().kind(), result.failure().getMessage(), result.failure());
        this.result = result;
    }

    public MigrationResult result() {
        return result;
    }
}
