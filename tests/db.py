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


def demo_fixture(today=None):
    """A module-scoped fixture `demo`: the demo loaded once for the module as of `today` (None: the local date when
    the module's first test asks for it), rolled back after the module's tests."""
    import pytest

    @pytest.fixture(scope="module")
    def demo(django_db_setup, django_db_blocker):
        from django.utils import timezone

        from dangbo.demo import load_demo

        with rolled_back_when_done(django_db_blocker):
            load_demo(today=today or timezone.localdate())
            yield

    return demo


def outside(qs, outside_path: str | None, field: str = "org_path"):
    """The rows of `qs` outside the subtree at `outside_path` (by their path `field`); every row when None."""
    return qs.exclude(**{f"{field}__startswith": outside_path}) if outside_path else qs


def db_property(max_examples: int):
    """A hypothesis property drawing its operations from `data` against the database (one transaction per test,
    no deadline, the slow and large draws allowed): `@db_property(10)` above `def test_…(data)`."""
    import pytest
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    checks = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large]

    def wrap(test):
        drawn = given(data=st.data())(test)
        return pytest.mark.django_db(transaction=False)(
            settings(max_examples=max_examples, deadline=None, suppress_health_check=checks)(drawn))

    return wrap
