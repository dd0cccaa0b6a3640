package io.recast.engine.api;

/** Another run (or a cleanup) holds the job lock on the same table. */
public class ConcurrentRunException extends RewriteException {
    public ConcurrentRunException(String message) {
        super(ErrorKind.CONCURRENT_RUN, message);
    }
}
