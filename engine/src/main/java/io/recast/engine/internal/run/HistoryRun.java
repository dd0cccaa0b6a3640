package io.recast.engine.internal.run;

import io.recast.engine.api.DatabaseException;
import io.recast.engine.api.HistoryEntry;
import io.recast.engine.internal.runtime.Glob;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** recast history: what recast did in the database, newest first. Reads only. */
public final class HistoryRun {
    private final RunContext ctx;

    public HistoryRun(RunContext ctx) {
        this.ctx = ctx;
    }

    public List<HistoryEntry> list(String tablePattern, Duration since) {
        try {
            return ctx.history().list(tablePattern == null ? null : Glob.compile(tablePattern),
                    OffsetDateTime.ofInstant(ctx.clock().instant().minus(since), ZoneOffset.UTC));
        } catch (SQLException e) {
            throw new DatabaseException("reading the history failed", e);
        }
    }
}
