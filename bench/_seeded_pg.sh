# Sourced by bench/pg-*.sh as `. bench/_seeded_pg.sh NAME` (NAME: the work directory's, PG_WORK_NAME): strict mode,
# the repository as the current directory, and a throwaway PostgreSQL server (scripts/_pg.sh), migrated and seeded
# with synthetic members. Usage: seeded_postgres N "SERVER SETTINGS" [more `dangbo seed` options, e.g. --shape national]
# (the seed's JSON, with its time and phases, is kept in $WORK/seed.json)
#
# Seeding 1,000,000 members takes minutes; to measure again and again on one seeded server:
#   PG_HOLD=1     after the benchmark, keep the server running (its DATABASE_URL and DANGBO_DATA_DIR are printed,
#                 and written to $WORK/env) until the file $WORK/done exists; then it is stopped and removed.
#   PG_SEED_ONLY=1  seed and hold without running the benchmark (implies PG_HOLD=1).
# Then, in another shell: `. $WORK/env && uv run --frozen python bench/dues.py ...`; `touch $WORK/done` to end.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PG_WORK_NAME="$1"
# shellcheck source=scripts/_pg.sh
. scripts/_pg.sh

seeded_postgres() {
  start_postgres "$2"
  export DANGBO_DATA_DIR="$WORK/data"
  uv run --frozen dangbo migrate
  echo "==> seeding $1 members"
  uv run --frozen dangbo seed --members "$1" "${@:3}" --json | tee "$WORK/seed.json"
  if [ "${PG_SEED_ONLY:-}" = 1 ]; then
    hold_postgres
    exit 0
  fi
}

hold_postgres() {
  if [ "${PG_HOLD:-}" = 1 ] || [ "${PG_SEED_ONLY:-}" = 1 ]; then
    printf 'export DATABASE_URL=%q DANGBO_DATA_DIR=%q\n' "$DATABASE_URL" "$DANGBO_DATA_DIR" >"$WORK/env"
    echo "==> holding $DATABASE_URL (DANGBO_DATA_DIR=$DANGBO_DATA_DIR; . $WORK/env) until $WORK/done exists"
    while [ ! -e "$WORK/done" ]; do sleep 5; done
  fi
}
