#!/usr/bin/env bash
# VACUUM FULL, pg_repack and recast on the same bloated table, idle and under a mirrored write load:
# wall time and ratios, the application's latency before, during (and in each of recast's phases) and
# after each run, its lowest one-second throughput, and a twin-table check of every run.
#
#   scripts/compare.sh                                   # 1,000,000 and 5,000,000 rows, 3 rounds
#   SIZES=1000000 RUNS=1 scripts/compare.sh --jobs 2     # extra arguments go to recast repack
#   WRITE_README=1 scripts/compare.sh                    # also puts the tables into README.md
#   TOOLS=recast scripts/compare.sh --jobs 2             # some of the tools only (ratios to the others: -)
#
# For each size in SIZES, a template database holds public.items as copy-speed.sh builds it (rows of
# about 200 bytes, a primary key and two secondary indexes, half the rows updated and a plain VACUUM:
# about a third of the heap free) and public.items_twin, a plain copy of its rows. Every run gets a
# fresh copy of the template (CREATE DATABASE ... TEMPLATE, then CHECKPOINT and sync). RUNS rounds; in
# each, every tool runs idle and then under load, the tools in turn, each round starting with the
# next tool, so that none always comes first.
# The load: pgbench at RATE transactions/s (default 300, CLIENTS clients, default 4): 80% updates of
# a random row, 10% inserts of a new id, 10% deletes, each done to public.items and to public.items_twin
# in the same transaction. It starts BEFORE seconds (default 10) before the tool and runs AFTER seconds
# (default 40) after it. Latency is pgbench's per transaction (from its scheduled start, so time spent
# blocked counts), by the second the transaction ended; recast's phases are placed by its own
# durations (--output json), counted back from the moment it exited.
# After each run, load stopped: an order-independent checksum of public.items must equal the twin's.
# Results (medians of the rounds; "max" is the worst run's) go to OUT (default /tmp/recast-compare-all)
# /result.md, every run's figures to OUT/runs.txt and OUT/phases.txt, raw files to OUT/runs/.
# Installs pg_repack from Debian when it is missing. The server's settings are what they are: set
# them before, and the result says which.
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SIZES="${SIZES:-1000000 5000000}"
RUNS="${RUNS:-3}"
RATE="${RATE:-300}"
CLIENTS="${CLIENTS:-4}"
BEFORE="${BEFORE:-10}"
AFTER="${AFTER:-40}"
OUT="${OUT:-/tmp/recast-compare-all}"
TEMPLATE=recast_compare_template
DB=recast_compare_run
read -r -a TOOLS <<<"${TOOLS:-vacuum_full pg_repack recast}"
RECAST_ARGS=("$@")
trap kill_load EXIT

rm -rf "${OUT:?}/runs"
fresh_out
mkdir -p "$OUT/runs"
PGBENCH="$(find_pgbench)"
ensure_pg_repack
STRATEGY=""
[[ "$(q1 postgres "SHOW server_version_num")" -ge 150000 ]] && STRATEGY="STRATEGY FILE_COPY"

write_twin_load_scripts "$OUT" items

build_template() { # ROWS
    log "building $TEMPLATE: $1 rows and the twin"
    q postgres -c "DROP DATABASE IF EXISTS $TEMPLATE WITH (FORCE)" -c "CREATE DATABASE $TEMPLATE"
    q "$TEMPLATE" -c "CREATE EXTENSION pg_repack"
    build_items "$TEMPLATE" "$1"
    q "$TEMPLATE" <<'SQL'
CREATE TABLE public.items_twin (LIKE public.items);
INSERT INTO public.items_twin SELECT * FROM public.items;
ALTER TABLE public.items_twin ADD PRIMARY KEY (id);
VACUUM ANALYZE public.items_twin;
SQL
}

fresh_db() {
    q postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB TEMPLATE $TEMPLATE $STRATEGY"
    q "$DB" -c "CHECKPOINT"
    sync
}

# run_tool TOOL DIR: the tool on public.items of $DB, its output in DIR
run_tool() {
    case "$1" in
        vacuum_full) q "$DB" -c "VACUUM FULL public.items" >"$2/tool.out" 2>&1 ;;
        pg_repack) pg_repack -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d "$DB" --table public.items --no-superuser-check \
            >"$2/tool.out" 2>&1 ;;
        recast) java -jar "$OUT/recast.jar" repack --table public.items -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d "$DB" \
            --output json "${RECAST_ARGS[@]}" >"$2/recast.json" 2>"$2/tool.out" ;;
    esac || { tail -n 20 "$2/tool.out" >&2; die "$1 failed (see $2)"; }
}

# "count:sum" of a hash of every row: equal for equal sets of rows, whatever their order
checksum() { # TABLE
    q1 "$DB" "SELECT count(*) || ':' || coalesce(sum(('x' || substr(md5(t::text), 1, 15))::bit(60)::bigint), 0)
                FROM $1 t"
}

twin_ok() {
    [[ "$(checksum public.items)" == "$(checksum public.items_twin)" ]] && echo yes || echo NO
}

# val DIR WINDOW FIELD: p99 (2), max (3) or transactions (4) of a window of a run's windows.txt, or "-"
val() {
    awk -v k="$2" -v f="$3" '$1 == k { print $f; found = 1 } END { if (!found) print "-" }' "$1/windows.txt"
}

# run_one SIZE ROUND MODE TOOL: one run; appends its line to runs.txt (and recast's phases to phases.txt)
run_one() {
    local size="$1" round="$2" mode="$3" tool="$4" dir start end
    dir="$OUT/runs/$size-$round-$mode-$tool"
    mkdir -p "$dir"
    log "$size rows, round $round, $mode: $tool"
    fresh_db
    if [[ "$mode" == load ]]; then
        "$PGBENCH" -n -c "$CLIENTS" -j 2 -R "$RATE" -T 36000 -D maxid="$size" \
            -f "$OUT/update.sql@8" -f "$OUT/insert.sql@1" -f "$OUT/delete.sql@1" \
            --log --log-prefix="$dir/app" "$DB" >"$dir/pgbench.out" 2>&1 &
        LOAD_PID=$!
        sleep "$BEFORE"
        kill -0 "$LOAD_PID" 2>/dev/null || { cat "$dir/pgbench.out" >&2; die "pgbench did not start"; }
    fi
    start="$(now)"
    run_tool "$tool" "$dir"
    end="$(now)"
    if [[ "$mode" == load ]]; then
        sleep "$AFTER"
        stop_load "$DB"
    fi
    local twin leftovers="" total=0 phases="" hold=""
    twin="$(twin_ok)"
    if [[ "$tool" == recast ]]; then
        leftovers="$(recast_leftovers "$DB")"
        [[ -z "$leftovers" ]] || { echo "$leftovers" >&2; die "recast left something behind (see above)"; }
        total="$(json_num "$dir/recast.json" totalMs)"
        hold="$(json_num "$dir/recast.json" lockHoldMs)"
        phases="$(tr -d '\n ' <"$dir/recast.json" | grep -o '"phaseDurationsMs":{[^}]*}' | sed 's/.*{//; s/}//; s/"//g')"
    fi
    if [[ "$mode" == idle ]]; then
        echo "$size $round idle $tool $(elapsed "$start" "$end") - - - - - - - $twin ${hold:--}" >>"$OUT/runs.txt"
        [[ -z "$phases" ]] || echo "$size $round idle $phases" >>"$OUT/phases-idle.txt"
        return 0
    fi
    cat "$dir"/app.* >"$dir/transactions.txt"
    # latency (ms) by window: before, during, after and, for recast, each phase; then the lowest 1-s tps
    awk -v start="$start" -v end="$end" -v after="$AFTER" -v phases="$phases" -v total="$total" '
        BEGIN {
            n = split(phases, p, ",")
            t = end - total / 1000.0    # recast started its clock here (the JVM had started before)
            for (i = 1; i <= n; i++) { split(p[i], kv, ":"); name[i] = kv[1]; from[i] = t; t += kv[2] / 1000.0 }
        }
        {
            # client, transaction, latency (us), script, epoch second, microseconds, schedule lag
            at = $5 + $6 / 1e6; ms = $3 / 1000.0
            if (at < start) w = "before"; else if (at <= end) w = "during"; else if (at <= end + after) w = "after"; else next
            print w "\t" ms
            if (w == "during" && n > 0) {
                ph = "start"
                for (i = 1; i <= n; i++) if (at >= from[i]) ph = name[i]
                print "phase:" ph "\t" ms
            }
            if (at >= start) count[$5]++
        }
        END {
            lowest = -1
            for (s = int(start) + 1; s < int(end + after); s++) if (lowest < 0 || count[s] + 0 < lowest) lowest = count[s] + 0
            print "lowest\t" lowest
        }' "$dir/transactions.txt" | sort -t $'\t' -k1,1 -k2,2g | awk -F '\t' '
        function flush() { if (key != "") { i = int(c * 0.99); if (i < 1) i = 1; printf "%s %.1f %.1f %d\n", key, v[i], v[c], c } }
        $1 == "lowest" { print "lowest " $2 " 0 0"; next }
        $1 != key { flush(); key = $1; c = 0 }
        { v[++c] = $2 }
        END { flush() }' >"$dir/windows.txt"
    echo "$size $round load $tool $(elapsed "$start" "$end") $(val "$dir" before 2) $(val "$dir" before 3) $(val "$dir" during 2) $(val "$dir" during 3)" \
        "$(val "$dir" after 2) $(val "$dir" after 3) $(val "$dir" lowest 2) $twin ${hold:--}" >>"$OUT/runs.txt"
    if [[ "$tool" == recast ]]; then
        local ph
        for ph in start ${phases//,/ }; do
            ph="${ph%%:*}"
            echo "$size $round $ph $(val "$dir" "phase:$ph" 2) $(val "$dir" "phase:$ph" 3) $(val "$dir" "phase:$ph" 4)" >>"$OUT/phases.txt"
        done
        echo "$size $round load $phases" >>"$OUT/phases-load.txt"
    fi
    [[ "$twin" == yes ]] || die "$tool: public.items differs from its twin after round $round (see $dir)"
}

median() {
    sort -g | awk '{ v[NR] = $1 } END { if (!NR) print "-"; else print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}
worst() {
    sort -g | tail -n 1
}
# col SIZE MODE TOOL FIELD: the field of every run of that tool
col() {
    awk -v s="$1" -v m="$2" -v t="$3" -v f="$4" '$1 == s && $3 == m && $4 == t { print $f }' "$OUT/runs.txt"
}
ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 > 0 && a != "-") printf "%.2fx", a / b; else printf "-" }'
}

for size in $SIZES; do
    build_template "$size"
    for round in $(seq 1 "$RUNS"); do
        for mode in idle load; do
            for i in "${!TOOLS[@]}"; do
                run_one "$size" "$round" "$mode" "${TOOLS[$(((i + round - 1) % ${#TOOLS[@]}))]}"
            done
        done
    done
done
q postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "DROP DATABASE IF EXISTS $TEMPLATE WITH (FORCE)"

{
    echo "\`$( [[ ${#RECAST_ARGS[@]} -gt 0 ]] && echo "recast repack ${RECAST_ARGS[*]}: " )SIZES=\"$SIZES\" RUNS=$RUNS RATE=$RATE AFTER=$AFTER scripts/compare.sh\`,"
    echo "$(q1 postgres "SELECT version()" | cut -d' ' -f1-2), $(q1 postgres "SELECT string_agg(name || '=' || current_setting(name), ', ')
        FROM unnest(ARRAY['shared_buffers', 'maintenance_work_mem', 'max_wal_size', 'max_parallel_maintenance_workers',
                          'synchronous_commit']) name"), $(nproc) cores; medians of $RUNS rounds, max columns the worst run's."
    echo
    echo "| rows | tool | idle wall | / pg_repack | / VACUUM FULL | wall under load | app p99 / max before | p99 / max during | p99 / max in the ${AFTER} s after | lowest 1-s tps | twin |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|"
    for size in $SIZES; do
        for tool in "${TOOLS[@]}"; do
            idle="$(col "$size" idle "$tool" 5 | median)"
            echo "| $size | $tool | $idle s | $(ratio "$idle" "$(col "$size" idle pg_repack 5 | median)")" \
                "| $(ratio "$idle" "$(col "$size" idle vacuum_full 5 | median)") | $(col "$size" load "$tool" 5 | median) s" \
                "| $(col "$size" load "$tool" 6 | median) / $(col "$size" load "$tool" 7 | worst) ms" \
                "| $(col "$size" load "$tool" 8 | median) / $(col "$size" load "$tool" 9 | worst) ms" \
                "| $(col "$size" load "$tool" 10 | median) / $(col "$size" load "$tool" 11 | worst) ms" \
                "| $(col "$size" load "$tool" 12 | sort -g | head -n 1)" \
                "| $(sort -u <(col "$size" idle "$tool" 13) <(col "$size" load "$tool" 13) | tr '\n' ' ' | sed 's/ $//') |"
        done
    done
    echo
    echo "recast under load, by phase (\"start\": the JVM and the setup before the first phase's clock):"
    echo
    echo "| rows | phase | duration | app p99 | app max | transactions |"
    echo "|---|---|---|---|---|---|"
    for size in $SIZES; do
        for ph in $(awk -v s="$size" '$1 == s && $2 == 1 { print $3 }' "$OUT/phases.txt"); do
            d="$(awk -v s="$size" -v p="$ph" '$1 == s { n = split($4, a, ","); for (i = 1; i <= n; i++) { split(a[i], kv, ":"); if (kv[1] == p) print kv[2] } }' "$OUT/phases-load.txt" | median)"
            echo "| $size | $ph | ${d:--} ms | $(awk -v s="$size" -v p="$ph" '$1 == s && $3 == p { print $4 }' "$OUT/phases.txt" | median) ms" \
                "| $(awk -v s="$size" -v p="$ph" '$1 == s && $3 == p { print $5 }' "$OUT/phases.txt" | worst) ms" \
                "| $(awk -v s="$size" -v p="$ph" '$1 == s && $3 == p { print $6 }' "$OUT/phases.txt" | median) |"
        done
    done
    echo
    echo "recast's lock hold (ms), each run: $(awk '$4 == "recast" { printf "%s%s %s %s", sep, $1, $3, $14; sep = "; " }' "$OUT/runs.txt")"
    echo
    echo "The targets, at the largest size ($(echo "$SIZES" | tr ' ' '\n' | sort -n | tail -n 1) rows):"
    big="$(echo "$SIZES" | tr ' ' '\n' | sort -n | tail -n 1)"
    r_idle="$(col "$big" idle recast 5 | median)"
    p_idle="$(col "$big" idle pg_repack 5 | median)"
    v_idle="$(col "$big" idle vacuum_full 5 | median)"
    before="$(col "$big" load recast 6 | median)"
    during="$(col "$big" load recast 8 | median)"
    rmax="$(cat <(col "$big" load recast 9) <(col "$big" load recast 11) | worst)"
    pmax="$(cat <(col "$big" load pg_repack 9) <(col "$big" load pg_repack 11) | worst)"
    met() { # an awk condition; a value of "-" (a tool not run) means not measured
        if [[ " $1 " == *" - "* ]]; then echo "not measured"; elif awk "BEGIN { exit !($1) }"; then echo met; else echo "not met"; fi
    }
    echo "- idle <= 1.0x pg_repack: $(ratio "$r_idle" "$p_idle"), $(met "$r_idle <= $p_idle"); <= 1.0x VACUUM FULL: $(ratio "$r_idle" "$v_idle"), $(met "$r_idle <= $v_idle")"
    echo "- app p99 during <= 2x before + 10 ms: $during ms against $(awk -v b="$before" 'BEGIN { print 2 * b + 10 }') ms, $(met "$during <= 2 * $before + 10")"
    if [[ -n "$pmax" ]]; then
        echo "- app max during and ${AFTER} s after <= 100 ms and below pg_repack's ($pmax ms): $rmax ms, $(met "$rmax <= 100 && $rmax < $pmax")"
    else
        echo "- app max during and ${AFTER} s after <= 100 ms (pg_repack not run): $rmax ms, $(met "$rmax <= 100")"
    fi
    echo "- every run equal to its twin: $(awk '$13 != "yes" { bad++ } END { print bad ? bad " runs NOT" : "yes" }' "$OUT/runs.txt")"
} >"$OUT/result.md"
cat "$OUT/result.md"
if [[ "${WRITE_README:-0}" == 1 ]]; then
    readme_section compare.sh "$OUT/result.md"
fi
