#!/usr/bin/env bash
# Builds the JMH module and runs it against the local server (database recast_bench).
# Extra arguments go to JMH, e.g.:  scripts/bench.sh -p batchSize=10000 -rf json -rff /tmp/bench.json
# BENCH selects the benchmarks (a JMH regexp, default BatchCopyBenchmark; BENCH=. runs them all).
# Environment: PGHOST/PGPORT/PGUSER/PGPASSWORD (default 127.0.0.1/5432/postgres),
# RECAST_BENCH_DATABASE (default recast_bench). The build runs offline first and goes online
# only when something is missing from ~/.m2 (a fresh machine has no JMH yet).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

if ! mvn -q -B -o -pl benchmarks -am package -DskipTests >/tmp/recast-bench-build.log 2>&1; then
    echo "bench.sh: offline build failed, retrying online (log: /tmp/recast-bench-build.log)" >&2
    if ! mvn -q -B -pl benchmarks -am package -DskipTests; then
        echo "bench.sh: building the benchmarks (with the engine) failed" >&2
        exit 1
    fi
fi

exec java -jar benchmarks/target/benchmarks.jar "${BENCH:-BatchCopyBenchmark}" "$@"
