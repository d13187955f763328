"""A candidate in chi bộ A (tests/conftest.py's tree), and helpers to walk the pipeline."""

from datetime import date

import pytest

from dangbo.admission import actions


@pytest.fixture
def candidate(tree, members, users):
    return actions.propose_candidate(
        users.secretary, organization=tree.a, full_name="Phan Thị Thu Trang", birth_date=date(2000, 7, 20),
        gender="F", education_grade=12, proposed_by="Đoàn Thanh niên cơ sở", proposed_on=date(2025, 3, 2),
        citizen_id="001200012345", workplace="Văn phòng", residence="Phường Ba Đình")


def complete_dossier(actor, c, introducers, certificate=date(2025, 3, 20)):
    """Every step before the chi bộ's vote, dated in spring 2025."""
    actions.record_certificate(actor, c, on=certificate, document="123/GCN", issuer="Trung tâm chính trị")
    actions.record_application(actor, c, on=date(2025, 4, 1))
    for m in introducers:
        actions.add_introducer(actor, c, member=m, on=date(2025, 4, 2), months_known=24, document="Phiếu")
    actions.record_verification(actor, c, on=date(2025, 4, 20), document="KQ thẩm tra số 5")
    actions.record_comment(actor, c, where="work", on=date(2025, 4, 21), issuer="Công đoàn cơ quan")
    actions.record_comment(actor, c, where="home", on=date(2025, 4, 22), issuer="Chi bộ khu dân cư số 3")
