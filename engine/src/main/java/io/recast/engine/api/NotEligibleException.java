package io.recast.engine.api;

import java.util.List;

/** Refused before any change: each reason names the rule and the object. */
public class NotEligibleException extends RewriteException {
    private final List<String> reasons;

    public NotEligibleException(String table, List<String> reasons) {
        this("rewrite", table, reasons);
    }

    /** @param action what cannot be done, for the message: "rewrite", "clean up" */
    public NotEligibleException(String action, String table, List<String> reasons) {
        super(ErrorKind.NOT_ELIGIBLE, "cannot " + action + " " + table + ": " + String.join("; ", reasons));
        this.reasons = List.copyOf(reasons);
    }

    public List<String> reasons() {
        return reasons;
    }
}
