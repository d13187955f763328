#!/usr/bin/env bash
# Many users at once on PostgreSQL (issue 16): a throwaway server (durable settings, fsync on) seeded with N synthetic
# members (default 100,000), then bench/pg_load.py: 50 users, the realistic mix with writers, `dangbo serve
# --processes P` on loopback, bounded by SECONDS. Run `bash scripts/test` once first so that PostgreSQL is installed.
# Usage: bash bench/pg-load.sh [N] [SECONDS] [PROCESSES] [THREADS]
# shellcheck source=bench/_seeded_pg.sh
. "$(dirname "${BASH_SOURCE[0]}")/_seeded_pg.sh" load
seeded_postgres "${1:-100000}" "-c shared_buffers=512MB -c work_mem=32MB -c maintenance_work_mem=256MB -c max_wal_size=4GB -c max_connections=200"
echo "==> 50 users for ${2:-120} s"
uv run --frozen python bench/pg_load.py --users 50 --seconds "${2:-120}" --processes "${3:-4}" --threads "${4:-4}"
hold_postgres
