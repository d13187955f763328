#!/usr/bin/env bash
# Consolidated report benchmark on PostgreSQL (issue 12): a throwaway server (scripts/_pg.sh), migrated, then
# bench/consolidated.py --seed N (default 2,000 organisations under one upper level, each with an accepted
# submission) and the timed runs. Usage: bash bench/pg-consolidated.sh [N] [REPEAT]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PG_WORK_NAME=cbench
# shellcheck source=scripts/_pg.sh
. scripts/_pg.sh
start_postgres "-c shared_buffers=256MB -c work_mem=16MB -c fsync=off -c synchronous_commit=off"
export DANGBO_DATA_DIR="$WORK/data"
uv run --frozen dangbo migrate >/dev/null
echo "==> consolidated report benchmark, ${1:-2000} organisations; load: $(cut -d' ' -f1-3 /proc/loadavg)"
uv run --frozen python bench/consolidated.py --seed "${1:-2000}" --repeat "${2:-3}" --document --json
echo "==> load after: $(cut -d' ' -f1-3 /proc/loadavg)"
