#!/usr/bin/env bash
# A primary and a streaming replica on this machine (issue 16, "Beyond one machine"): two throwaway Debian
# PostgreSQL servers on loopback, in one temporary directory removed afterwards. The primary is seeded with N
# synthetic members (default 100,000), the replica is cloned from it with `pg_basebackup -R` (streaming
# replication, hot standby), then bench/replica.py serves the year-end report from the replica (dangbo's router,
# DATABASE_REPLICA_URL), checks read-your-writes and measures the replication lag under a write burst.
# Usage: bash bench/pg-replica.sh [N] [YEAR]        (arguments after YEAR go to bench/replica.py)
# shellcheck source=bench/_seeded_pg.sh
. "$(dirname "${BASH_SOURCE[0]}")/_seeded_pg.sh" replica
N="${1:-100000}"
YEAR="${2:-$(($(date +%Y) - 1))}"
shift $(($# < 2 ? $# : 2))
# Durable settings on both: replication needs the WAL that the test servers' fsync=off/full_page_writes=off skip.
SERVER="-c shared_buffers=1GB -c work_mem=64MB"
seeded_postgres "$N" "$SERVER"
PRIMARY_PORT="${DATABASE_URL##*:}"; PRIMARY_PORT="${PRIMARY_PORT%%/*}"
REPLICA_DATA="$WORK/replica"
replica_running=0
stop_replica() {
    if [ "$replica_running" = 1 ]; then
        "${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$REPLICA_DATA" -m immediate -w stop >/dev/null 2>&1 || true
    fi
}
# Stop the replica before scripts/_pg.sh's cleanup stops the primary and removes the directory.
trap 'rc=$?; set +e; stop_replica; (exit $rc); cleanup' EXIT

echo "==> cloning the replica (pg_basebackup -R, WAL streamed)"
started=$(date +%s.%N)
"${AS_PG[@]}" "$PGBIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U dangbo -D "$REPLICA_DATA" -R -X stream \
    -c fast
echo "    basebackup: $(python3 -c "print(round($(date +%s.%N) - $started, 1))") s, $(du -sh "$REPLICA_DATA" | cut -f1)"
REPLICA_PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$REPLICA_DATA" -l "$REPLICA_DATA/server.log" -w -t 120 start -o \
    "-p $REPLICA_PORT -k $REPLICA_DATA -c listen_addresses=127.0.0.1 $SERVER -c hot_standby=on -c hot_standby_feedback=on" \
    >/dev/null || { cat "$REPLICA_DATA/server.log" >&2; exit 1; }
replica_running=1
export DATABASE_REPLICA_URL="postgres://dangbo@127.0.0.1:$REPLICA_PORT/dangbo"
echo "==> replica on 127.0.0.1:$REPLICA_PORT; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
uv run --frozen python bench/replica.py --year "$YEAR" "$@"
echo "==> load average: $(cut -d' ' -f1-3 /proc/loadavg)"
