"""Database helpers of the tests (not fixtures)."""

from contextlib import contextmanager


@contextmanager
def rolled_back_when_done(django_db_blocker):
    """For a module-scoped fixture: what is written inside stays for the module's tests and is rolled back
    after them."""
    from django.db import transaction

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def outside(qs, outside_path: str | None, field: str = "org_path"):
    """The rows of `qs` outside the subtree at `outside_path` (by their path `field`); every row when None."""
    return qs.exclude(**{f"{field}__startswith": outside_path}) if outside_path else qs
