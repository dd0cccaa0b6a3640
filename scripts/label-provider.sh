#!/usr/bin/env bash
# Builds and installs the tests' security label provider (scripts/label-provider/recast_test_label.c)
# for the local PostgreSQL (Debian's packages): installs postgresql-server-dev-MAJOR with apt when the
# server's headers are missing (pg_config alone comes with postgresql-client-MAJOR), then builds the module with PGXS into the server's library directory. The test
# that copies security labels (LostInRewriteIT) loads it per database and skips, saying so, on a
# server without it (the throwaway clusters of scripts/pg-server.sh have no headers to build against).
#
#   scripts/label-provider.sh [MAJOR]    # default: the newest major under /etc/postgresql
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

major=${1:-$(ls /etc/postgresql 2>/dev/null | sort -n | tail -1)}
[ -n "$major" ] || { echo "label-provider.sh: no local PostgreSQL under /etc/postgresql" >&2; exit 1; }
pg_config="/usr/lib/postgresql/$major/bin/pg_config"
if [ ! -x "$pg_config" ] || [ ! -f "$("$pg_config" --includedir-server)/postgres.h" ]; then
    pkg="postgresql-server-dev-$major"
    echo "label-provider.sh: installing $pkg" >&2
    log=$(mktemp)
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$pkg" >"$log" 2>&1; then
        apt-get update -q >>"$log" 2>&1
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$pkg" >>"$log" 2>&1 \
            || { tail -n 20 "$log" >&2; echo "label-provider.sh: could not install $pkg" >&2; exit 1; }
    fi
    rm -f "$log"
fi
build=$(mktemp -d)
trap 'rm -rf "$build"' EXIT
cp scripts/label-provider/recast_test_label.c scripts/label-provider/Makefile "$build/"
make -s -C "$build" PG_CONFIG="$pg_config" >"$build/make.log" 2>&1 && make -s -C "$build" PG_CONFIG="$pg_config" install >>"$build/make.log" 2>&1 \
    || { cat "$build/make.log" >&2; echo "label-provider.sh: the build failed" >&2; exit 1; }
echo "label-provider.sh: recast_test_label installed in $("$pg_config" --pkglibdir)" >&2
