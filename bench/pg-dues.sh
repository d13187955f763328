#!/usr/bin/env bash
# Dues benchmark on PostgreSQL (issue 15): a throwaway server (scripts/_pg.sh), seeded with N synthetic members
# (default 1,000,000), then bench/dues.py: one month's obligations, a year's roll-up and sổ, 100,000 portal lines.
# Usage: bash bench/pg-dues.sh [N] [LINES]   (PG_HOLD=1 / PG_SEED_ONLY=1: keep the seeded server, bench/_seeded_pg.sh)
# shellcheck source=bench/_seeded_pg.sh
. "$(dirname "${BASH_SOURCE[0]}")/_seeded_pg.sh" dbench
LINES="${2:-100000}"
seeded_postgres "${1:-1000000}" "-c shared_buffers=2GB -c work_mem=64MB -c maintenance_work_mem=512MB"
echo "==> dues benchmark"
uv run --frozen python bench/dues.py --lines "$LINES" --runs 5 --json
hold_postgres
