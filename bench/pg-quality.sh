#!/usr/bin/env bash
# Data-quality benchmark on PostgreSQL (issue 14.5): a throwaway server (scripts/_pg.sh), seeded with N synthetic
# members (default 1,000,000), then bench/quality.py: the report of the whole register and its page.
# Usage: bash bench/pg-quality.sh [N]   (PG_HOLD=1 / PG_SEED_ONLY=1: keep the seeded server, bench/_seeded_pg.sh)
# shellcheck source=bench/_seeded_pg.sh
. "$(dirname "${BASH_SOURCE[0]}")/_seeded_pg.sh" qbench
seeded_postgres "${1:-1000000}" "-c shared_buffers=2GB -c work_mem=64MB -c maintenance_work_mem=512MB"
echo "==> data-quality benchmark"
uv run --frozen python bench/quality.py --runs 3 --page-runs 3 --json || echo "==> the benchmark failed"
hold_postgres  # PG_HOLD=1 (formerly QUALITY_HOLD=1): keep the seeded server, see bench/_seeded_pg.sh
