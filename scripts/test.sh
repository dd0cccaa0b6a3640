#!/usr/bin/env bash
# The README's test command. First every test of every module against the local server (or what
# RECAST_TEST_JDBC_URL / Docker provides, see README), then the integration tests of the engine
# (scenarios and concurrency tests included) and of the command line against each major in
# RECAST_TEST_MAJORS (default: the oldest and the newest supported, 13 and 18), each a throwaway cluster
# from scripts/pg-server.sh. The unit tests, which use no server, ran in the first step and are not repeated.
# RECAST_TEST_MAJORS="" skips the matrix. The run on RECAST_TEST_REPLICA_MAJOR (default 13) also gets a
# streaming standby (scripts/pg-server.sh standby), for the replica-lag tests. Each also gets a second
# cluster of its own (PG_SERVER_NAME=crash) that the fault tests crash and restart (RECAST_TEST_CRASH_URL,
# RECAST_TEST_RESTART: pg-server.sh restart, -m immediate), so that the server under test is never crashed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

mvn -B -ntp verify

majors=${RECAST_TEST_MAJORS-13 18}
replica_major=${RECAST_TEST_REPLICA_MAJOR-13}
# The real process's tests (ProcessIT: kill -9 of the command line in every phase, about two and a half
# minutes) run in the first step only, to keep the whole run inside CI's time: what they prove is the
# process's, not the server version's. RECAST_TEST_PROCESS_MAJOR=18 runs them against that major too.
process_major=${RECAST_TEST_PROCESS_MAJOR-}
started=()
stop_all() {
    for m in "${started[@]}"; do
        scripts/pg-server.sh stop "$m" || true
        PG_SERVER_NAME=crash scripts/pg-server.sh stop "$m" || true
    done
}
trap stop_all EXIT

for m in $majors; do
    echo "==> PostgreSQL $m: starting a throwaway cluster"
    url=$(scripts/pg-server.sh start "$m")
    started+=("$m")
    replica=""
    if [ "$m" = "$replica_major" ]; then
        echo "==> PostgreSQL $m: starting a streaming standby"
        replica=$(scripts/pg-server.sh standby "$m")
    fi
    echo "==> PostgreSQL $m: starting a second cluster for the tests that crash their server"
    crash=$(PG_SERVER_NAME=crash scripts/pg-server.sh start "$m")
    skip_process=""
    if [ "$m" != "$process_major" ]; then
        skip_process=1
    fi
    echo "==> PostgreSQL $m: engine and command-line integration tests against $url${replica:+ (standby $replica)}${skip_process:+ (not ProcessIT)}"
    RECAST_TEST_MATRIX=1 RECAST_TEST_JDBC_URL="$url" RECAST_TEST_REPLICA_URL="$replica" RECAST_TEST_CRASH_URL="$crash" \
        RECAST_TEST_RESTART="PG_SERVER_NAME=crash $PWD/scripts/pg-server.sh restart $m" \
        mvn -B -ntp -pl engine,cli verify \
        -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false ${skip_process:+"-Dit.test=*IT,!ProcessIT"}
    scripts/pg-server.sh stop "$m"
    PG_SERVER_NAME=crash scripts/pg-server.sh stop "$m"
done
