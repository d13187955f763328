"""Inspections in tests/conftest.py's tree: the đảng bộ's ủy ban kiểm tra inspects Mến (chi bộ A)."""

from datetime import date

import pytest

from dangbo.inspection import actions


@pytest.fixture
def inspection(tree, members, users):
    return actions.open_inspection(
        users.office, organization=tree.root, body="ubkt", kind="kiem_tra", basis="dau_hieu",
        subject_member=members.men, content="Việc chấp hành quy chế làm việc", decision_number="05-QĐ/UBKT",
        decision_date=date(2025, 3, 2), signer="Chủ nhiệm UBKT", team_leader="Phó Chủ nhiệm UBKT",
        period_from=date(2025, 3, 5), period_to=date(2025, 4, 5))


def conclude(actor, i, violation=True, on=date(2025, 4, 10)):
    return actions.conclude_inspection(actor, i, concluded_on=on, conclusion="Có vi phạm quy chế làm việc."
                                       if violation else "Không có vi phạm.", violation_found=violation,
                                       violations="Vi phạm quy chế làm việc" if violation else "",
                                       discipline_required=violation, conclusion_number="3-TB/UBKT")


@pytest.fixture
def office_scope(users):
    from dangbo.core.scopes import scope_for

    return scope_for(users.office)
