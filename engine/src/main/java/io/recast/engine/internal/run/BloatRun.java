package io.recast.engine.internal.run;

import io.recast.engine.api.BloatOptions;
import io.recast.engine.api.BloatReport;
import io.recast.engine.api.DatabaseException;
import io.recast.engine.internal.bloat.BloatMeasure;
import io.recast.engine.internal.bloat.BloatSql;
import io.recast.engine.internal.history.History;
import io.recast.engine.internal.sql.Jdbc;
import io.recast.engine.internal.sql.Sessions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** recast bloat: measures the database's tables and indexes and says what each needs. Changes nothing. */
public final class BloatRun {
    private final RunContext ctx;

    public BloatRun(RunContext ctx) {
        this.ctx = ctx;
    }

    public BloatReport run(BloatOptions options) {
        Connection c = null;
        try {
            c = Sessions.open(ctx.dataSource(), "bloat");
            return new BloatMeasure(options).measure(c, History.lastDone(c));
        } catch (SQLException e) {
            throw new DatabaseException("measuring bloat failed", e);
        } finally {
            Sessions.close(c);
        }
    }

    /** The databases of the server this role may connect to, templates left out, by name. */
    public List<String> databases() {
        Connection c = null;
        try {
            c = Sessions.open(ctx.dataSource(), "bloat");
            return Jdbc.query(c, BloatSql.DATABASES, rs -> rs.getString(1));
        } catch (SQLException e) {
            throw new DatabaseException("listing the databases failed", e);
        } finally {
            Sessions.close(c);
        }
    }
}
