"""Fixtures of the year-end tests: a small register with admissions in known years."""

import shutil
from datetime import date
from types import SimpleNamespace

import pytest

from tests.exchange.conftest import soffice  # noqa: F401  (LibreOffice, shared)


@pytest.fixture
def pdftotext():
    exe = shutil.which("pdftotext")
    if exe is None:
        pytest.skip("pdftotext is not installed: apt-get install poppler-utils (scripts/test does it)")
    return exe


@pytest.fixture
def register(tree, members, make_member):
    """tree/members from tests/conftest.py plus admissions in 2019 (1 in A) and 2020 (2 in A, 1 in B)."""
    x19 = make_member(tree.a, "Võ Văn Tám", official=False, decision_date=date(2019, 4, 2))
    x20a = make_member(tree.a, "Phạm Thị Ngọc Ánh", official=False, decision_date=date(2020, 3, 10))
    x20b = make_member(tree.a, "Huỳnh Đức Lộc", official=False, decision_date=date(2020, 11, 20))
    y20 = make_member(tree.b, "Trương Thị Mỹ Duyên", official=False, decision_date=date(2020, 7, 1))
    return SimpleNamespace(tree=tree, members=members, x19=x19, x20a=x20a, x20b=x20b, y20=y20)
