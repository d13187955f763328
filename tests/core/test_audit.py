from datetime import date

import pytest

from dangbo.core import audit
from dangbo.core.audit import maintenance as audit_maintenance
from dangbo.core.models import AuditEvent
from dangbo.organizations.actions import found_organization
from dangbo.organizations.models import OrgKind

pytestmark = pytest.mark.django_db


def _some_events(n=5):
    for i in range(n):
        found_organization(None, code=f"O{i}", name=f"Chi bộ cơ sở số {i}", kind=OrgKind.GRASSROOTS_CELL,
                           founded_on=date(2000, 1, 1))


def test_intact_chain_verifies():
    _some_events()
    checked, problems = audit.verify_chain()
    assert checked == 5 and problems == []


def test_changed_row_is_named():
    _some_events()
    with audit_maintenance():  # an attacker who bypasses the triggers
        AuditEvent.objects.filter(seq=3).update(summary="Thành lập tổ chức khác")
    _, problems = audit.verify_chain()
    assert [p.seq for p in problems] == [3]
    assert "đã bị sửa" in problems[0].message


def test_deleted_row_is_named():
    _some_events()
    with audit_maintenance():  # an attacker who bypasses the triggers
        AuditEvent.objects.filter(seq=2).delete()
    _, problems = audit.verify_chain()
    assert problems and problems[0].seq == 3
    assert "thiếu bản ghi số 2" in problems[0].message


def test_chain_links_each_row_to_the_previous():
    _some_events(3)
    rows = list(AuditEvent.objects.order_by("seq"))
    assert rows[0].prev_hash == audit.GENESIS
    assert all(b.prev_hash == a.hash for a, b in zip(rows, rows[1:], strict=False))
