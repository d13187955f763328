import pytest


@pytest.fixture(autouse=True)
def _db_access_for_all(db):
    """Every test here talks to the real database (SQLite or PostgreSQL), never a mock."""
