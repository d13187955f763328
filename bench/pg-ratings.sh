#!/usr/bin/env bash
# Ratings benchmarks on PostgreSQL (issue 4): a throwaway server with durable settings (fsync on), seeded with
# N synthetic members (default 1,000,000), then bench/ratings.py (seeds one decided rating per member for a
# synthetic year, times the roll-up, and the same roll-up in DuckDB over Parquet). Run `bash scripts/test`
# once first so that PostgreSQL is installed. Usage: bash bench/pg-ratings.sh [N]
# shellcheck source=bench/_seeded_pg.sh
. "$(dirname "${BASH_SOURCE[0]}")/_seeded_pg.sh" bench-ratings
seeded_postgres "${1:-1000000}" "-c shared_buffers=2GB -c work_mem=64MB -c maintenance_work_mem=1GB -c max_wal_size=8GB"
echo "==> ratings benchmarks"
uv run --frozen python bench/ratings.py --json
