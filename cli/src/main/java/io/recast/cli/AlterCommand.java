package io.recast.cli;

import io.recast.engine.api.Alteration;
import io.recast.engine.api.InvalidOptionsException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code recast alter --table T --change '...'}: changes the table's structure online, with every
 * option of repack (throttling, cut-over, resume, metrics, dry run).
 */
@Command(name = "alter", sortOptions = false, defaultValueProvider = OptionDefaults.class,
        description = {"Change a table's structure online, e.g. an integer key to bigint: the changes are applied to "
                + "a new, empty copy of the table (PostgreSQL parses and checks them there; nothing is created when "
                + "one fails), every value is checked to convert before anything is created, the rows are copied and "
                + "converted in short batches while the trigger logs the writes meanwhile, and the two tables are "
                + "swapped in one short transaction, as repack does.",
            "Columns map by position through the changes: renamed, retyped, added (their DEFAULT is evaluated per "
                + "row, volatile ones too) and dropped columns all land where they belong. Indexes, constraints and "
                + "statistics follow the new types as PostgreSQL adjusts them. Views on a changed column (and views "
                + "on those) are created again in the swap with the new types, their grants, options and comments, "
                + "and so are materialized views that read the table or such a view (and views on them; timed first: "
                + "slow ones need --rebuild-materialized-views); rules and SQL-body routines "
                + "that name the table or those views are made again from their definitions; each is first checked to "
                + "still compile. "
                + "Refused before anything starts, with the reason: one that no longer compiles (PostgreSQL's "
                + "error); changes that add indexes or foreign keys (add those with CREATE INDEX "
                + "CONCURRENTLY or NOT VALID + VALIDATE); renaming or dropping the key column; a partition or a table "
                + "with inheritance children; a column inherited from a parent; --verify (it compares rows as they are)."},
        footer = {"%nExample: recast alter --table public.orders --change 'ALTER COLUMN id TYPE bigint' --cascade-types",
            "         recast alter --table t --change 'ALTER COLUMN note TYPE varchar(200)' --using 'note=left(note, 200)'",
            "%nDurations take a unit: 200ms, 5s, 2m, 1h (or sums such as 1m30s).",
            "The exit codes are listed in 'recast --help'."})
public final class AlterCommand extends RepackCommand {
    @Option(names = "--change", required = true, paramLabel = "SUBCOMMAND", order = DatabaseCommand.ALTER_ORDER,
            description = "One ALTER TABLE sub-command, as it follows 'ALTER TABLE name': 'ALTER COLUMN id TYPE bigint', "
                    + "'ADD COLUMN created_at timestamptz DEFAULT clock_timestamp()', 'DROP COLUMN legacy', "
                    + "'RENAME COLUMN a TO b', 'ALTER COLUMN n SET NOT NULL'. Repeatable; applied in order.")
    List<String> changes = new ArrayList<>();

    @Option(names = "--using", paramLabel = "COLUMN=EXPRESSION", order = DatabaseCommand.ALTER_ORDER,
            description = "How a retyped column converts, as ALTER TABLE's USING, over the table's columns as they are "
                    + "now: 'note=left(note, 200)'. Without it a value converts as an INSERT would (an assignment cast; "
                    + "a too long value fails, it is not cut). Repeatable.")
    List<String> using = new ArrayList<>();

    @Option(names = "--cascade-types", order = DatabaseCommand.ALTER_ORDER,
            description = "When a changed column is referenced by foreign keys of other tables, change those columns to "
                    + "the same type too, each online in turn after this table (the keys keep working in between: "
                    + "integer and bigint compare). Without it such a change is refused, listing the columns.")
    boolean cascadeTypes;

    @Option(names = "--check-sample", paramLabel = "PERCENT", order = DatabaseCommand.ALTER_ORDER,
            description = "Check the conversion on this percentage of the table's pages (TABLESAMPLE SYSTEM) instead "
                    + "of every row. By default every value is converted once, into a temporary table, before "
                    + "anything is created.")
    Double checkSample;

    @Override
    Alteration alteration() {
        Map<String, String> expressions = new LinkedHashMap<>();
        for (String u : using) {
            int eq = u.indexOf('=');
            if (eq <= 0) {
                throw new InvalidOptionsException("--using takes COLUMN=EXPRESSION, e.g. 'note=left(note, 200)', was " + u);
            }
            String column = u.substring(0, eq).strip();
            if (column.startsWith("\"") && column.endsWith("\"") && column.length() > 1) {
                column = column.substring(1, column.length() - 1).replace("\"\"", "\"");
            }
            expressions.put(column, u.substring(eq + 1).strip());
        }
        return new Alteration(changes, expressions, cascadeTypes, checkSample);
    }
}
