#!/usr/bin/env bash
# Idle wall time of VACUUM FULL, pg_repack and recast (both copy orders; the physical one with both copy
# methods, and with --jobs 2) on the same bloated table.
#
#   scripts/copy-speed.sh            ROWS=5000000 RUNS=3 scripts/copy-speed.sh
#
# The table: ROWS rows of about 200 bytes with a primary key and two secondary indexes; half of the
# rows are updated and a plain VACUUM leaves about a third of the heap free. It is built once in
# database recast_speed_template; every run gets a fresh copy of it (CREATE DATABASE ... TEMPLATE,
# then CHECKPOINT), the tools in turn, RUNS rounds, so that none always runs on a warmer cache. Each
# figure is the median of its runs; ratios are against pg_repack and VACUUM FULL of the same
# rounds. The server's settings are printed with the result: measure with the ones you run.
# Installs pg_repack from Debian (postgresql-<major>-repack) when it is missing, as
# compare-pg-repack.sh does. Results: OUT (default /tmp/recast-speed)/result.txt.
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ROWS="${ROWS:-1000000}"
RUNS="${RUNS:-3}"
OUT="${OUT:-/tmp/recast-speed}"
TEMPLATE=recast_speed_template
DB=recast_speed

build_template() {
    log "building $TEMPLATE: $ROWS rows, half of them updated, then VACUUM"
    q postgres -c "DROP DATABASE IF EXISTS $TEMPLATE WITH (FORCE)" -c "CREATE DATABASE $TEMPLATE"
    q "$TEMPLATE" -c "CREATE EXTENSION pg_repack"
    build_items "$TEMPLATE" "$ROWS"
}

# run_one TOOL ROUND: a fresh copy of the template, the tool timed on it
run_one() {
    local tool="$1" round="$2" start end
    q postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB TEMPLATE $TEMPLATE"
    q "$DB" -c "CHECKPOINT"
    start="$(now)"
    case "$tool" in
        vacuum_full) q "$DB" -c "VACUUM FULL public.items" ;;
        pg_repack) pg_repack -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d "$DB" --table public.items --no-superuser-check \
            >"$OUT/$tool-$round.out" 2>&1 ;;
        recast_*) # recast_<copy order>[_insert][_jobs<N>]
            local order="${tool#recast_}" jobs=1 method=copy
            [[ "$order" == *_jobs* ]] && jobs="${order##*_jobs}" && order="${order%%_jobs*}"
            [[ "$order" == *_insert ]] && method=insert && order="${order%_insert}"
            java -jar "$OUT/recast.jar" repack --table public.items -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" \
                -d "$DB" --copy-order "$order" --copy-method "$method" --jobs "$jobs" --output json >"$OUT/$tool-$round.out" 2>"$OUT/$tool-$round.err" ;;
    esac
    end="$(now)"
    echo "$tool $round $(elapsed "$start" "$end") $(q1 "$DB" "SELECT pg_total_relation_size('public.items')")" \
        >>"$OUT/runs.txt"
}

median() {
    sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}

mkdir -p "$OUT"
rm -f "$OUT"/runs.txt "$OUT"/*.out "$OUT"/*.err
ensure_jar
cp "$JAR" "$OUT/recast.jar"
ensure_pg_repack
build_template
size="$(q1 "$TEMPLATE" "SELECT pg_size_pretty(pg_total_relation_size('public.items'))")"
TOOLS=(vacuum_full pg_repack recast_key recast_physical_insert recast_physical recast_physical_jobs2)
for round in $(seq 1 "$RUNS"); do
    for tool in "${TOOLS[@]}"; do
        log "round $round: $tool"
        run_one "$tool" "$round"
    done
done
declare -A MED
for tool in "${TOOLS[@]}"; do
    MED[$tool]="$(awk -v t="$tool" '$1 == t { print $3 }' "$OUT/runs.txt" | median)"
done
{
    echo "idle wall time, $ROWS rows ($size with indexes, about a third of the heap free), medians of $RUNS, tools in turn"
    echo "server: $(q1 postgres "SELECT version()" | cut -d' ' -f1-2); $(q1 postgres "SELECT string_agg(name || '=' || current_setting(name), ', ') FROM unnest(ARRAY['shared_buffers', 'maintenance_work_mem', 'max_wal_size', 'max_parallel_maintenance_workers']) name")"
    printf '%-16s %9s %12s %14s\n' tool "wall (s)" "/ pg_repack" "/ VACUUM FULL"
    for tool in "${TOOLS[@]}"; do
        printf '%-16s %9s %12s %14s\n' "$tool" "${MED[$tool]}" \
            "$(awk -v a="${MED[$tool]}" -v b="${MED[pg_repack]}" 'BEGIN { printf "%.2fx", a / b }')" \
            "$(awk -v a="${MED[$tool]}" -v b="${MED[vacuum_full]}" 'BEGIN { printf "%.2fx", a / b }')"
    done
    echo "recast's phases (ms), each run:"
    for f in "$OUT"/recast_*.out; do
        echo "  $(basename "$f" .out): $(tr -d '\n ' <"$f" | grep -o '"phaseDurationsMs":{[^}]*}' | sed 's/"phaseDurationsMs"://')"
    done
    echo "every run (tool, round, seconds, size after): $OUT/runs.txt"
} | tee "$OUT/result.txt"
q postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "DROP DATABASE IF EXISTS $TEMPLATE WITH (FORCE)"
