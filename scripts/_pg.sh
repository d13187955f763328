# A throwaway PostgreSQL from Debian's package, for the test suite and the benchmarks.
# Source it, then `start_postgres [extra server options]`; DATABASE_URL is exported and the server and its
# directory are removed on exit. Needs pg_bindir() and the postgresql package installed.

pg_bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

# -- a throwaway PostgreSQL --------------------------------------------------------------------------
WORK="$(mktemp -d "${TMPDIR:-/tmp}/dangbo-${PG_WORK_NAME:-test}.XXXXXX")"
PGDATA="$WORK/pg"
PGBIN="$(pg_bindir)"
AS_PG=()
if [ "$(id -u)" -eq 0 ]; then
    # PostgreSQL refuses to run as root: run it as the postgres user the Debian package created.
    id postgres >/dev/null 2>&1 || { echo "error: no postgres user to run the server as" >&2; exit 1; }
    AS_PG=(runuser -u postgres --)
fi
pg_running=0
cleanup() {
    local rc=$?
    if [ "$pg_running" = 1 ]; then
        "${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$PGDATA" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$WORK"
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start_postgres() {
    local port extra="${1:--c fsync=off -c synchronous_commit=off -c full_page_writes=off}"
    port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    mkdir -p "$PGDATA"
    [ ${#AS_PG[@]} -eq 0 ] || chown -R postgres: "$WORK"
    chmod 755 "$WORK"
    echo "==> PostgreSQL $(basename "$(dirname "$PGBIN")") in $PGDATA on 127.0.0.1:$port"
    "${AS_PG[@]}" "$PGBIN/initdb" -D "$PGDATA" -U dangbo --auth=trust -E UTF8 --locale=C.UTF-8 >"$WORK/initdb.log" 2>&1 \
        || { cat "$WORK/initdb.log" >&2; return 1; }
    # By default durability is off: pointless for a database that is thrown away, and the suite runs faster.
    "${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w -t 60 start -o \
        "-p $port -k $PGDATA -c listen_addresses=127.0.0.1 $extra" \
        >/dev/null || { cat "$PGDATA/server.log" >&2; return 1; }
    pg_running=1
    "${AS_PG[@]}" "$PGBIN/createdb" -h 127.0.0.1 -p "$port" -U dangbo dangbo
    export DATABASE_URL="postgres://dangbo@127.0.0.1:$port/dangbo"
}

