package io.recast.cli;

import io.recast.engine.api.ErrorKind;
import io.recast.engine.api.RewriteException;
import picocli.CommandLine.IExitCodeExceptionMapper;
import picocli.CommandLine.ParameterException;

/** The process exit codes, one per {@link ErrorKind}; listed in {@code recast --help}. */
public final class ExitCodes implements IExitCodeExceptionMapper {
    public static final int OK = 0;
    public static final int UNEXPECTED = 1;
    public static final int USAGE = 2;
    public static final int NOT_ELIGIBLE = 3;
    public static final int CONCURRENT_RUN = 4;
    public static final int LOCK_TIMEOUT = 5;
    public static final int ABORTED = 6;
    public static final int DATABASE = 7;
    public static final int VERIFY_FAILED = 8;

    /** The exit code of a failure of the given kind. */
    public static int of(ErrorKind kind) {
        return switch (kind) {
            case INVALID_OPTIONS -> USAGE;
            case NOT_ELIGIBLE -> NOT_ELIGIBLE;
            case CONCURRENT_RUN -> CONCURRENT_RUN;
            case LOCK_TIMEOUT -> LOCK_TIMEOUT;
            case ABORTED -> ABORTED;
            case DATABASE -> DATABASE;
            case VERIFY_FAILED -> VERIFY_FAILED;
        };
    }

    @Override
    public int getExitCode(Throwable t) {
        if (t instanceof RewriteException r) {
            return of(r.kind());
        }
        if (t instanceof ParameterException) {
            return USAGE;
        }
        return UNEXPECTED;
    }
}
