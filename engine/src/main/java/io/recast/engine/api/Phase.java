package io.recast.engine.api;

/** The steps of a rewrite, in the order a run takes them. */
public enum Phase {
    INSPECT("inspect"),
    PREPARE("prepare"),
    BACKFILL("backfill"),
    INDEX("index"),
    CATCH_UP("catch-up"),
    /** Only with {@code verify}: the shadow compared with the table before the swap. */
    VERIFY("verify"),
    CUT_OVER("cut-over"),
    CLEANUP("cleanup"),
    DONE("done");

    private final String label;

    Phase(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
