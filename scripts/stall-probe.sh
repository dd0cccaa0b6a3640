#!/usr/bin/env bash
# The application's latency around one recast run, second by second, beside the kernel's dirty and
# writeback memory: to find what makes the application wait at the end of a run and after it.
#
#   ROWS=5000000 RATE=300 AFTER=40 scripts/stall-probe.sh [extra recast repack options]
#   TOOL=pg_repack scripts/stall-probe.sh     # the same around pg_repack (no phases then)
#
# Builds public.items as copy-speed.sh does (ROWS rows, a third of the heap free) in database
# recast_stall, starts pgbench at RATE transactions/s (single-row updates by random id, CLIENTS
# clients), waits 10 s, runs recast repack, keeps the load AFTER seconds more (default 40), and
# prints one line per second: seconds since the run started, the phase recast was in, transactions,
# mean and max latency (from pgbench's per-transaction log), and Dirty and Writeback from
# /proc/meminfo; then one line with the application's p99 and max latency before the run, during it,
# and in the AFTER seconds after it.
# The server's settings are what they are: set them before, and say which. OUT (default
# /tmp/recast-stall) keeps the raw files.
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ROWS="${ROWS:-1000000}"
RATE="${RATE:-300}"
CLIENTS="${CLIENTS:-4}"
AFTER="${AFTER:-40}"
TOOL="${TOOL:-recast}"
OUT="${OUT:-/tmp/recast-stall}"
DB=recast_stall
SAMPLER_PID=
cleanup() {
    kill_load
    [[ -n "$SAMPLER_PID" ]] && kill "$SAMPLER_PID" 2>/dev/null || true
}
trap cleanup EXIT

fresh_out
PGBENCH="$(find_pgbench)"
recreate_db "$DB"
if [[ "$TOOL" == pg_repack ]]; then
    ensure_pg_repack
    q "$DB" -c "CREATE EXTENSION pg_repack"
fi
log "building public.items ($ROWS rows)"
build_items "$DB" "$ROWS"
q "$DB" -c "CHECKPOINT"
cat >"$OUT/update.sql" <<SQL
\\set id random(1, $ROWS)
UPDATE public.items SET amount = amount + 1 WHERE id = :id;
SQL

# /proc/meminfo's Dirty and Writeback (kB), once a second, with the epoch second
(while true; do
    echo "$(date +%s) $(awk '/^Dirty:/ { d = $2 } /^Writeback:/ { w = $2 } END { print d, w }' /proc/meminfo)"
    sleep 1
done) >"$OUT/meminfo.txt" &
SAMPLER_PID=$!

log "load: pgbench -c $CLIENTS -R $RATE"
# pgbench itself in the background, so that kill_load ends it; a per-transaction log, so that what its
# buffer holds when it is killed is a fraction of a second, not the aggregated lines of minutes
"$PGBENCH" -n -c "$CLIENTS" -j 2 -R "$RATE" -T 3600 -f "$OUT/update.sql" --log --log-prefix="$OUT/app" \
    "$DB" >"$OUT/pgbench.out" 2>&1 &
LOAD_PID=$!
sleep 10
log "$TOOL $*"
start="$(date +%s)"
if [[ "$TOOL" == pg_repack ]]; then
    pg_repack -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d "$DB" --table public.items --no-superuser-check "$@" \
        >"$OUT/pg_repack.out" 2>&1
    echo '{}' >"$OUT/recast.json"
else
    java -jar "$OUT/recast.jar" repack --table public.items -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d "$DB" \
        --output json "$@" >"$OUT/recast.json" 2>"$OUT/recast.err"
fi
end="$(date +%s)"
log "run done in $((end - start)) s; load goes on $AFTER s"
sleep "$AFTER"
kill_load
kill "$SAMPLER_PID" 2>/dev/null || true
SAMPLER_PID=

# phase boundaries (seconds after start) from recast's phaseDurationsMs, in their order
phases="$(tr -d '\n ' <"$OUT/recast.json" | grep -o '"phaseDurationsMs":{[^}]*}' | sed 's/.*{//; s/}//' || true)"
cat "$OUT"/app.* >"$OUT/transactions.txt"
awk -v start="$start" -v end="$end" -v phases="$phases" '
    BEGIN {
        n = split(phases, p, ",")
        t = 0
        for (i = 1; i <= n; i++) {
            split(p[i], kv, ":"); gsub(/"/, "", kv[1])
            name[i] = kv[1]; from[i] = t; t += kv[2] / 1000.0
        }
        phases_n = n
        printf "%5s  %-10s %5s %9s %9s %9s %10s\n", "s", "phase", "tx", "mean ms", "max ms", "dirty MB", "writeback MB"
    }
    FNR == NR { dirty[$1] = $2; wb[$1] = $3; next }
    {
        # client, transaction, latency (us), script, epoch second, microseconds [, schedule lag]
        sec = $5; tx[sec]++; sum[sec] += $3; if ($3 > mx[sec]) mx[sec] = $3; seen[sec] = 1
    }
    END {
        for (sec = start - 5; sec <= end + 60; sec++) {
            if (!(sec in seen)) continue
            rel = sec - start
            ph = rel < 0 ? "before" : (sec > end ? "after" : "")
            if (ph == "") for (i = 1; i <= phases_n; i++) if (rel >= from[i]) ph = name[i]
            if (ph == "") ph = "run"
            printf "%5d  %-10s %5d %9.1f %9.1f %9.1f %10.1f\n", rel, ph, tx[sec], tx[sec] ? sum[sec] / tx[sec] / 1000 : 0,
                mx[sec] / 1000, dirty[sec] / 1024, wb[sec] / 1024
        }
    }' "$OUT/meminfo.txt" "$OUT/transactions.txt" | tee "$OUT/result.txt"

# one line: the application's p99 and max latency (ms) before the run, during it, and in the AFTER seconds after it
summary() { # $1: before|during|after
    awk -v start="$start" -v end="$end" -v w="$1" '
        { s = $5 }
        w == "before" && s < start || w == "during" && s >= start && s <= end || w == "after" && s > end { print $3 / 1000 }
    ' "$OUT/transactions.txt" | sort -n | awk '{ v[NR] = $1 } END { i = int(NR * 0.99); if (i < 1) i = 1; if (NR) printf "p99 %.1f ms, max %.1f ms", v[i], v[NR] }'
}
echo "app before: $(summary before); during ($((end - start)) s): $(summary during); after ($AFTER s): $(summary after)" \
    | tee -a "$OUT/result.txt"
