package io.recast.engine.alter;

import static io.recast.engine.sql.Sql.ident;

import io.recast.engine.DatabaseException;
import io.recast.engine.NotEligibleException;
import io.recast.engine.backfill.BackfillSql;
import io.recast.engine.catalog.KeyColumns;
import io.recast.engine.catalog.TableDefinition;
import io.recast.engine.job.Cancellation;
import io.recast.engine.plan.RewritePlan;
import io.recast.engine.sql.Jdbc;
import io.recast.engine.sql.Sessions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * Before anything is created: every value the copy will convert is converted once, into a
 * temporary table of the new columns' types (NOT NULL included), in key batches of short
 * transactions (or over a TABLESAMPLE with {@code --check-sample}), so that a run cannot fail on
 * a value after hours of copying. At the first failure the row is found and named.
 */
public final class ConversionCheck {
    static final int BATCH = 50_000;
    private static final String TEMP = "pg_temp.recast_conversion_check";

    private ConversionCheck() {
    }

    /**
     * @throws NotEligibleException naming the column, the row's key and PostgreSQL's error
     */
    public static void run(DataSource ds, RewritePlan plan, Cancellation cancel, Consumer<String> info) {
        AlterPlanner.Result alter = plan.alter();
        if (alter == null || alter.converted().isEmpty()) {
            return;
        }
        TableDefinition t = plan.table();
        Double sample = plan.options().alteration().checkSample();
        info.accept("checking that " + (sample == null ? "every value" : "the values of a " + sample + "% sample")
                + " of " + alter.converted().stream().map(c -> c.from().name()).collect(Collectors.joining(", "))
                + " converts, before anything is created");
        Connection c = null;
        try {
            c = Sessions.open(ds, "check");
            c.setAutoCommit(true);
            Jdbc.exec(c, "check", "DROP TABLE IF EXISTS " + TEMP);
            Jdbc.exec(c, "check", "CREATE TEMP TABLE recast_conversion_check (" + alter.converted().stream()
                    .map(x -> ident(x.to().name()) + " " + x.to().type() + (x.to().notNull() ? " NOT NULL" : ""))
                    .collect(Collectors.joining(", ")) + ")");
            String insert = "INSERT INTO " + TEMP + " (" + alter.converted().stream().map(x -> ident(x.to().name()))
                    .collect(Collectors.joining(", ")) + ") SELECT " + alter.converted().stream().map(x -> x.from().source())
                    .collect(Collectors.joining(", ")) + " FROM ONLY " + t.qualified();
            KeyColumns k = t.key();
            String keyText = k.columns().stream().map(x -> ident(x) + "::text").collect(Collectors.joining(", "));
            if (sample != null) {
                String from = " TABLESAMPLE SYSTEM (" + sample + ") REPEATABLE (0)";
                try {
                    Jdbc.update(c, "check", insert + from);
                } catch (SQLException e) {
                    locate(c, plan, insert, "SELECT " + keyText + " FROM ONLY " + t.qualified() + from, List.of(), e);
                }
            } else {
                List<String> lower = null;
                while (true) {
                    cancel.check();
                    List<Object> params = new ArrayList<>();
                    if (lower != null) {
                        params.addAll(lower);
                    }
                    params.add(BATCH - 1);
                    Optional<List<String>> upper = Jdbc.queryOne(c, BackfillSql.nextBound(t, lower != null),
                            Jdbc.texts(k.size()), params.toArray());
                    List<Object> bounds = new ArrayList<>();
                    if (lower != null) {
                        bounds.addAll(lower);
                    }
                    upper.ifPresent(bounds::addAll);
                    String range = BackfillSql.range(k, lower != null, upper.isPresent());
                    try {
                        Jdbc.update(c, "check", insert + range, bounds.toArray());
                    } catch (SQLException e) {
                        locate(c, plan, insert, "SELECT " + keyText + " FROM ONLY " + t.qualified() + range
                                + " ORDER BY " + io.recast.engine.sql.Sql.idents(k.columns()), bounds, e);
                    }
                    Jdbc.exec(c, "check", "TRUNCATE " + TEMP);
                    if (upper.isEmpty()) {
                        break;
                    }
                    lower = upper.get();
                }
            }
            Jdbc.exec(c, "check", "DROP TABLE " + TEMP);
        } catch (SQLException e) {
            throw new DatabaseException("checking the conversion of " + t.displayName() + " failed", e);
        } finally {
            Sessions.close(c);
        }
    }

    /** Converts the rows of a failed batch one by one and names the first that fails. */
    private static void locate(Connection c, RewritePlan plan, String insert, String keys, List<Object> params,
                               SQLException batchError) throws SQLException {
        TableDefinition t = plan.table();
        KeyColumns k = t.key();
        String one = insert + " WHERE " + BackfillSql.tuple(k) + " = " + BackfillSql.params(k);
        List<List<String>> rows = Jdbc.query(c, keys, Jdbc.texts(k.size()), params.toArray());
        for (List<String> key : rows) {
            try {
                Jdbc.update(c, "check", one, key.toArray());
            } catch (SQLException e) {
                throw refusal(plan, "(" + String.join(", ", k.columns()) + ")=(" + String.join(", ", key) + ")", e);
            }
        }
        // the batch failed but no single row does: a row changed meanwhile; report the batch's error
        throw refusal(plan, "in a batch of up to " + BATCH + " rows", batchError);
    }

    private static NotEligibleException refusal(RewritePlan plan, String where, SQLException e) {
        List<String> columns = plan.alter().converted().stream().map(x -> x.from().name() + " -> " + x.to().name()
                + " " + x.to().type() + (plan.options().alteration().using().containsKey(x.from().name())
                ? " USING " + plan.options().alteration().using().get(x.from().name()) : "")).toList();
        return new NotEligibleException(plan.table().displayName(), List.of("a value does not convert: the row with key "
                + where + " fails with: " + e.getMessage().strip() + " (converting " + String.join(", ", columns)
                + "); fix the row, or give --using COLUMN=EXPRESSION that converts it; nothing was created"));
    }
}
