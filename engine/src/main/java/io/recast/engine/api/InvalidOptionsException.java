package io.recast.engine.api;

/** Bad input; nothing was touched. */
public class InvalidOptionsException extends RewriteException {
    public InvalidOptionsException(String message) {
        super(ErrorKind.INVALID_OPTIONS, message);
    }
}
