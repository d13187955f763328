"""`dangbo serve --processes N`: several gunicorn web processes on PostgreSQL; SQLite keeps one waitress process."""

import pytest

from dangbo.cli import CliError, main, server
from dangbo.cli import jobs as jobs_cli

pytestmark = pytest.mark.django_db


def _engine(settings, engine: str) -> str:
    """Set the default database's ENGINE (the check reads only that) and return the one it replaces."""
    old = settings.DATABASES["default"]["ENGINE"]
    settings.DATABASES["default"] = {**settings.DATABASES["default"], "ENGINE": engine}
    return old


def test_processes_need_postgresql(settings, tmp_path, monkeypatch):
    from gunicorn.app.base import BaseApplication

    settings.STATIC_ROOT = tmp_path / "static"
    # Never a real server, whichever database the suite runs on (on PostgreSQL it would serve port 8000).
    monkeypatch.setattr(BaseApplication, "run", lambda self: pytest.fail("gunicorn started on SQLite"))
    old = _engine(settings, "django.db.backends.sqlite3")
    try:
        with pytest.raises(CliError, match="PostgreSQL"):
            server._serve("127.0.0.1", 8000, worker=False, processes=2)
    finally:
        _engine(settings, old)


def test_processes_below_one_are_refused(capsys):
    assert main(["serve", "--processes", "0"]) == 1
    assert "--processes" in capsys.readouterr().err


def test_several_processes_run_gunicorn_threads_in_each(monkeypatch, settings, tmp_path):
    from gunicorn.app.base import BaseApplication

    settings.STATIC_ROOT = tmp_path / "static"
    old = _engine(settings, "django.db.backends.postgresql")
    ran = []
    monkeypatch.setattr(BaseApplication, "run", lambda self: ran.append(self))
    monkeypatch.setattr(jobs_cli, "stop_worker_process", lambda p: None)
    try:
        assert server._serve("127.0.0.1", 0, threads=6, worker=False, processes=3) == 0
    finally:
        _engine(settings, old)
    (app,) = ran
    assert (app.cfg.workers, app.cfg.threads, app.cfg.worker_class_str) == (3, 6, "gthread")
    assert app.cfg.bind == ["127.0.0.1:0"]
    from dangbo.config.wsgi import application

    assert app.load() is application
