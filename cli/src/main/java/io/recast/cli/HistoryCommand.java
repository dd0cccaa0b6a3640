package io.recast.cli;

import io.recast.engine.Recast;
import io.recast.engine.api.HistoryEntry;
import io.recast.engine.api.Units;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code recast history}: what recast did in the database, newest first. */
@Command(name = "history", sortOptions = false,
        description = {"List what recast did in the database, newest first: each repack, alter, resume, reindex and "
                + "vacuum (by hand or by 'maintain') and each maintain run, with when it started and ended, the "
                + "table's size with its indexes before and after, how long it held the table's exclusive lock, its "
                + "outcome and, when it did not end done, why. Kept in the table recast_history.actions, which "
                + "outlives runs (drop the schema recast_history to forget). Reads only."},
        footer = {"%nDurations take a unit: 12h, 7d, 1d12h."})
public final class HistoryCommand extends DatabaseCommand {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    @Option(names = "--table", paramLabel = "PATTERN",
            description = "Only tables (or indexes) whose name or schema.name matches: * stands for any characters, "
                    + "? for one.")
    String table;

    @Option(names = "--since", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "30d",
            description = "Only what started within this long (default: ${DEFAULT-VALUE}).")
    Duration since;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text",
            description = "text or json (default: ${DEFAULT-VALUE}).")
    OutputFormat output;

    @Override
    int run(Database db) {
        List<HistoryEntry> entries = Recast.builder(db.pool()).build().history(table, since);
        PrintWriter out = out();
        out.print(output == OutputFormat.json ? json(entries) + "\n" : text(entries, since));
        out.flush();
        return ExitCodes.OK;
    }

    static String text(List<HistoryEntry> entries, Duration since) {
        if (entries.isEmpty()) {
            long days = since.toDays();
            String span = days > 0 && since.equals(Duration.ofDays(days)) ? days + (days == 1 ? " day" : " days")
                    : Units.duration(since);
            return "nothing recorded in the last " + span + "\n";
        }
        int width = Math.max(5, entries.stream().mapToInt(e -> e.table().length()).max().orElse(5));
        String row = "%5s  %-19s  %-19s  %-8s  %-" + width + "s  %9s  %9s  %9s  %s%n";
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, row, "ID", "STARTED", "FINISHED", "ACTION",
                "TABLE", "BEFORE", "AFTER", "LOCK HOLD", "OUTCOME"));
        for (HistoryEntry e : entries) {
            b.append(String.format(Locale.ROOT, row, e.id(), e.startedAt().format(WHEN),
                    e.finishedAt() == null ? "-" : e.finishedAt().format(WHEN), e.action(), e.table(),
                    e.sizeBefore() < 0 ? "-" : Units.size(e.sizeBefore()), e.sizeAfter() < 0 ? "-" : Units.size(e.sizeAfter()),
                    e.lockHold() == null ? "-" : Units.duration(e.lockHold()),
                    e.outcome() + (e.maintainRun() != null ? " (maintain run " + e.maintainRun() + ")" : "")));
            if (e.error() != null) {
                b.append("       ").append(e.error().lines().findFirst().orElse("")).append('\n');
            }
        }
        return b.toString();
    }

    static String json(List<HistoryEntry> entries) {
        return entries.stream().map(e -> "{\"id\":" + e.id()
                + ",\"table\":" + Json.string(e.table())
                + ",\"action\":" + Json.string(e.action())
                + ",\"startedAt\":" + Json.string(e.startedAt().toString())
                + ",\"finishedAt\":" + Json.string(e.finishedAt() == null ? null : e.finishedAt().toString())
                + ",\"sizeBefore\":" + (e.sizeBefore() < 0 ? "null" : e.sizeBefore())
                + ",\"sizeAfter\":" + (e.sizeAfter() < 0 ? "null" : e.sizeAfter())
                + ",\"lockHoldMs\":" + (e.lockHold() == null ? "null" : e.lockHold().toMillis())
                + ",\"outcome\":" + Json.string(e.outcome())
                + ",\"error\":" + Json.string(e.error())
                + ",\"maintainRun\":" + (e.maintainRun() == null ? "null" : e.maintainRun())
                + "}").collect(Collectors.joining(",", "[", "]"));
    }
}
