"""Helpers of the command tests (`run` and `run_json` are shared fixtures of tests/conftest.py)."""


def wipe_database():
    """Empty every table the backup covers, as in a database that was just created."""
    from django.db import connection

    from dangbo.core.audit import maintenance
    from dangbo.core.backup import backup_models

    with maintenance(), connection.cursor() as cur:
        for model in reversed(backup_models()):
            cur.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")
