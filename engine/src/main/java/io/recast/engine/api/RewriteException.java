package io.recast.engine.api;

/** The root of every failure the engine reports. Unchecked; {@link #kind()} decides the exit code. */
public class RewriteException extends RuntimeException {
    private final ErrorKind kind;
    private volatile String note;

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

    /**
     * Appends a sentence learned after the failure, such as what the cleanup that followed it
     * could and could not remove.
     */
    public void addNote(String sentence) {
        note = note == null ? sentence : note + " " + sentence;
    }

    @Override
    public String getMessage() {
        return note == null ? super.getMessage() : super.getMessage() + " " + note;
    }
}
