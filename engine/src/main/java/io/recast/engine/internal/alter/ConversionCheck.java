package io.recast.engine.internal.alter;

import io.recast.engine.api.Alteration;
import io.recast.engine.api.DatabaseException;
import io.recast.engine.api.NotEligibleException;
import io.recast.engine.internal.catalog.KeyColumns;
import io.recast.engine.internal.catalog.KeyRangeSql;
import io.recast.engine.internal.catalog.TableDefinition;
import io.recast.engine.internal.runtime.Cancellation;
import io.recast.engine.internal.sql.Jdbc;
import io.recast.engine.internal.sql.Sessions;
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

    private ConversionCheck() {
    }

    /**
     * @throws NotEligibleException naming the column, the row's key and PostgreSQL's error
     */
    public static void run(DataSource ds, TableDefinition t, AlterPlanner.Result alter, Alteration alteration,
                           Cancellation cancel, Consumer<String> info) {
        if (alter == null || alter.converted().isEmpty()) {
            return;
        }
        Double sample = alteration.checkSample();
        Failure fail = new Failure(t, alter, alteration);
        info.accept("checking that " + (sample == null ? "every value" : "the values of a " + sample + "% sample")
                + " of " + alter.converted().stream().map(c -> c.from().name()).collect(Collectors.joining(", "))
                + " converts, before anything is created");
        Connection c = null;
        try {
            c = Sessions.open(ds, "check");
            c.setAutoCommit(true);
            Jdbc.exec(c, "check", AlterSql.dropCheckTable());
            Jdbc.exec(c, "check", AlterSql.createCheckTable(alter.converted()));
            String insert = AlterSql.convert(t, alter.converted());
            KeyColumns k = t.key();
            if (sample != null) {
                String from = AlterSql.sample(sample);
                try {
                    Jdbc.update(c, "check", insert + from);
                } catch (SQLException e) {
                    locate(c, fail, insert, AlterSql.keys(t, from), List.of(), e);
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
                    Optional<List<String>> upper = Jdbc.queryOne(c, KeyRangeSql.nextBound(t, lower != null),
                            Jdbc.texts(k.size()), params.toArray());
                    List<Object> bounds = new ArrayList<>();
                    if (lower != null) {
                        bounds.addAll(lower);
                    }
                    upper.ifPresent(bounds::addAll);
                    String range = KeyRangeSql.range(k, lower != null, upper.isPresent());
                    try {
                        Jdbc.update(c, "check", insert + range, bounds.toArray());
                    } catch (SQLException e) {
                        locate(c, fail, insert, AlterSql.keys(t, range) + AlterSql.keyOrder(t), bounds, e);
                    }
                    Jdbc.exec(c, "check", AlterSql.truncateCheckTable());
                    if (upper.isEmpty()) {
                        break;
                    }
                    lower = upper.get();
                }
            }
            Jdbc.exec(c, "check", AlterSql.dropCheckTable());
        } catch (SQLException e) {
            throw new DatabaseException("checking the conversion of " + t.displayName() + " failed", e);
        } finally {
            Sessions.close(c);
        }
    }

    /** Converts the rows of a failed batch one by one and names the first that fails. */
    private static void locate(Connection c, Failure fail, String insert, String keys, List<Object> params,
                               SQLException batchError) throws SQLException {
        KeyColumns k = fail.table().key();
        String one = insert + AlterSql.oneKey(k);
        List<List<String>> rows = Jdbc.query(c, keys, Jdbc.texts(k.size()), params.toArray());
        for (List<String> key : rows) {
            try {
                Jdbc.update(c, "check", one, key.toArray());
            } catch (SQLException e) {
                throw fail.refusal("(" + String.join(", ", k.columns()) + ")=(" + String.join(", ", key) + ")", e);
            }
        }
        // the batch failed but no single row does: a row changed meanwhile; report the batch's error
        throw fail.refusal("in a batch of up to " + BATCH + " rows", batchError);
    }

    /** What a refusal names: the table, its converted columns and their USING expressions. */
    private record Failure(TableDefinition table, AlterPlanner.Result alter, Alteration alteration) {
        NotEligibleException refusal(String where, SQLException e) {
            List<String> columns = alter.converted().stream().map(x -> x.from().name() + " -> " + x.to().name()
                    + " " + x.to().type() + (alteration.using().containsKey(x.from().name())
                    ? " USING " + alteration.using().get(x.from().name()) : "")).toList();
            return new NotEligibleException(table.displayName(), List.of("a value does not convert: the row with key "
                + where + " fails with: " + e.getMessage().strip() + " (converting " + String.join(", ", columns)
                    + "); fix the row, or give --using COLUMN=EXPRESSION that converts it; nothing was created"));
        }
    }
}
