#!/usr/bin/env bash
# Year-end report benchmark on PostgreSQL (issue 6): a throwaway server (scripts/_pg.sh), seeded with N
# synthetic members (default 100,000), then bench/report.py on the top organisation.
# Usage: bash bench/pg-report.sh [N] [YEAR] [--close-periods]   (further arguments go to bench/report.py)
# shellcheck source=bench/_seeded_pg.sh
. "$(dirname "${BASH_SOURCE[0]}")/_seeded_pg.sh" rbench
YEAR="${2:-$(($(date +%Y) - 1))}"
seeded_postgres "${1:-100000}" "-c shared_buffers=1GB -c work_mem=64MB"
echo "==> year-end report benchmark"
uv run --frozen python bench/report.py --year "$YEAR" --json "${@:3}"
