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
