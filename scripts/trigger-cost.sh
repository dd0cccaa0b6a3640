#!/usr/bin/env bash
# What recast's change-log trigger and its replay cost an application at saturation: pgbench, CLIENTS
# clients, single-row updates by random key on a ROWS-row table, as fast as the server goes, in three
# states, ROUNDS times in turn:
#   none      no recast run
#   replay    recast repack --cut-over manual holding in its catch-up: the trigger logs every update
#             and the run replays the log as it comes (its backlog at the end is printed)
#   trigger   the same run paused (recast pause): the trigger logs, nothing replays
#
#   scripts/trigger-cost.sh        ROWS=1000000 CLIENTS=4 DURATION=20 ROUNDS=3 scripts/trigger-cost.sh
#   SYNC=off scripts/trigger-cost.sh     # pgbench's sessions with synchronous_commit = off: the CPU is
#                                        # the limit, not the WAL's fsync
#
# The table is public.items as copy-speed.sh builds it, without its bloat and with one secondary index,
# in database recast_trigger. Each figure is the median of its rounds; the ratios are against "none" of
# the same rounds. Results: OUT (default /tmp/recast-trigger)/result.txt; WRITE_README=1 also puts them into
# README.md.
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ROWS="${ROWS:-1000000}"
CLIENTS="${CLIENTS:-4}"
SECONDS_PER_RUN="${DURATION:-20}"
ROUNDS="${ROUNDS:-3}"
SYNC="${SYNC:-}"
OUT="${OUT:-/tmp/recast-trigger}"
DB=recast_trigger
RUN_PID=
recast() {
    java -jar "$OUT/recast.jar" "$@" -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d "$DB"
}
cleanup() {
    if [[ -n "$RUN_PID" ]] && kill -0 "$RUN_PID" 2>/dev/null; then
        recast abort --table public.items >/dev/null 2>&1 || true
        wait "$RUN_PID" 2>/dev/null || true
    fi
}
trap cleanup EXIT

fresh_out
PGBENCH="$(find_pgbench)"
recreate_db "$DB"
log "building public.items ($ROWS rows)"
create_items "$DB" "$ROWS"
q "$DB" -c "CREATE INDEX items_account ON public.items (account)" -c "VACUUM ANALYZE public.items"
cat >"$OUT/update.sql" <<SQL
\\set id random(1, $ROWS)
UPDATE public.items SET amount = amount + 1 WHERE id = :id;
SQL

# bench STATE ROUND: one pgbench run, its tps appended to runs.txt
bench() {
    q1 "$DB" "CHECKPOINT" >/dev/null
    local tps
    tps="$(PGOPTIONS="${SYNC:+-c synchronous_commit=$SYNC}" "$PGBENCH" -n -c "$CLIENTS" -j 2 -T "$SECONDS_PER_RUN" \
        -f "$OUT/update.sql" "$DB" 2>"$OUT/pgbench-$1-$2.err" | awk '/^tps/ { print $3; exit }')"
    [[ -n "$tps" ]] || { cat "$OUT/pgbench-$1-$2.err" >&2; die "pgbench gave no tps"; }
    echo "$1 $2 $tps" >>"$OUT/runs.txt"
    log "round $2, $1: $tps tps"
}

# phase of the unfinished job, or nothing
job_phase() {
    q1 "$DB" "SELECT phase FROM recast.jobs WHERE finished_at IS NULL" 2>/dev/null || true
}

for round in $(seq 1 "$ROUNDS"); do
    bench none "$round"
    log "round $round: recast repack --cut-over manual"
    recast repack --table public.items --cut-over manual --throttle-interval 500ms >"$OUT/run-$round.out" \
        2>"$OUT/run-$round.err" &
    RUN_PID=$!
    for _ in $(seq 1 600); do
        [[ "$(job_phase)" == catch-up ]] && break
        kill -0 "$RUN_PID" 2>/dev/null || { cat "$OUT/run-$round.err" >&2; die "the recast run ended early"; }
        sleep 0.5
    done
    [[ "$(job_phase)" == catch-up ]] || die "the run did not reach its catch-up in 300 s"
    sleep 2
    bench replay "$round"
    echo "replay $round backlog $(q1 "$DB" "SELECT count(*) FROM recast.log_$(q1 "$DB" "SELECT 'public.items'::regclass::oid")")" \
        >>"$OUT/backlog.txt"
    recast pause --table public.items >/dev/null
    sleep 2
    bench trigger "$round"
    recast abort --table public.items >/dev/null
    wait "$RUN_PID" 2>/dev/null || true
    RUN_PID=
    [[ -z "$(job_phase)" ]] || die "the aborted run left its job open"
done

median() {
    sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}
{
    echo "saturated single-row updates: $ROWS rows, $CLIENTS clients, ${SECONDS_PER_RUN} s per run, medians of $ROUNDS" \
        "rounds${SYNC:+, synchronous_commit=$SYNC for pgbench}"
    echo "server: $(q1 "$DB" "SELECT version()" | awk '{ print $1, $2 }'), $(q1 "$DB" "SELECT string_agg(name || '=' || current_setting(name), ', ')
        FROM unnest(ARRAY['shared_buffers', 'max_wal_size', 'synchronous_commit', 'wal_compression']) name"), $(nproc) cores"
    base="$(awk '$1 == "none" { print $3 }' "$OUT/runs.txt" | median)"
    printf '%-44s %10s %8s\n' state tps "/ none"
    for s in none trigger replay; do
        m="$(awk -v s="$s" '$1 == s { print $3 }' "$OUT/runs.txt" | median)"
        label="$s"
        [[ "$s" == trigger ]] && label="trigger (run paused: logging, no replay)"
        [[ "$s" == replay ]] && label="replay (catch-up: logging and replaying)"
        printf '%-44s %10.0f %7.2fx\n' "$label" "$m" "$(awk -v a="$m" -v b="$base" 'BEGIN { print a / b }')"
    done
    echo "log rows waiting at the end of each replay run: $(awk '{ printf "%s ", $4 }' "$OUT/backlog.txt")"
    echo "every run (state, round, tps): $OUT/runs.txt"
} | tee "$OUT/result.txt"
if [[ "${WRITE_README:-0}" == 1 ]]; then
    { echo '```'; echo "\$ ${SYNC:+SYNC=$SYNC }ROWS=$ROWS CLIENTS=$CLIENTS DURATION=$SECONDS_PER_RUN ROUNDS=$ROUNDS scripts/trigger-cost.sh"
      sed '$d' "$OUT/result.txt"; echo '```'; } >"$OUT/result.md"
    readme_section trigger-cost.sh "$OUT/result.md"
fi
