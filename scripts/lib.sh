# Shared helpers of demo.sh, compare-pg-repack.sh, compare.sh, fault-run.sh, copy-speed.sh, stall-probe.sh and
# trigger-cost.sh;
# sourced, not run.
# Connection: PGHOST, PGPORT, PGUSER (and PGPASSWORD) as psql reads them, defaults 127.0.0.1/5432/postgres.

export PGHOST="${PGHOST:-127.0.0.1}"
export PGPORT="${PGPORT:-5432}"
export PGUSER="${PGUSER:-postgres}"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="${RECAST_JAR:-$ROOT/cli/target/recast.jar}"

log() {
    printf '==> %s\n' "$*" >&2
}

die() {
    printf '%s: %s\n' "$(basename "$0")" "$*" >&2
    exit 1
}

now() {
    date +%s.%N
}

# seconds between two `now` readings, 2 decimals
elapsed() {
    awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'
}

# psql DB [psql args...]: quiet, no ~/.psqlrc, stop at the first error
q() {
    local db="$1"
    shift
    psql -X -q -v ON_ERROR_STOP=1 -d "$db" "$@"
}

# one value, unaligned
q1() {
    local db="$1"
    shift
    psql -X -q -v ON_ERROR_STOP=1 -At -d "$db" -c "$*"
}

find_pgbench() {
    local major
    major="$(q1 postgres "SELECT current_setting('server_version_num')::int / 10000")"
    for p in "/usr/lib/postgresql/$major/bin/pgbench" "$(command -v pgbench || true)" /usr/lib/postgresql/*/bin/pgbench; do
        if [[ -n "$p" && -x "$p" ]]; then
            echo "$p"
            return 0
        fi
    done
    die "pgbench not found (Debian: apt-get install postgresql-contrib or postgresql-$major)"
}

# fresh_out: an empty OUT directory holding a copy of the jar (so that a rebuild meanwhile changes nothing)
fresh_out() {
    mkdir -p "$OUT"
    rm -f "$OUT"/*
    ensure_jar
    cp "$JAR" "$OUT/recast.jar"
}

# readme_section NAME FILE: the lines of README.md between "<!-- NAME -->" and "<!-- /NAME -->" become
# FILE's (the scripts' WRITE_README=1)
readme_section() {
    local readme="$ROOT/README.md"
    grep -qx -- "<!-- $1 -->" "$readme" && grep -qx -- "<!-- /$1 -->" "$readme" \
        || die "README.md has no <!-- $1 --> ... <!-- /$1 --> block to write into"
    awk -v name="$1" -v file="$2" '
        $0 == "<!-- " name " -->" { print; while ((getline line < file) > 0) print line; skip = 1; next }
        $0 == "<!-- /" name " -->" { skip = 0 }
        !skip { print }' "$readme" >"$readme.tmp" && mv "$readme.tmp" "$readme"
    log "README.md: its $1 block now holds $2"
}

# Builds cli/target/recast.jar when it is missing (a fresh machine: online, ~/.m2 is empty).
ensure_jar() {
    if [[ -s "$JAR" ]] && java -jar "$JAR" --help >/dev/null 2>&1; then
        return 0
    fi
    log "building $JAR (mvn -q -B package -DskipTests)"
    (cd "$ROOT" && mvn -q -B package -DskipTests) || die "the build failed"
    [[ -s "$JAR" ]] || die "the build produced no $JAR"
}

# recreate_db NAME: drops (disconnecting its sessions) and creates it
recreate_db() {
    q postgres -c "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)" -c "CREATE DATABASE \"$1\""
}

# Everything of recast's left in DB: relations and functions in schema recast, triggers and constraints recast_*.
# Prints one line per leftover; prints nothing when clean.
recast_leftovers() {
    q1 "$1" "
        SELECT 'relation ' || c.oid::regclass FROM pg_class c
         WHERE c.relnamespace = to_regnamespace('recast')
        UNION ALL
        SELECT 'trigger ' || tgname || ' on ' || tgrelid::regclass FROM pg_trigger WHERE tgname LIKE 'recast\\_%'
        UNION ALL
        SELECT 'function ' || p.oid::regprocedure FROM pg_proc p WHERE p.pronamespace = to_regnamespace('recast')
        UNION ALL
        SELECT 'constraint ' || conname || ' on ' || conrelid::regclass FROM pg_constraint
         WHERE conname LIKE 'recast\\_not\\_%' AND conrelid IN (SELECT oid FROM pg_class
                                                          WHERE relnamespace IS DISTINCT FROM to_regnamespace('recast'))
        ORDER BY 1"
}

# start_load DB LOGFILE pgbench-args...: pgbench in the background, progress every second; sets LOAD_PID
start_load() {
    local db="$1" logfile="$2"
    shift 2
    "$PGBENCH" -n -P 1 "$@" "$db" >"$logfile" 2>&1 &
    LOAD_PID=$!
    sleep 1
    kill -0 "$LOAD_PID" 2>/dev/null || { cat "$logfile" >&2; die "pgbench did not start"; }
}

# kill_load: ends our pgbench, if one runs (pgbench started in the background ignores SIGINT)
kill_load() {
    if [[ -n "${LOAD_PID:-}" ]] && kill -0 "$LOAD_PID" 2>/dev/null; then
        kill -TERM "$LOAD_PID" 2>/dev/null || true
        wait "$LOAD_PID" 2>/dev/null || true
    fi
    LOAD_PID=
}

# stop_load DB: ends our pgbench and waits until the server has no session of it left, so that
# whatever it had in flight is rolled back before anything is compared
stop_load() {
    local db="$1" i
    kill_load
    for i in $(seq 1 100); do
        [[ "$(q1 "$db" "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'pgbench'")" == 0 ]] && return 0
        sleep 0.1
    done
    log "pgbench sessions still open in $db after 10 s"
}

# load_stats LOGFILE: "<mean tps> <worst 1-s mean latency ms> <failed> <aborted clients>" from pgbench -P 1 output
load_stats() {
    awk '
        /^progress:/ {
            for (i = 1; i <= NF; i++) {
                if ($(i) ~ /^tps/) { tps += $(i - 1); n++ }
                if ($(i) == "lat" && $(i + 1) + 0 > worst) { worst = $(i + 1) + 0 }
                if ($(i) ~ /^failed/) { failed += $(i - 1) }
            }
        }
        /client [0-9]+ aborted/ { aborted++ }
        END { printf "%.1f %.1f %d %d\n", (n ? tps / n : 0), worst, failed, aborted }
    ' "$1"
}

# json_num FILE FIELD: a numeric top-level field of recast's --output json
json_num() {
    tr -d '\n' <"$1" | grep -o "\"$2\"[[:space:]]*:[[:space:]]*-\?[0-9.]*" | head -n1 | sed 's/.*:[[:space:]]*//'
}

pretty_bytes() {
    awk -v b="$1" 'BEGIN {
        split("B kB MB GB TB", u, " "); i = 1
        while (b >= 1024 && i < 5) { b /= 1024; i++ }
        printf (i == 1 ? "%d %s" : "%.1f %s"), b, u[i]
    }'
}

# ensure_pg_repack: installs postgresql-<major>-repack from apt when pg_repack or its extension is
# missing (its apt log goes to OUT/apt.log)
ensure_pg_repack() {
    local major pkg
    major="$(q1 postgres "SELECT current_setting('server_version_num')::int / 10000")"
    pkg="postgresql-$major-repack"
    if command -v pg_repack >/dev/null && [[ -n "$(q1 postgres "SELECT 1 FROM pg_available_extensions WHERE name = 'pg_repack'")" ]]; then
        return 0
    fi
    log "installing $pkg"
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$pkg" >"$OUT/apt.log" 2>&1; then
        apt-get update -q >>"$OUT/apt.log" 2>&1
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$pkg" >>"$OUT/apt.log" 2>&1 \
            || { tail -n 20 "$OUT/apt.log" >&2; die "could not install $pkg"; }
    fi
}

# create_items DB ROWS: public.items with ROWS rows of about 200 bytes and its primary key, nothing else
create_items() {
    q "$1" <<SQL
CREATE TABLE public.items (
    id bigint PRIMARY KEY,
    account bigint NOT NULL,
    status text NOT NULL,
    amount numeric(12,2) NOT NULL,
    note text NOT NULL,
    created timestamptz NOT NULL
);
INSERT INTO public.items
SELECT g, g % 100000, (ARRAY['new','paid','shipped'])[1 + g % 3], (g % 10000) / 100.0,
       repeat(md5(g::text), 4), timestamptz '2024-01-01' + g * interval '1 second'
  FROM generate_series(1, $2) g;
SQL
}

# build_items DB ROWS: public.items as copy-speed.sh and stall-probe.sh measure it: create_items, two
# secondary indexes, half the rows updated and a plain VACUUM, which leaves about a third of the heap free
build_items() {
    create_items "$1" "$2"
    q "$1" <<SQL
CREATE INDEX items_account ON public.items (account);
CREATE INDEX items_created ON public.items (created);
UPDATE public.items SET amount = amount + 1 WHERE id % 2 = 0;
VACUUM ANALYZE public.items;
SQL
}

# The columns of public.orders that compare-pg-repack.sh and fault-run.sh copy to the twin table.
ORDERS_COLS="id, customer_id, status, amount, note, created_at"

# write_twin_load_scripts DIR [TABLE]: pgbench scripts DIR/update.sql, insert.sql and delete.sql, each changing
# a random row (ids up to :maxid) of public.TABLE and public.TABLE_twin in the same transaction. TABLE is
# orders (the default: compare-pg-repack.sh, fault-run.sh; inserts take a generated id) or items (compare.sh;
# inserts take a new id above :maxid); both have amount and status.
write_twin_load_scripts() {
    local t="${2:-orders}"
    cat >"$1/update.sql" <<SQL
\\set id random(1, :maxid)
BEGIN;
UPDATE public.$t SET amount = amount + 1, status = 'paid' WHERE id = :id;
UPDATE public.${t}_twin SET amount = amount + 1, status = 'paid' WHERE id = :id;
END;
SQL
    # one statement, so the twin gets exactly the row the table got (its generated id too), or none
    if [[ "$t" == orders ]]; then
        cat >"$1/insert.sql" <<SQL
\\set c random(1, 10000)
WITH n AS (INSERT INTO public.orders (customer_id, amount, note) VALUES (:c, 1.00, 'load ' || :c) RETURNING $ORDERS_COLS)
INSERT INTO public.orders_twin ($ORDERS_COLS) SELECT $ORDERS_COLS FROM n;
SQL
    else
        cat >"$1/insert.sql" <<'SQL'
\set id random(:maxid + 1, 2 * :maxid)
WITH n AS (INSERT INTO public.items VALUES (:id, :id % 100000, 'new', 1.00, md5(:id::text), now())
           ON CONFLICT (id) DO NOTHING RETURNING *)
INSERT INTO public.items_twin SELECT * FROM n;
SQL
    fi
    cat >"$1/delete.sql" <<SQL
\\set id random(1, :maxid)
BEGIN;
DELETE FROM public.$t WHERE id = :id;
DELETE FROM public.${t}_twin WHERE id = :id;
END;
SQL
}
