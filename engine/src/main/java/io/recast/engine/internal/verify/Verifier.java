package io.recast.engine.internal.verify;

import io.recast.engine.api.AbortedException;
import io.recast.engine.api.VerificationException;
import io.recast.engine.internal.catalog.TableDefinition;
import io.recast.engine.internal.runtime.ArtifactNames;
import io.recast.engine.internal.runtime.Cancellation;
import io.recast.engine.internal.runtime.Progress;
import io.recast.engine.internal.sql.Jdbc;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code verify}: proves, before the swap, that the shadow holds the table's rows.
 *
 * <p>{@link #compare} reads both tables in one REPEATABLE READ snapshot and compares every row whose
 * key is not in the change log at that snapshot. That is exact, not a race: only the worker writes
 * the shadow, and a key whose last change was replayed before the snapshot has, in the snapshot,
 * the shadow row that replay copied, which is the table's row unless a later change logged the key
 * again (then the log row is in the snapshot too, as it commits with the change).
 *
 * <p>The keys left out (those in the log) and every key replayed afterwards (the replayers hand
 * them over through {@link #replayed}) are pending: {@link #narrow} compares them in a fresh
 * snapshot outside the lock, leaving pending only what is in the log then, and {@link #recheck}
 * compares the rest under the cut-over lock, after the final drain, when nothing can change.
 * So every row of the table that is swapped in was compared. Where the swap applies the last changes
 * after the rename (a FOR ALL TABLES publication), {@link #recheckAfterRename} does that last part, in
 * the swap: the pending keys and those in the log, the new table against the table's rows.
 */
public final class Verifier {
    private static final Logger LOG = LoggerFactory.getLogger(Verifier.class);
    /** Keys per fingerprinted chunk. */
    public static final int CHUNK_ROWS = 50_000;
    /** Keys per statement when pending keys are compared. */
    static final int KEYS_PER_STATEMENT = 10_000;
    /** Pending keys held in memory; beyond it the next {@link #narrow} compares the whole table again. */
    static final int MAX_PENDING = 1_000_000;
    /** Differing keys named in the message. */
    static final int SHOWN = 10;

    private final TableDefinition table;
    private final ArtifactNames names;
    private final int chunkRows;
    /** The statements, built once: SQL is not built, nor its concatenations first linked, under the lock. */
    private final String loggedKeys;
    private final String[] nextBound = new String[2];
    private final String[] fingerprint = new String[4];
    private final String[] differences = new String[4];
    private final String[] compareKeys = new String[2];
    private final String compareAfterRename;
    private final Jdbc.RowMapper<Difference> toDifference = this::difference;
    private final Set<List<String>> pending = new LinkedHashSet<>();
    private boolean overflowed;

    public Verifier(TableDefinition table, ArtifactNames names) {
        this(table, names, CHUNK_ROWS);
    }

    public Verifier(TableDefinition table, ArtifactNames names, int chunkRows) {
        this.table = Objects.requireNonNull(table, "table");
        this.names = Objects.requireNonNull(names, "names");
        if (chunkRows < 1) {
            throw new IllegalArgumentException("chunk rows must be >= 1, was " + chunkRows);
        }
        this.chunkRows = chunkRows;
        this.loggedKeys = VerifySql.loggedKeys(table, names);
        for (int i = 0; i < 4; i++) {
            boolean lower = i >= 2;
            boolean upper = i % 2 == 1;
            fingerprint[i] = VerifySql.fingerprint(table, names, lower, upper);
            differences[i] = VerifySql.differences(table, names, lower, upper);
        }
        for (int i = 0; i < 2; i++) {
            nextBound[i] = VerifySql.nextBound(table, i == 1);
            compareKeys[i] = VerifySql.compareKeys(table, names, i == 1);
        }
        this.compareAfterRename = table.drainsAfterRename() ? VerifySql.compareKeysAfterRename(table, names) : null;
    }

    private static int variant(boolean lower, boolean upper) {
        return (lower ? 2 : 0) + (upper ? 1 : 0);
    }

    /** A differing key: its values as text, and which side has the row. */
    record Difference(List<String> key, boolean inSource, boolean inShadow) {
        String what() {
            return inSource && inShadow ? "differs" : inSource ? "only in source" : "only in shadow";
        }
    }

    /** One chunk's fingerprints: rows and hash sum, of the table and of the shadow. */
    private record Fingerprints(long sourceRows, String sourceHash, long shadowRows, String shadowHash) {
        boolean match() {
            return sourceRows == shadowRows && Objects.equals(sourceHash, shadowHash);
        }
    }

    /**
     * The full pass, on the worker connection {@code c}, in one REPEATABLE READ READ ONLY
     * transaction: the table and the shadow compared chunk by chunk in key order, every row whose key
     * is not in the log at the snapshot. The snapshot is held for the whole pass. Afterwards the keys
     * that were in the log are pending.
     *
     * @return the rows compared
     * @throws VerificationException naming the first differing keys (in key order) of the first chunk that differs
     * @throws AbortedException when the log records a TRUNCATE of the table
     */
    public long compare(Connection c, Progress progress, Cancellation cancel) throws SQLException {
        long started = System.nanoTime();
        Jdbc.exec(c, "verify", VerifySql.analyzeLog(names));
        long rows = Jdbc.transaction(c, () -> {
            Jdbc.exec(c, "verify", VerifySql.snapshot());
            Set<List<String>> logged = loggedKeys(c);
            long compared = 0;
            List<String> lower = null;
            while (true) {
                cancel.check();
                cancel.running(c);
                Optional<List<String>> upper;
                Fingerprints f;
                try {
                    upper = nextBound(c, lower);
                    List<Object> bounds = bounds(lower, upper);
                    List<Object> params = new ArrayList<>(bounds);
                    params.addAll(bounds);
                    f = Jdbc.queryOne(c, fingerprint[variant(lower != null, upper.isPresent())],
                            rs -> new Fingerprints(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4)),
                            params.toArray()).orElseThrow();
                    if (!f.match()) {
                        params.add(SHOWN + 1);
                        throw mismatch(Jdbc.query(c, differences[variant(lower != null, upper.isPresent())],
                                toDifference, params.toArray()), "in one snapshot of both");
                    }
                } finally {
                    cancel.running(null);
                }
                compared += f.sourceRows();
                progress.verified(f.sourceRows());
                if (upper.isEmpty()) {
                    break;
                }
                lower = upper.get();
            }
            replacePending(logged);
            return compared;
        });
        LOG.info("{}: verify: {} rows equal in the table and the shadow ({} ms); {} keys in the change log are "
                        + "compared again later", table.displayName(), rows, (System.nanoTime() - started) / 1_000_000,
                pending.size());
        return rows;
    }

    /**
     * Compares the pending keys in a fresh REPEATABLE READ snapshot, skipping those in the log at
     * that snapshot; afterwards only those are pending (and what is replayed from now on). After an
     * overflow of the pending keys, compares the whole table again instead.
     *
     * @throws VerificationException naming the differing keys
     */
    public void narrow(Connection c, Progress progress, Cancellation cancel) throws SQLException {
        if (overflowed) {
            compare(c, progress, cancel);
            return;
        }
        List<List<String>> keys = new ArrayList<>(pending);
        Jdbc.transaction(c, () -> {
            Jdbc.exec(c, "verify", VerifySql.snapshot());
            Set<List<String>> logged = loggedKeys(c);
            List<Difference> found = compareKeys(c, keys, compareKeys[1], cancel);
            if (!found.isEmpty()) {
                throw mismatch(found, "in one snapshot of both");
            }
            replacePending(logged);
            return null;
        });
        LOG.debug("{}: verify: {} changed keys compared again, {} left for the cut-over", table.displayName(),
                keys.size(), pending.size());
    }

    /**
     * Under the cut-over lock, after the final drain (on the cut-over's connection, in its
     * transaction and under its statement_timeout): compares every pending key. Nothing changes the
     * table meanwhile, and the log is empty. Where the swap applies the last changes after the rename
     * (a FOR ALL TABLES publication), the log is not drained: its keys join the pending ones, and
     * {@link #recheckAfterRename} compares them in the swap.
     *
     * @throws VerificationException naming the differing keys, or when more keys changed during the
     *                               verification than it could keep track of
     */
    public void recheck(Connection c) throws SQLException {
        if (compareAfterRename != null) {
            // the log is final under the lock: its keys join the pending ones, which the swap compares after
            // the rename (recheckAfterRename), before the log is dropped with the swap's last statements
            loggedKeys(c).forEach(this::replayed);
            failIfOverflowed();
            return;
        }
        failIfOverflowed();
        if (pending.isEmpty()) {
            return;
        }
        List<Difference> found = compareKeys(c, new ArrayList<>(pending), compareKeys[0], null);
        if (!found.isEmpty()) {
            throw mismatch(found, "under the cut-over lock");
        }
    }

    /**
     * As {@link #recheck}, where the swap applies the last changes after the rename: in the swap,
     * before its commit, compares the pending keys, to which {@link #recheck} added every key in the
     * log, the new table (by the table's name now) against the table's rows (in the old table and the
     * swap's temporary table). A difference rolls the swap back.
     */
    public void recheckAfterRename(Connection c) throws SQLException {
        if (pending.isEmpty()) {
            return;
        }
        List<Difference> found = compareKeys(c, new ArrayList<>(pending), compareAfterRename, null);
        if (!found.isEmpty()) {
            throw mismatch(found, "under the cut-over lock");
        }
    }

    private void failIfOverflowed() {
        if (overflowed) {
            throw new VerificationException("verify of " + table.displayName() + " could not finish: more than "
                    + MAX_PENDING + " rows changed while it ran. Nothing was swapped: " + table.displayName()
                    + " is untouched, and the shadow is removed with the other artifacts. Run again when the table "
                    + "is quieter, or without --verify.", List.of());
        }
    }

    /** A replayer applied this key (as text): its row is compared again later. */
    public void replayed(List<String> key) {
        if (overflowed) {
            return;
        }
        pending.add(key);
        if (pending.size() > MAX_PENDING) {
            overflowed = true;
            pending.clear();
        }
    }

    /** Keys still to be compared. */
    public int pending() {
        return pending.size();
    }

    /** Whether more keys changed than {@link #MAX_PENDING}: then {@link #narrow} compares everything again. */
    public boolean overflowed() {
        return overflowed;
    }

    private void replacePending(Set<List<String>> keys) {
        pending.clear();
        overflowed = false;
        keys.forEach(this::replayed);
    }

    /** The keys in the log at the transaction's snapshot. */
    private Set<List<String>> loggedKeys(Connection c) throws SQLException {
        int size = table.key().size();
        Set<List<String>> out = new LinkedHashSet<>();
        for (List<String> key : Jdbc.query(c, loggedKeys, rs -> key(rs, 1, size))) {
            if (key.get(0) == null) {
                throw new AbortedException(table.displayName() + " was truncated while it was being rewritten; "
                        + "nothing was changed, run again");
            }
            out.add(key);
        }
        return out;
    }

    private Optional<List<String>> nextBound(Connection c, List<String> lower) throws SQLException {
        List<Object> params = new ArrayList<>();
        if (lower != null) {
            params.addAll(lower);
        }
        params.add(chunkRows - 1);
        return Jdbc.queryOne(c, nextBound[lower != null ? 1 : 0], rs -> key(rs, 1, table.key().size()),
                params.toArray());
    }

    private static List<Object> bounds(List<String> lower, Optional<List<String>> upper) {
        List<Object> out = new ArrayList<>();
        if (lower != null) {
            out.addAll(lower);
        }
        upper.ifPresent(out::addAll);
        return out;
    }

    /** Compares the keys in statements of {@link #KEYS_PER_STATEMENT}; stops once more than {@link #SHOWN} differ. */
    private List<Difference> compareKeys(Connection c, List<List<String>> keys, String sql, Cancellation cancel)
            throws SQLException {
        int size = table.key().size();
        List<Difference> out = new ArrayList<>();
        for (int from = 0; from < keys.size() && out.size() <= SHOWN; from += KEYS_PER_STATEMENT) {
            List<List<String>> part = keys.subList(from, Math.min(keys.size(), from + KEYS_PER_STATEMENT));
            Object[] params = new Object[size + 1];
            for (int i = 0; i < size; i++) {
                String[] column = new String[part.size()];
                for (int j = 0; j < part.size(); j++) {
                    column[j] = part.get(j).get(i);
                }
                params[i] = column;
            }
            params[size] = SHOWN + 1 - out.size();
            if (cancel != null) {
                cancel.check();
                cancel.running(c);
            }
            try {
                out.addAll(Jdbc.query(c, sql, toDifference, params));
            } finally {
                if (cancel != null) {
                    cancel.running(null);
                }
            }
        }
        return out;
    }

    private Difference difference(ResultSet rs) throws SQLException {
        int size = table.key().size();
        return new Difference(key(rs, 1, size), rs.getBoolean(size + 1), rs.getBoolean(size + 2));
    }

    private static List<String> key(ResultSet rs, int first, int size) throws SQLException {
        List<String> key = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            key.add(rs.getString(first + i));
        }
        return key;
    }

    /** The failure: the first differing keys as key=value, which side has what, and that nothing was swapped. */
    private VerificationException mismatch(List<Difference> differences, String where) {
        List<String> shown = differences.stream().limit(SHOWN).map(d -> render(d.key()) + ": " + d.what()).toList();
        String more = differences.size() > SHOWN ? " (the first " + SHOWN + "; more differ)" : "";
        return new VerificationException("verify found rows of the shadow of " + table.displayName()
                + " that differ from the table's (compared " + where + "): " + String.join(", ", shown) + more
                + ". Nothing was swapped: " + table.displayName() + " is untouched, and the shadow is removed "
                + "with the other artifacts. Unless something else wrote to recast." + names.shadow()
                + ", this is a bug in recast: please report it with these keys.", shown);
    }

    /** {@code id=42}, or {@code (a=1, b=x)} for a key of several columns. */
    String render(List<String> key) {
        List<String> columns = table.key().columns();
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            parts.add(columns.get(i) + "=" + key.get(i));
        }
        return parts.size() == 1 ? parts.get(0) : "(" + String.join(", ", parts) + ")";
    }
}
