# Sourced by bench/pg-*.sh after setting PG_WORK_NAME: a throwaway PostgreSQL server (scripts/_pg.sh), migrated
# and seeded with synthetic members. Usage: seeded_postgres N "SERVER SETTINGS"
# shellcheck source=scripts/_pg.sh
. scripts/_pg.sh

seeded_postgres() {
  start_postgres "$2"
  export DANGBO_DATA_DIR="$WORK/data"
  uv run --frozen dangbo migrate
  echo "==> seeding $1 members"
  uv run --frozen dangbo seed --members "$1" --json
}
