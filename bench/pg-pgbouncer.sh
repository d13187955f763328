#!/usr/bin/env bash
# dangbo through PgBouncer in transaction pooling mode (docs/operations.md "PgBouncer"): a throwaway PostgreSQL
# (scripts/_pg.sh) seeded with N members (default 20,000), a PgBouncer in front of it on loopback (2 server
# connections), then bench/pgbouncer.py without and with DANGBO_DISABLE_SERVER_SIDE_CURSORS, and a `dangbo
# backup` through the pooler. Needs Debian's pgbouncer package. Usage: bash bench/pg-pgbouncer.sh [N]
# shellcheck source=bench/_seeded_pg.sh
. "$(dirname "${BASH_SOURCE[0]}")/_seeded_pg.sh" pgbouncer
command -v pgbouncer >/dev/null || { echo "error: install pgbouncer (apt-get install pgbouncer)" >&2; exit 1; }
seeded_postgres "${1:-20000}" ""
PGPORT="${DATABASE_URL##*:}"; PGPORT="${PGPORT%%/*}"
BPORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
cat >"$WORK/pgbouncer.ini" <<INI
[databases]
dangbo = host=127.0.0.1 port=$PGPORT dbname=dangbo user=dangbo
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $BPORT
unix_socket_dir =
auth_type = trust
auth_file = $WORK/users.txt
pool_mode = transaction
default_pool_size = 2
max_client_conn = 50
logfile = $WORK/pgbouncer.log
pidfile = $WORK/pgbouncer.pid
INI
echo '"dangbo" ""' >"$WORK/users.txt"
[ ${#AS_PG[@]} -eq 0 ] || chown postgres: "$WORK/pgbouncer.ini" "$WORK/users.txt"
"${AS_PG[@]}" pgbouncer -d "$WORK/pgbouncer.ini"
trap 'rc=$?; set +e; kill "$(cat "$WORK/pgbouncer.pid")" 2>/dev/null; (exit $rc); cleanup' EXIT
sleep 1
export DATABASE_URL="postgres://dangbo@127.0.0.1:$BPORT/dangbo"
echo "==> $(pgbouncer --version | head -n 1), transaction pooling, 2 server connections; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "==> without DANGBO_DISABLE_SERVER_SIDE_CURSORS (expected to fail)"
uv run --frozen python bench/pgbouncer.py || true
echo "==> with DANGBO_DISABLE_SERVER_SIDE_CURSORS=1"
DANGBO_DISABLE_SERVER_SIDE_CURSORS=1 uv run --frozen python bench/pgbouncer.py
echo "==> dangbo backup through the pooler"
DANGBO_DISABLE_SERVER_SIDE_CURSORS=1 uv run --frozen dangbo backup "$WORK/backup.dbk" 2>&1 | tail -n 1
