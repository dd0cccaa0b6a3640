package io.recast.cli;

import io.recast.engine.Recast;
import io.recast.engine.api.InvalidOptionsException;
import io.recast.engine.api.MaintainItem;
import io.recast.engine.api.MaintainListener;
import io.recast.engine.api.MaintainOptions;
import io.recast.engine.api.MaintainReport;
import io.recast.engine.api.RewriteOptions;
import io.recast.engine.api.Units;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code recast maintain}: finds what needs it in one database (or all of a server's) and fixes it,
 * one relation at a time, inside a window. Meant for a timer (deploy/).
 */
@Command(name = "maintain", sortOptions = false, defaultValueProvider = OptionDefaults.class,
        description = {"Scheduled maintenance: measure the database's bloat (as 'recast bloat' does), pick what needs "
                + "it above the thresholds, and fix it one relation at a time, through the same engine and guards "
                + "as 'repack' (throttling, lock timeouts, cut-over guards, resume):",
            "  repack   tables with at least --min-bloat percent to give back (partitions one by one, new ones too)",
            "  reindex  indexes alone that bloated (REINDEX INDEX CONCURRENTLY), and INVALID ones",
            "  vacuum   tables with at least --min-dead percent dead rows and no rewrite due",
            "  drop     INVALID copies a failed REINDEX CONCURRENTLY left (DROP INDEX CONCURRENTLY)",
            "Left out: what recast did within --min-interval (from the history), --exclude patterns, what is beyond "
                + "--max-tables. Nothing starts that is estimated not to end inside the window (--until, --window; "
                + "estimated from the rate of the last such actions in the history, else an assumed rate), or whose "
                + "new copy would not fit --disk-headroom; at the window's end a rewrite still running is stopped "
                + "before its swap and cleaned up. One maintain per database at a time: a second one exits at once "
                + "(exit 4), naming the session of the first. Every action and the run are recorded in the history "
                + "('recast history').",
            "--dry-run prints the list in order, with the reasons and estimates, and changes nothing."},
        footer = {"%nExit codes: 0 all done, or nothing to do (--dry-run: the plan was printed); 9 some actions "
                + "failed (the others were done; each failure is in the output and the history); 10 the window "
                + "closed with work left (or is not open now); 4 another maintain runs on the database; the others "
                + "as listed in 'recast --help'.",
            "The policy file (--policy) is written as postgresql.conf is: 'name = value' lines with the long option "
                + "names (min-size, min-bloat, min-dead, until, window, max-tables, order, min-interval, exclude "
                + "(comma-separated), disk-headroom, method), then '[pattern]' sections with per-table exclude, "
                + "min-size, min-bloat, min-dead, min-interval; options given on the command line win. See README.md, "
                + "'Scheduled maintenance'.",
            "Durations take a unit: 200ms, 5s, 2m, 1h, 7d. Sizes: 512kB, 100MB, 2GB. Times of day: 05:00 (local time)."})
public final class MaintainCommand extends DatabaseCommand {
    static final int SOME_FAILED = 9;
    static final int WINDOW_CLOSED = 10;

    @Mixin
    BloatScopeOptions scope;

    @Option(names = "--min-size", paramLabel = "SIZE", converter = ByteSizeConverter.class, defaultValue = "100MB",
            description = "Leave out tables and indexes smaller than this (default: ${DEFAULT-VALUE}).")
    long minSize;

    @Option(names = "--until", paramLabel = "HH:MM",
            description = "The window ends at this time of day (the next one to come, local time).")
    String until;

    @Option(names = "--window", paramLabel = "HH:MM-HH:MM",
            description = "The window, e.g. 02:00-05:00 (may span midnight: 22:00-04:00); outside it nothing is done "
                    + "(exit 10).")
    String window;

    @Option(names = "--max-tables", paramLabel = "N", defaultValue = "0",
            description = "At most N actions per database; 0: no limit (default: ${DEFAULT-VALUE}).")
    int maxTables;

    @Option(names = "--order", paramLabel = "ORDER", defaultValue = "most-reclaimable",
            description = "most-reclaimable (the most bytes to give back first) or smallest-first (the most relations "
                    + "done in a short window) (default: ${DEFAULT-VALUE}).")
    String order;

    @Option(names = "--min-interval", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "7d",
            description = "Leave a relation alone this long after recast last did something to it "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration minInterval;

    @Option(names = "--exclude", paramLabel = "PATTERN",
            description = "Never touch these tables (and their indexes): name or schema.name, * any characters, ? one; "
                    + "repeatable.")
    List<String> exclude = new ArrayList<>();

    @Option(names = "--disk-headroom", paramLabel = "SIZE", converter = ByteSizeConverter.class,
            description = "The free disk space of the database's tablespace, as you know it (PostgreSQL cannot tell): "
                    + "an action whose new copy would need more is skipped (default: not checked).")
    Long diskHeadroom;

    @Option(names = "--policy", paramLabel = "FILE",
            description = "A policy file with these settings and per-table overrides (see below).")
    Path policy;

    @Option(names = "--dry-run", description = "Print what would be done, in order, with the reasons and estimates; "
            + "change nothing.")
    boolean dryRun;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text",
            description = "text or json: how the summary is printed on stdout (default: ${DEFAULT-VALUE}).")
    OutputFormat output;

    @Mixin
    RewriteOptionsMixin rewrite;

    @Override
    int run(Database db) {
        MaintainPolicy file = policy == null ? null : MaintainPolicy.read(policy);
        Settings s = settings(file);
        ZonedDateTime now = ZonedDateTime.now(Clock.systemDefaultZone());
        Instant deadline = null;
        String windowNote = null;
        if (s.window != null) {
            LocalTime[] w = window(s.window);
            if (!open(w[0], w[1], now.toLocalTime())) {
                windowNote = "the window " + s.window + " is not open now (" + now.toLocalTime().truncatedTo(ChronoUnit.MINUTES)
                        + ")";
                if (!dryRun) {
                    err().println("recast: " + windowNote + ": nothing done");
                    err().flush();
                    return WINDOW_CLOSED;
                }
            } else {
                deadline = next(w[1], now);
            }
        } else if (s.until != null) {
            deadline = next(time(s.until, "--until"), now);
        }
        MaintainOptions options = MaintainOptions.builder().schema(scope.schema).minSizeBytes(s.minSize).minBloatPercent(s.minBloat)
                .minDeadPercent(s.minDead).deadline(deadline).maxTables(s.maxTables).order(order(s.order))
                .minInterval(s.minInterval).excludes(s.exclude).diskHeadroomBytes(s.diskHeadroom == null ? 0 : s.diskHeadroom)
                .method(BloatScopeOptions.method(s.method)).policies(file == null ? List.of() : file.tables)
                .rewrite(rewrite.configure(RewriteOptions.builder()).build()).dryRun(dryRun).build();

        List<MaintainReport> reports = new ArrayList<>();
        PrintWriter err = err();
        if (windowNote != null) {
            err.println("recast: " + windowNote + "; planned as if it were");
        }
        int failure = scope.forEachDatabase(db, err, target -> {
            ProgressPrinter progress = new ProgressPrinter(err, System.console() != null, Clock.systemUTC());
            target.pool().setMaximumPoolSize(ConnectionSettings.MAX_POOL_SIZE + options.rewrite().index().jobs() - 1);
            Recast recast = Recast.builder(target.pool()).listener(progress)
                    .replicaLogin(target.settings().user(), target.settings().password()).build();
            try (ShutdownGuard guard = ShutdownGuard.install(recast, progress)) {
                reports.add(recast.maintain(options, listener(err, progress)));
            } finally {
                progress.finish();
            }
        });
        PrintWriter out = out();
        out.print(output == OutputFormat.json ? MaintainRenderer.json(reports) + "\n" : MaintainRenderer.text(reports));
        out.flush();
        if (failure != 0) {
            return failure;
        }
        if (reports.stream().anyMatch(r -> r.outcome() == MaintainReport.Outcome.SOME_FAILED)) {
            return SOME_FAILED;
        }
        if (reports.stream().anyMatch(r -> r.outcome() == MaintainReport.Outcome.WINDOW_CLOSED)) {
            return WINDOW_CLOSED;
        }
        return ExitCodes.OK;
    }

    private static MaintainListener listener(PrintWriter err, ProgressPrinter progress) {
        return new MaintainListener() {
            @Override
            public void started(MaintainItem i, int index, int count) {
                progress.finish();
                err.println("maintain: [" + index + "/" + count + "] " + i.action() + " " + i.relation() + ": " + i.why()
                        + "; estimated " + Units.duration(i.estimate()));
                err.flush();
            }

            @Override
            public void ended(MaintainItem i) {
                progress.finish();
                err.println("maintain: " + i.action() + " " + i.relation() + ": " + i.status().label()
                        + (i.detail() == null ? "" : ": " + i.detail())
                        + (i.took() == null ? "" : " (" + Units.duration(i.took()) + ")"));
                err.flush();
            }
        };
    }

    /** The settings: the command line's where given, else the policy file's, else the defaults. */
    private Settings settings(MaintainPolicy file) {
        Map<String, String> p = file == null ? Map.of() : file.run;
        var parsed = spec.commandLine().getParseResult();
        Settings s = new Settings();
        s.minSize = given(parsed, "--min-size") || !p.containsKey("min-size") ? minSize
                : ByteSizeConverter.parse(p.get("min-size"));
        s.minBloat = given(parsed, "--min-bloat") || !p.containsKey("min-bloat") ? scope.minBloat
                : MaintainPolicy.integer(p.get("min-bloat"));
        s.minDead = given(parsed, "--min-dead") || !p.containsKey("min-dead") ? scope.minDead
                : MaintainPolicy.integer(p.get("min-dead"));
        s.maxTables = given(parsed, "--max-tables") || !p.containsKey("max-tables") ? maxTables
                : MaintainPolicy.integer(p.get("max-tables"));
        s.order = given(parsed, "--order") || !p.containsKey("order") ? order : p.get("order");
        s.minInterval = given(parsed, "--min-interval") || !p.containsKey("min-interval") ? minInterval
                : MaintainPolicy.duration(p.get("min-interval"));
        s.method = given(parsed, "--method") || !p.containsKey("method") ? scope.method : p.get("method");
        s.diskHeadroom = diskHeadroom != null || !p.containsKey("disk-headroom") ? diskHeadroom
                : Long.valueOf(ByteSizeConverter.parse(p.get("disk-headroom")));
        s.exclude = !exclude.isEmpty() || !p.containsKey("exclude") ? exclude
                : List.of(p.get("exclude").split("\\s*,\\s*"));
        if (until != null || window != null) {
            if (until != null && window != null) {
                throw new InvalidOptionsException("give --until or --window, not both");
            }
            s.until = until;
            s.window = window;
        } else {
            if (p.containsKey("until") && p.containsKey("window")) {
                throw new InvalidOptionsException("the policy file sets until and window: keep one");
            }
            s.until = p.get("until");
            s.window = p.get("window");
        }
        return s;
    }

    private static boolean given(picocli.CommandLine.ParseResult parsed, String option) {
        return parsed != null && parsed.hasMatchedOption(option);
    }

    private static final class Settings {
        long minSize;
        int minBloat;
        int minDead;
        int maxTables;
        String order;
        Duration minInterval;
        String method;
        Long diskHeadroom;
        List<String> exclude;
        String until;
        String window;
    }

    static LocalTime time(String v, String what) {
        try {
            return LocalTime.parse(v.strip().length() == 4 ? "0" + v.strip() : v.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidOptionsException(what + " takes a time of day as HH:MM, e.g. 05:00, was " + v);
        }
    }

    static LocalTime[] window(String v) {
        String[] parts = v.split("-");
        if (parts.length != 2) {
            throw new InvalidOptionsException("--window takes HH:MM-HH:MM, e.g. 02:00-05:00, was " + v);
        }
        LocalTime start = time(parts[0], "--window");
        LocalTime end = time(parts[1], "--window");
        if (start.equals(end)) {
            throw new InvalidOptionsException("--window " + v + " is empty: its start and end are the same");
        }
        return new LocalTime[] {start, end};
    }

    /** Whether {@code t} is inside [start, end), a window that may span midnight. */
    static boolean open(LocalTime start, LocalTime end, LocalTime t) {
        return start.isBefore(end) ? !t.isBefore(start) && t.isBefore(end) : !t.isBefore(start) || t.isBefore(end);
    }

    /** The next time {@code end} comes, after {@code now}. */
    static Instant next(LocalTime end, ZonedDateTime now) {
        ZonedDateTime d = now.with(end).truncatedTo(ChronoUnit.MINUTES);
        return (d.isAfter(now) ? d : d.plusDays(1)).toInstant();
    }

    private static MaintainOptions.Order order(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "most-reclaimable" -> MaintainOptions.Order.MOST_RECLAIMABLE;
            case "smallest-first" -> MaintainOptions.Order.SMALLEST_FIRST;
            default -> throw new InvalidOptionsException("--order must be most-reclaimable or smallest-first, was " + v);
        };
    }
}
