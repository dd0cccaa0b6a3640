package io.recast.engine.internal.ddl;

import io.recast.engine.api.DatabaseException;
import io.recast.engine.api.DdlPlan;
import io.recast.engine.api.InvalidOptionsException;
import io.recast.engine.api.MigrateOptions;
import io.recast.engine.api.MigrationListener;
import io.recast.engine.api.MigrationResult;
import io.recast.engine.api.NotEligibleException;
import io.recast.engine.api.PlannedStatement;
import io.recast.engine.api.ScriptStatement;
import io.recast.engine.internal.runtime.Cancellation;
import io.recast.engine.internal.sql.Sessions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * {@code recast plan} and {@code recast migrate}: plans the DDL statements of a file
 * and runs them without holding locks that stall the application.
 *
 * Statements resolve names with the connection's search_path, as in psql.
 */
public final class DdlMigrations {
    private final DataSource dataSource;
    private final Cancellation cancellation;

    public DdlMigrations(DataSource dataSource, Cancellation cancellation) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.cancellation = Objects.requireNonNull(cancellation, "cancellation");
    }

    /**
     * Plans each statement of the script against the database as it is. Changes nothing: an
     * ALTER TABLE's sub-commands run on an empty temporary copy of the table, rolled back.
     *
     * @throws InvalidOptionsException when the script cannot be split (an unterminated string)
     * @throws DatabaseException                        on an SQL error
     */
    public DdlPlan plan(String script) {
        List<ScriptStatement> statements = SqlScript.split(script);
        Connection c = null;
        try {
            c = Sessions.openForUserStatements(dataSource, "plan");
            DdlPlanner planner = new DdlPlanner(c);
            List<PlannedStatement> out = new ArrayList<>();
            for (ScriptStatement s : statements) {
                out.add(planner.plan(s));
            }
            return new DdlPlan(out);
        } catch (SQLException e) {
            throw new DatabaseException("planning the statements failed", e);
        } finally {
            Sessions.close(c);
        }
    }

    /**
     * Runs the script's statements as {@link #plan} plans them, one after the other, and stops at
     * the first failure; see {@link MigrationResult} for what it reports.
     *
     * @param rewrites the shadow engine for REWRITE statements; null refuses a script that has one
     * @throws NotEligibleException when a statement is refused, or needs a rewrite
     *                                               and {@code rewrites} is null: nothing was run
     */
    public MigrationResult migrate(String script, MigrateOptions options, MigrationListener listener,
                                   RewriteRunner rewrites) {
        Objects.requireNonNull(options, "options");
        List<ScriptStatement> statements = SqlScript.split(script);
        Connection c = null;
        try {
            c = Sessions.openForUserStatements(dataSource, "migrate");
            return new Migrator(options, listener == null ? MigrationListener.NONE : listener, rewrites, cancellation)
                    .run(c, statements);
        } catch (SQLException e) {
            throw new DatabaseException("planning the statements failed", e);
        } finally {
            Sessions.close(c);
        }
    }
}
