#!/usr/bin/env bash
# The tests, with everything they need: installs PostgreSQL when it is missing (apt-get), starts a private
# server on a free 127.0.0.1 port for the run (its own data directory, trust authentication), exports
# POSTGRES_URL, runs `swift test --no-parallel` with the arguments given (one test at a time: the suites that
# start servers, processes and PostgreSQL would otherwise share two cores with every other suite and make the
# timing of the rest unpredictable), then stops and removes the server.
# With POSTGRES_URL already set, that server is used instead and nothing is installed or started.
set -euo pipefail
cd "$(dirname "$0")/.."

find_postgres() {
    local candidates=()
    if command -v initdb >/dev/null 2>&1; then candidates+=("$(dirname "$(command -v initdb)")"); fi
    for directory in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -n -r); do candidates+=("$directory"); done
    for directory in ${candidates[@]+"${candidates[@]}"}; do
        if [ -x "$directory/initdb" ] && [ -x "$directory/pg_ctl" ]; then echo "$directory"; return 0; fi
    done
    return 1
}

install_postgres() {
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1; then sudo=(sudo); else return 1; fi
    fi
    command -v apt-get >/dev/null 2>&1 || return 1
    echo "scripts/test.sh: PostgreSQL is not installed; installing it (apt-get install -y postgresql)" >&2
    ${sudo[@]+"${sudo[@]}"} apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive ${sudo[@]+"${sudo[@]}"} apt-get install -y -qq postgresql >/dev/null
}

free_port() {
    local port
    for _ in $(seq 1 100); do
        port=$(( 20000 + RANDOM % 12000 ))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
    done
    return 1
}

if [ -z "${POSTGRES_URL:-}" ]; then
    if ! bin=$(find_postgres); then
        install_postgres || true
        bin=$(find_postgres) || {
            echo "scripts/test.sh: the tests need PostgreSQL (initdb and pg_ctl) and it could not be installed." >&2
            echo "  Debian/Ubuntu: sudo apt-get install -y postgresql    macOS: brew install postgresql" >&2
            echo "  or point the tests at a server: POSTGRES_URL=postgres://user@127.0.0.1:5432/db scripts/test.sh" >&2
            exit 1
        }
    fi
    as_postgres=()
    data=$(mktemp -d /tmp/cognito-jwt-tests-pg.XXXXXX)
    if [ "$(id -u)" -eq 0 ]; then
        chown postgres "$data"
        as_postgres=(runuser -u postgres --)
    fi
    port=$(free_port)
    stop_postgres() {
        ${as_postgres[@]+"${as_postgres[@]}"} "$bin/pg_ctl" -D "$data/data" -m fast -w stop >/dev/null 2>&1 || true
        rm -rf "$data"
    }
    trap stop_postgres EXIT
    ${as_postgres[@]+"${as_postgres[@]}"} "$bin/initdb" -D "$data/data" -U postgres -A trust -E UTF8 --locale=C \
        --no-sync >"$data/initdb.log" 2>&1 || { cat "$data/initdb.log" >&2; exit 1; }
    ${as_postgres[@]+"${as_postgres[@]}"} "$bin/pg_ctl" -D "$data/data" -l "$data/server.log" -w -t 30 \
        -o "-h 127.0.0.1 -p $port -k $data -c fsync=off -c max_connections=300" start >/dev/null \
        || { cat "$data/server.log" >&2; exit 1; }
    export POSTGRES_URL="postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
    echo "scripts/test.sh: PostgreSQL ($("$bin/postgres" --version | awk '{print $3}')) on 127.0.0.1:$port for this run" >&2
fi

swift test --no-parallel "$@"
