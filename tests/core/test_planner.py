"""core.bulk.planner: PostgreSQL settings for one block (no JIT, no parallel workers), put back afterwards; on SQLite
the block just runs."""

import pytest
from django.db import connection

from dangbo.core.bulk import planner

pytestmark = pytest.mark.django_db


def _setting(name):
    with connection.cursor() as cur:
        cur.execute("SELECT current_setting(%s)", [name])
        return cur.fetchone()[0]


def test_the_block_runs_and_its_result_is_kept():
    with planner(jit="off", max_parallel_workers_per_gather=0):
        with connection.cursor() as cur:
            cur.execute("SELECT 1 + 1")
            assert cur.fetchone()[0] == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="settings of PostgreSQL's planner")
def test_settings_hold_inside_the_block_only():
    before = _setting("max_parallel_workers_per_gather"), _setting("jit")
    with planner(jit="off", max_parallel_workers_per_gather=0):
        assert (_setting("max_parallel_workers_per_gather"), _setting("jit")) == ("0", "off")
    assert (_setting("max_parallel_workers_per_gather"), _setting("jit")) == before
