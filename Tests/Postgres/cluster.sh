#!/usr/bin/env bash
# A throwaway PostgreSQL cluster from Debian's packages, for the ledger's tests: its own
# data folder and socket folder under DIR, trust authentication on the socket only, no TCP.
#
#   Tests/Postgres/cluster.sh start DIR   prints the ledger URL (postgresql:///supportgate?host=DIR/socket&port=PORT)
#   Tests/Postgres/cluster.sh stop DIR
#
# PostgreSQL refuses to run as root: the cluster runs as the user "postgres" that the
# Debian package creates. DIR must not exist yet for start; stop removes it.
set -euo pipefail
action=${1:?start or stop}; dir=${2:?a folder}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$bin/initdb" ] || { echo "cluster.sh: no PostgreSQL server (apt-get install postgresql)" >&2; exit 2; }
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
port=${PGTEST_PORT:-54329}
case $action in
start)
    mkdir -p "$dir/socket"
    [ "$(id -u)" -eq 0 ] && chown -R postgres:postgres "$dir"
    as_postgres "$bin/initdb" -D "$dir/data" -U supportgate --auth=trust -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-k $dir/socket -p $port -c listen_addresses='' -c fsync=on -c max_connections=50" start >/dev/null \
        || { cat "$dir/server.log" >&2; exit 1; }
    as_postgres "$bin/createdb" -h "$dir/socket" -p "$port" -U supportgate supportgate
    chmod 0755 "$dir" "$dir/socket"
    echo "postgresql:///supportgate?host=$dir/socket&port=$port&user=supportgate"
    ;;
stop)
    [ -d "$dir/data" ] && as_postgres "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
restart)
    as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -m fast -w -t 60 restart >/dev/null
    ;;
*) echo "cluster.sh: start, stop or restart" >&2; exit 2 ;;
esac
