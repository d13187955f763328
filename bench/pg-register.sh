#!/usr/bin/env bash
# Register benchmarks on PostgreSQL (issue 2): a throwaway server with durable settings (fsync on), seeded
# with N synthetic members (default 1,000,000), then bench/register.py. Run `bash scripts/test` once
# first so that PostgreSQL is installed. Usage: bash bench/pg-register.sh [N]
# shellcheck source=bench/_seeded_pg.sh
. "$(dirname "${BASH_SOURCE[0]}")/_seeded_pg.sh" bench
seeded_postgres "${1:-1000000}" "-c shared_buffers=2GB -c work_mem=64MB -c maintenance_work_mem=1GB -c max_wal_size=8GB"
echo "==> register benchmarks"
uv run --frozen python bench/register.py --n 300 --json
