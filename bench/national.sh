#!/usr/bin/env bash
# National-scale benchmark (issue 16): every target of «a seeded national register of 5.600.000 members» in one
# command. Seeds a throwaway PostgreSQL (scripts/_pg.sh, durable settings) with N members in the national shape
# (`dangbo seed --shape national`: 34 provinces, the 2025 levels, ~107 members a grassroots organisation), then
# bench/national.py: closes the year ends, times the reports, the pages, name search, the ratings roll-up against
# DuckDB and subtree counts, and writes the result as JSON and markdown.
#
#   bash bench/national.sh [N] [YEAR]          N default 5600000; YEAR default last year
#   NATIONAL_OUT=/tmp/nat bash bench/national.sh 150000    → /tmp/nat.json, /tmp/nat.md (default /tmp/dangbo-national-N)
#
# Reusing a seeded database (seeding 5.6 M members takes most of an hour): keep one with
#   PG_SEED_ONLY=1 bash bench/national.sh N     (seeds, prints `. $WORK/env`, holds the server until $WORK/done exists)
# then, in another shell: `. $WORK/env && NATIONAL_REUSE=1 bash bench/national.sh N` measures that database (it is
# seeded first only when it has no organisation). Periods closed by an earlier run are not closed again.
set -euo pipefail
N="${1:-5600000}"
YEAR="${2:-$(($(date +%Y) - 1))}"
OUT="${NATIONAL_OUT:-/tmp/dangbo-national-$N}"
SETTINGS="-c shared_buffers=2GB -c work_mem=64MB -c maintenance_work_mem=1GB -c max_wal_size=8GB"
if [ "${NATIONAL_REUSE:-}" = 1 ]; then
  cd "$(dirname "${BASH_SOURCE[0]}")/.."
  : "${DATABASE_URL:?NATIONAL_REUSE=1 needs DATABASE_URL (and DANGBO_DATA_DIR) of the seeded database}"
  SEED_JSON="$(mktemp)"
  trap 'rm -f "$SEED_JSON"' EXIT
  uv run --frozen dangbo migrate
  if ! uv run --frozen python -c "import sys, django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', \
'dangbo.config.settings'); django.setup(); from dangbo.organizations.models import Organization as O; \
sys.exit(0 if O.objects.exists() else 1)"; then
    echo "==> seeding $N members (national shape)"
    uv run --frozen dangbo seed --members "$N" --shape national --json | tee "$SEED_JSON"
  elif [ -s "$(dirname "$DANGBO_DATA_DIR")/seed.json" ]; then
    cp "$(dirname "$DANGBO_DATA_DIR")/seed.json" "$SEED_JSON"  # a server held by PG_HOLD/PG_SEED_ONLY: its seeding
  fi
else
  # shellcheck source=bench/_seeded_pg.sh
  . "$(dirname "${BASH_SOURCE[0]}")/_seeded_pg.sh" national
  seeded_postgres "$N" "$SETTINGS" --shape national
  SEED_JSON="$WORK/seed.json"
fi
echo "==> national benchmark ($N members, year $YEAR) → $OUT.json, $OUT.md"
uv run --frozen python bench/national.py --year "$YEAR" --seed-json "$SEED_JSON" --out "$OUT"
[ "${NATIONAL_REUSE:-}" = 1 ] || hold_postgres
