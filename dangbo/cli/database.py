"""Finding, creating and migrating the database the `dangbo` command works on."""

from __future__ import annotations

import os

from .console import SETTINGS, CliError


# -- setup ------------------------------------------------------------------------------------------
def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    import django

    django.setup()


def _ensure_data_dir():
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        name = str(db["NAME"])
        if name != ":memory:" and not name.startswith("file:"):
            try:
                os.makedirs(os.path.dirname(name) or ".", exist_ok=True)
            except OSError as e:
                raise CliError(f"Không tạo được thư mục dữ liệu {os.path.dirname(name)}: {e.strerror}.")


CREATES_DATABASE = {"demo", "migrate", "seed", "restore"}
NEEDS_NO_DATABASE = {"election"}  # `dangbo election count FILE` only reads its file


def check_database(command: str):
    """SQLite: commands that build a database create its folder; the others need the file to exist."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    if not db["ENGINE"].endswith("sqlite3"):
        return
    name = str(db["NAME"])
    if name == ":memory:" or name.startswith("file:") or "mode=memory" in name:
        return
    if command in NEEDS_NO_DATABASE:
        return
    if command in CREATES_DATABASE:
        _ensure_data_dir()
    elif not os.path.exists(name):
        raise CliError(
            f"Chưa có cơ sở dữ liệu {db['NAME']}. Chạy «dangbo migrate» (hoặc «dangbo demo») "
            "trước, hoặc đặt DANGBO_DATA_DIR / DATABASE_URL cho đúng."
        )


def run_migrations(verbosity: int = 0):
    from django.core.management import call_command

    _ensure_data_dir()
    call_command("migrate", interactive=False, verbosity=verbosity)
    call_command("createcachetable", verbosity=0)


def pending_migrations() -> list[str]:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{m.app_label}.{m.name}" for m, _ in plan]


def db_label() -> str:
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        return f"SQLite {db['NAME']}"
    return f"PostgreSQL {db.get('NAME')} trên {db.get('HOST') or 'localhost'}:{db.get('PORT') or 5432}"
