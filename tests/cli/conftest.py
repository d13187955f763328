import json

import pytest


@pytest.fixture
def run(capsys):
    """run(*argv) -> (exit code, stdout, stderr), calling dangbo.cli.main in-process."""
    from dangbo.cli import main

    def call(*argv):
        code = main([str(a) for a in argv])
        out, err = capsys.readouterr()
        return code, out, err

    return call


@pytest.fixture
def run_json(run):
    def call(*argv):
        code, out, err = run(*argv, "--json")
        assert out.strip(), err
        return code, json.loads(out), err

    return call


def wipe_database():
    """Empty every table the backup covers, as in a database that was just created."""
    from django.db import connection

    from dangbo.core.audit import maintenance
    from dangbo.core.backup import backup_models

    with maintenance(), connection.cursor() as cur:
        for model in reversed(backup_models()):
            cur.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")
