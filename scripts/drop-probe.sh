#!/usr/bin/env bash
# What removing a big table costs an application writing beside it: DROP TABLE at once, or the table
# emptied from its end in steps first (DELETE by a ctid range, then VACUUM truncating the emptied tail),
# the next step for #15's end-of-run stall (README, "Benchmarks": the drop of the old table).
#
#   scripts/drop-probe.sh drop|steps
#   ROWS=4500000 RATE=300 STEP_MB=64 scripts/drop-probe.sh steps
#
# Builds a table of ROWS rows of about 200 bytes with a primary key (about 1 GB at the default) in a
# database of its own, checkpoints and syncs, starts pgbench at RATE transactions/s (single-row updates
# of another table, 4 clients) for 45 s, and at 10 s removes the table; prints how long the removal took,
# the WAL written meanwhile, and the application's p99 and max latency before, during (and the second
# after) and after it.
# The server's settings are what they are: say which. Needs pgbench; drops its database when done.
set -euo pipefail

MODE="${1:-}"
if [ "$MODE" != drop ] && [ "$MODE" != steps ]; then
    echo "usage: scripts/drop-probe.sh drop|steps" >&2
    exit 2
fi
ROWS="${ROWS:-4500000}"
RATE="${RATE:-300}"
STEP_MB="${STEP_MB:-64}"
DB=recast_drop_probe
OUT=$(mktemp -d)
export PGHOST="${PGHOST:-127.0.0.1}" PGUSER="${PGUSER:-postgres}"
trap 'rm -rf "$OUT"; psql -qX -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true' EXIT

psql -qX -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null 2>&1
psql -qX -d "$DB" -v rows="$ROWS" <<'SQL'
CREATE TABLE acc (id int PRIMARY KEY, n int);
INSERT INTO acc SELECT g, 0 FROM generate_series(1, 10000) g;
CREATE TABLE old_t (id bigint, v text);
INSERT INTO old_t SELECT g, repeat(md5(g::text), 5) FROM generate_series(1, :rows) g;
ALTER TABLE old_t ADD PRIMARY KEY (id);
VACUUM ANALYZE old_t;
CHECKPOINT;
SQL
sync
echo "table: $(psql -Atq -d "$DB" -c "SELECT pg_size_pretty(pg_total_relation_size('old_t'))"); $MODE; shared_buffers $(psql -Atq -d "$DB" -c 'SHOW shared_buffers')"
cat > "$OUT/u.sql" <<'SQL'
\set id random(1, 10000)
UPDATE acc SET n = n + 1 WHERE id = :id;
SQL
(cd "$OUT" && pgbench -n -d "$DB" -R "$RATE" -c 4 -j 2 -T 45 -l -f u.sql >/dev/null 2>&1) &
load=$!
sleep 10
lsn=$(psql -Atq -d "$DB" -c "SELECT pg_current_wal_lsn()")
start=$(date +%s.%N)
if [ "$MODE" = drop ]; then
    psql -qX -d "$DB" -c "DROP TABLE old_t"
else
    step=$(( STEP_MB * 128 ))   # 8 kB pages
    pages=$(psql -Atq -d "$DB" -c "SELECT pg_relation_size('old_t') / 8192")
    while [ "$pages" -gt 0 ]; do
        from=$(( pages > step ? pages - step : 0 ))
        psql -qX -d "$DB" -c "DELETE FROM old_t WHERE ctid >= '($from,0)'::tid" -c "VACUUM (TRUNCATE) old_t" >/dev/null
        pages=$(psql -Atq -d "$DB" -c "SELECT pg_relation_size('old_t') / 8192")
        sleep 0.2
    done
    psql -qX -d "$DB" -c "DROP TABLE old_t"
fi
end=$(date +%s.%N)
wal=$(psql -Atq -d "$DB" -c "SELECT pg_size_pretty(pg_wal_lsn_diff(pg_current_wal_lsn(), '$lsn'))")
wait "$load" || true
echo "WAL written meanwhile (the application's too): $wal"
cat "$OUT"/pgbench_log.* | awk -v s="$start" -v e="$end" '
  { t = $5 + $6 / 1e6; lat = $3 / 1000.0
    if (t < s) { b[nb++] = lat } else if (t <= e + 1) { d[nd++] = lat } else { a[na++] = lat } }
  function p99(arr, n) { asort(arr); return n ? arr[int(n * 0.99)] : 0 }
  function mx(arr, n,   i, m) { m = 0; for (i in arr) if (arr[i] > m) m = arr[i]; return m }
  END { printf "removal took %.2f s; app p99 / max: before %.1f / %.1f ms, during (and 1 s after) %.1f / %.1f ms (%d transactions), after %.1f / %.1f ms\n",
        e - s, p99(b, nb), mx(b, nb), p99(d, nd), mx(d, nd), nd, p99(a, na), mx(a, na) }'
