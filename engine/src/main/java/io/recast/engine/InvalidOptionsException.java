package io.recast.engine;

/** Bad input; nothing was touched. */
public class InvalidOptionsException extends RewriteException {
    public InvalidOptionsException(String message) {
        super(ErrorKind.INVALID_OPTIONS, message);
    }
}
