package io.recast.engine.internal.ddl;

import io.recast.engine.api.DdlStep;
import io.recast.engine.api.LockHold;
import io.recast.engine.api.LockLevel;
import io.recast.engine.api.PlannedStatement;
import io.recast.engine.api.ScriptStatement;
import io.recast.engine.api.Strategy;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Plans one ALTER TABLE: what each sub-command does (measured on a copy where it can be, see
 * {@link Probe}), the strategy each needs, and the steps of the statement: consecutive sub-commands
 * that are metadata only run together as one ALTER TABLE, the others as their strategy's steps, in
 * the order written. Sub-commands that need different strategies (other than DIRECT) are refused:
 * write them as separate statements.
 */
final class AlterStatementPlanner {
    private final DdlPlanner planner;
    private final ScriptStatement s;
    private final ParsedStatement ps;

    record Decision(Strategy strategy, String reason) {
    }

    AlterStatementPlanner(DdlPlanner planner, ScriptStatement s, ParsedStatement ps) {
        this.planner = planner;
        this.s = s;
        this.ps = ps;
    }

    PlannedStatement plan() throws SQLException {
        DdlPlanner.Rel rel = planner.resolve(ps.name());
        List<SubCommand> subs = ps.subCommands();
        List<String> texts = subs.stream().map(SubCommand::text).toList();
        String table = rel == null ? ps.name() : rel.qualified();
        String relname = rel == null ? lastName(ps.name()) : rel.name();

        List<LockHold> holds = new ArrayList<>();
        LockLevel lock = null;
        Set<String> fromManual = new LinkedHashSet<>();
        String probeError = null;
        Probe.Result probe = null;
        List<Integer> probed = new ArrayList<>();
        if (rel != null && ("r".equals(rel.relkind()) || "p".equals(rel.relkind())) && !"t".equals(rel.persistence())) {
            for (int i = 0; i < subs.size(); i++) {
                if (subs.get(i).probeable()) {
                    probed.add(i);
                }
            }
            if (!probed.isEmpty()) {
                probe = Probe.run(planner.connection(), rel.qualified(), rel.name(),
                        probed.stream().map(texts::get).toList());
            }
        }
        List<List<String>> added = new ArrayList<>();
        for (int i = 0; i < subs.size(); i++) {
            SubCommand sub = subs.get(i);
            int k = probe == null ? -1 : probed.indexOf(i);
            LockHold h = k < 0 ? null : probe.holds().get(k);
            added.add(k < 0 ? List.of() : probe.newConstraints().get(k));
            if (h == null) {
                fromManual.add(kindLabel(sub));
                lock = LockLevel.max(lock, ManualLocks.lock(sub));
                h = ManualLocks.hold(sub);
                if (k >= 0 && probe.error() != null && probeError == null) {
                    probeError = probe.error().strip();
                }
            }
            if (sub.kind() == SubCommand.Kind.SET_TABLESPACE && rel != null && planner.inTablespace(rel, sub.tablespace())) {
                h = LockHold.METADATA;     // PostgreSQL does nothing when the table is in that tablespace already
            }
            holds.add(h);
        }
        if (probe != null && probe.lock() != null) {
            lock = LockLevel.max(lock, probe.lock());
        }
        String lockSource = rel == null ? "the manual (the table does not exist now)"
                : fromManual.isEmpty() ? "measured on an empty copy of the table"
                : probe == null || probe.lock() == null ? "the manual"
                : "measured on an empty copy of the table, and the manual for " + String.join(", ", fromManual);
        LockHold hold = null;
        for (LockHold h : holds) {
            hold = LockHold.max(hold, h);
        }

        List<Decision> decisions = new ArrayList<>();
        for (int i = 0; i < subs.size(); i++) {
            decisions.add(decide(subs.get(i), holds.get(i), rel != null, probeError));
        }
        Set<String> refusals = new LinkedHashSet<>();
        Set<Strategy> special = new LinkedHashSet<>();
        boolean rewrite = false;
        for (int i = 0; i < subs.size(); i++) {
            Decision d = decisions.get(i);
            switch (d.strategy()) {
                case REFUSED -> refusals.add(subs.get(i).text() + ": " + d.reason());
                case REWRITE -> rewrite = true;
                case DIRECT -> {
                }
                default -> special.add(d.strategy());
            }
        }
        String notExisting = rel == null ? "the table does not exist now (created by an earlier statement?): "
                + "planned again from the server when migrate reaches it; " : "";
        if (!refusals.isEmpty()) {
            return new PlannedStatement(s, rel == null ? null : table, lock, hold, lockSource, Strategy.REFUSED,
                    String.join("; ", refusals), List.of(), texts);
        }
        if (rewrite) {
            List<String> why = new ArrayList<>();
            for (int i = 0; i < subs.size(); i++) {
                if (decisions.get(i).strategy() == Strategy.REWRITE) {
                    why.add(subs.get(i).text() + " " + decisions.get(i).reason());
                }
            }
            return new PlannedStatement(s, rel == null ? null : table, lock, hold, lockSource, Strategy.REWRITE,
                    notExisting + String.join("; ", why) + ": through the shadow engine (recast alter), with all "
                    + subs.size() + " sub-command(s)", List.of(Steps.rewrite(s.sql())), texts);
        }
        if (special.size() > 1) {
            return new PlannedStatement(s, rel == null ? null : table, lock, hold, lockSource, Strategy.REFUSED,
                    "its sub-commands need different strategies (" + special + "): write them as separate statements",
                    List.of(), texts);
        }
        if (special.isEmpty()) {
            return new PlannedStatement(s, rel == null ? null : table, lock, hold, lockSource, Strategy.DIRECT,
                    notExisting + (lock != null && !lock.blocksWrites() ? "takes " + lock.label()
                            + ", which blocks neither reads nor writes: run as written under lock_timeout"
                            : "metadata only: run as written under lock_timeout"),
                    List.of(Steps.direct(s.sql(), lock, hold)), texts);
        }
        Strategy strategy = special.iterator().next();
        List<DdlStep> steps = new ArrayList<>();
        List<String> directRun = new ArrayList<>();
        LockLevel directLock = null;
        LockHold directHold = null;
        for (int i = 0; i < subs.size(); i++) {
            SubCommand sub = subs.get(i);
            if (decisions.get(i).strategy() == Strategy.DIRECT) {
                directRun.add(sub.text());
                directLock = LockLevel.max(directLock, ManualLocks.lock(sub));
                directHold = LockHold.max(directHold, holds.get(i));
                continue;
            }
            flush(steps, table, directRun, directLock, directHold);
            directRun.clear();
            directLock = null;
            directHold = null;
            if (strategy == Strategy.NOT_VALID_THEN_VALIDATE) {
                steps.addAll(Steps.notValidThenValidate(table, constraintName(rel, relname, sub, added.get(i)), sub));
            } else {
                String raw = Lexer.tokens(sub.column()).get(0).name();
                steps.addAll(Steps.notNullViaCheck(table, sub.column(),
                        planner.freeConstraintName(rel, relname, raw, "recast_nn")));
            }
        }
        flush(steps, table, directRun, directLock, directHold);
        String reason = notExisting + (strategy == Strategy.NOT_VALID_THEN_VALIDATE
                ? "the constraint is added NOT VALID (metadata only), then validated under SHARE UPDATE EXCLUSIVE, "
                + "which blocks neither reads nor writes"
                : "SET NOT NULL scans the table under ACCESS EXCLUSIVE; a CHECK (col IS NOT NULL) validated first "
                + "lets it skip the scan");
        return new PlannedStatement(s, rel == null ? null : table, lock, hold, lockSource, strategy, reason, steps, texts);
    }

    private static void flush(List<DdlStep> steps, String table, List<String> run, LockLevel lock, LockHold hold) {
        if (!run.isEmpty()) {
            steps.add(Steps.direct(DdlSql.alter(table, String.join(", ", run)), lock, hold));
        }
    }

    /**
     * The strategy one sub-command needs, given what it does.
     *
     * @param exists whether the table exists now; if not, UNKNOWN holds are decided when migrate reaches it
     */
    static Decision decide(SubCommand sub, LockHold hold, boolean exists, String probeError) {
        LockLevel manual = ManualLocks.lock(sub);
        if (hold == LockHold.REWRITE) {
            return new Decision(Strategy.REWRITE, switch (sub.kind()) {
                case SET_TABLESPACE -> "copies the table's files into the other tablespace";
                case SET_LOGGED, SET_UNLOGGED -> "rewrites the table to change its persistence";
                case SET_ACCESS_METHOD -> "rewrites the table in the other access method";
                default -> "rewrites the table (PostgreSQL gave the copy a new relfilenode)";
            });
        }
        boolean validated = !sub.notValid();
        if (sub.kind() == SubCommand.Kind.ADD_FOREIGN_KEY && validated) {
            return new Decision(Strategy.NOT_VALID_THEN_VALIDATE, "");
        }
        if (sub.kind() == SubCommand.Kind.ADD_CHECK && validated && hold != LockHold.METADATA) {
            return new Decision(Strategy.NOT_VALID_THEN_VALIDATE, "");
        }
        if (sub.kind() == SubCommand.Kind.SET_NOT_NULL && hold != LockHold.METADATA) {
            return new Decision(Strategy.NOT_NULL_VIA_CHECK, "");
        }
        if (hold == LockHold.METADATA || !manual.blocksWrites() || (hold == LockHold.UNKNOWN && !exists)) {
            return new Decision(Strategy.DIRECT, "");
        }
        if (sub.kind() == SubCommand.Kind.ALTER_TYPE && hold != LockHold.UNKNOWN) {
            return new Decision(Strategy.REWRITE, "needs " + (hold == LockHold.SCAN ? "a scan of every row"
                    : "its indexes rebuilt") + " under ACCESS EXCLUSIVE, which the shadow engine does online");
        }
        if (sub.kind() == SubCommand.Kind.ADD_INDEX_CONSTRAINT) {
            String word = sub.constraintBody().toLowerCase(Locale.ROOT).startsWith("primary") ? "PRIMARY KEY" : "UNIQUE";
            return new Decision(Strategy.REFUSED, "builds its index under ACCESS EXCLUSIVE; build it first with CREATE "
                    + "UNIQUE INDEX CONCURRENTLY name ON table (columns), then ADD CONSTRAINT name " + word
                    + " USING INDEX name" + (word.equals("PRIMARY KEY") ? " (after SET NOT NULL on its columns, "
                    + "which Recast runs without a long lock)" : ""));
        }
        if (hold == LockHold.UNKNOWN) {
            return new Decision(Strategy.REFUSED, "Recast cannot tell what it does: an empty copy of the table could "
                    + "not run it" + (probeError == null ? "" : " (" + probeError + ")"));
        }
        return new Decision(Strategy.REFUSED, "needs a " + hold.label() + " under " + manual.label()
                + ", which Recast cannot split into short steps");
    }

    /** The constraint's name: as written, else the one PostgreSQL chose on the copy, else PostgreSQL's rule. */
    private String constraintName(DdlPlanner.Rel rel, String relname, SubCommand sub, List<String> addedOnCopy)
            throws SQLException {
        if (sub.constraintName() != null) {
            return sub.constraintName();
        }
        if (sub.kind() == SubCommand.Kind.ADD_FOREIGN_KEY) {
            return planner.freeConstraintName(rel, relname, Names.clip(String.join("_", sub.keyColumns()), 63), "fkey");
        }
        if (addedOnCopy.size() == 1) {
            String chosen = addedOnCopy.get(0);
            String base = chosen.endsWith("_check") ? chosen.substring(0, chosen.length() - "_check".length()) : chosen;
            return chosen.endsWith("_check") ? planner.freeConstraintName(rel, base, null, "check") : chosen;
        }
        return planner.freeConstraintName(rel, relname, null, "check");
    }

    private static String kindLabel(SubCommand sub) {
        return sub.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private static String lastName(String name) {
        List<Token> tokens = Lexer.tokens(name);
        return tokens.get(tokens.size() - 1).name();
    }
}
