#!/usr/bin/env bash
# Ratings benchmarks on PostgreSQL (issue 4): a throwaway server with durable settings (fsync on), seeded with
# N synthetic members (default 1,000,000), then bench/ratings.py (seeds one decided rating per member for a
# synthetic year, times the roll-up, and the same roll-up in DuckDB over Parquet). Run `bash scripts/test`
# once first so that PostgreSQL is installed. Usage: bash bench/pg-ratings.sh [N]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
N="${1:-1000000}"
PG_WORK_NAME=bench-ratings
# shellcheck source=scripts/_pg.sh
. scripts/_pg.sh
start_postgres "-c shared_buffers=2GB -c work_mem=64MB -c maintenance_work_mem=1GB -c max_wal_size=8GB"
export DANGBO_DATA_DIR="$WORK/data"
uv run --frozen dangbo migrate
echo "==> seeding $N members"
uv run --frozen dangbo seed --members "$N" --json
echo "==> ratings benchmarks"
uv run --frozen python bench/ratings.py --json
