"""Fixtures of the congresses tests: a chi bộ of twelve official members and its congress."""

from datetime import date
from types import SimpleNamespace

import pytest

NAMES = [
    "Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em", "Vũ Thị Giang",
    "Đặng Văn Hải", "Bùi Thị Hạnh", "Đỗ Văn Khánh", "Hồ Thị Lan", "Ngô Văn Minh", "Dương Thị Nga",
]
OPENED = date(2025, 5, 20)


@pytest.fixture
def cell(tree, make_member):
    people = [make_member(tree.a, n) for n in NAMES]
    return SimpleNamespace(org=tree.a, root=tree.root, people=people, by_name={p.full_name: p for p in people})


@pytest.fixture
def counters(make_user, tree):
    return SimpleNamespace(one=make_user("secretary", tree.a, username="kiemphieu1"),
                           two=make_user("secretary", tree.a, username="kiemphieu2"),
                           office=make_user("office", tree.root, username="vanphong_dh"))


@pytest.fixture
def congress(cell, counters):
    from dangbo.congresses import actions

    return actions.create_congress(counters.one, organization=cell.org, kind="members", ordinal=3, term_start=2025,
                                   term_end=2030, opened_on=OPENED, place="Hà Nội")


def chi_uy(congress, actor, seats=3, names=NAMES[:4], board=("Ngô Văn Minh", "Dương Thị Nga")):
    """A chi ủy election with a surplus of one, counting started with every present member's ballot."""
    from dangbo.congresses import actions

    e = actions.create_election(actor, congress, body="chi_uy", seats=seats, candidates="\n".join(names),
                                board="\n".join(board))
    return e


def ids(election, *names):
    by = {c.full_name: c.pk for c in election.candidates.all()}
    return [by[n] for n in names]


def enter_both(election, number, kept, one, two):
    from dangbo.congresses import actions

    actions.record_ballot(one, election, number=number, counter=1, kept=kept)
    actions.record_ballot(two, election, number=number, counter=2, kept=kept)


@pytest.fixture
def writer():
    """LibreOffice with Writer (DOCX -> PDF). Under CI its absence fails; elsewhere the test is skipped."""
    import os
    import shutil

    exe = shutil.which("soffice") or shutil.which("libreoffice")
    has_writer = exe is not None and any(
        os.path.exists(p) for p in ("/usr/lib/libreoffice/program/libswlo.so", "/usr/lib/libreoffice/program/swriter"))
    if not has_writer:
        msg = "LibreOffice Writer is not installed: apt-get install libreoffice-writer-nogui"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(msg)
        pytest.skip(msg)
    return exe
