#!/usr/bin/env bash
# Data-quality benchmark on PostgreSQL (issue 14.5): a throwaway server (scripts/_pg.sh), seeded with N synthetic
# members (default 1,000,000), then bench/quality.py: the report of the whole register and its page.
# Usage: bash bench/pg-quality.sh [N]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
N="${1:-1000000}"
PG_WORK_NAME=qbench
# shellcheck source=bench/_seeded_pg.sh
. bench/_seeded_pg.sh
seeded_postgres "$N" "-c shared_buffers=2GB -c work_mem=64MB -c maintenance_work_mem=512MB"
echo "==> data-quality benchmark"
uv run --frozen python bench/quality.py --runs 3 --page-runs 3 --json || echo "==> the benchmark failed"
if [ "${QUALITY_HOLD:-}" = 1 ]; then
    # Keep the seeded server to run bench/quality.py again by hand; exits when the file below exists.
    echo "==> holding $DATABASE_URL (DANGBO_DATA_DIR=$DANGBO_DATA_DIR) until $WORK/done exists"
    while [ ! -e "$WORK/done" ]; do sleep 5; done
fi
