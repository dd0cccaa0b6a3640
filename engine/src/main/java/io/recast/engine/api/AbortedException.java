package io.recast.engine.api;

/** The run was cancelled or interrupted; its artifacts were removed and the table is as it was. */
public class AbortedException extends RewriteException {
    public AbortedException(String message) {
        super(ErrorKind.ABORTED, message);
    }
}
