package io.recast.engine.api;

/** The cut-over lock was not granted within the attempts allowed; the table is as it was. */
public class LockTimeoutException extends RewriteException {
    private final int attempts;

    public LockTimeoutException(String message, int attempts) {
        super(ErrorKind.LOCK_TIMEOUT, message);
        this.attempts = attempts;
    }

    public int attempts() {
        return attempts;
    }
}
