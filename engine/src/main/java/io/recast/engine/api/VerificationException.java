package io.recast.engine.api;

import java.util.List;

/**
 * {@code verify} found rows of the shadow that differ from the table's (or could not finish the
 * comparison). Thrown before the swap: the table is untouched and the run removes its artifacts.
 */
public class VerificationException extends RewriteException {
    private final List<String> differences;

    /**
     * @param differences the first differing keys, each as {@code key=value: what} (empty when the
     *                    comparison could not finish)
     */
    public VerificationException(String message, List<String> differences) {
        super(ErrorKind.VERIFY_FAILED, message);
        this.differences = List.copyOf(differences);
    }

    /** The first differing keys found, in the form {@code id=42: only in source}. */
    public List<String> differences() {
        return differences;
    }
}
