#!/usr/bin/env bash
# Subtree move benchmark on PostgreSQL (issue 13): a throwaway server (scripts/_pg.sh), seeded with N synthetic
# members (default 100,000: the seeded register then has one province holding them all), then bench/move.py: the
# largest province moved to another parent and back by move_organization, 3 moves, median and checks.
# Usage: bash bench/pg-move.sh [N] [RUNS]   (PG_HOLD=1 / PG_SEED_ONLY=1: keep the seeded server, bench/_seeded_pg.sh)
# shellcheck source=bench/_seeded_pg.sh
. "$(dirname "${BASH_SOURCE[0]}")/_seeded_pg.sh" mbench
seeded_postgres "${1:-100000}" "-c shared_buffers=1GB -c work_mem=64MB"
echo "==> subtree move benchmark"
uv run --frozen python bench/move.py --runs "${2:-3}" --json
hold_postgres
