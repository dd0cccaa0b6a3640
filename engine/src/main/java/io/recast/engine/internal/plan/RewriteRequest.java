package io.recast.engine.internal.plan;

import io.recast.engine.api.Alteration;
import io.recast.engine.api.InvalidOptionsException;
import io.recast.engine.api.RewriteOptions;
import java.util.Objects;

/**
 * What a run rewrites and how: the table as the user named it, the changes of {@code recast alter}
 * (null for repack) and the options. Kept in the job row, so that `recast resume` goes on with it.
 */
public record RewriteRequest(String table, Alteration alteration, RewriteOptions options) {
    public RewriteRequest {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(options, "options");
        if (table.isBlank()) {
            throw new InvalidOptionsException("table must not be empty");
        }
    }

    /** The same request for another table (a partition of the one given). */
    public RewriteRequest forTable(String other) {
        return new RewriteRequest(other, alteration, options);
    }
}
