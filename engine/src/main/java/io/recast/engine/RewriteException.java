package io.recast.engine;

/** The root of every failure the engine reports. Unchecked; {@link #kind()} decides the exit code. */
public class RewriteException extends RuntimeException {
    private final ErrorKind kind;

    public RewriteException(ErrorKind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public RewriteException(ErrorKind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public ErrorKind kind() {
        return kind;
    }
}
