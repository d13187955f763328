"""Defect 4 of issue 10: an open review follows the register on its review date («Cập nhật theo sổ đảng viên»)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from dangbo.core.models import AuditEvent
from dangbo.core.scopes import ScopeDenied
from dangbo.evaluations import actions
from dangbo.evaluations.models import MemberRating, OrgRating, RatingStatus
from dangbo.members.actions import admit_member, record_event
from dangbo.organizations.models import OrgKind

pytestmark = pytest.mark.django_db

REVIEW_DAY = date(2026, 12, 15)


@pytest.fixture
def review(users, tree, members):
    return actions.open_review(None, tree.root, year=2026, review_date=REVIEW_DAY)


def kinds(changes):
    return sorted((c["kind"], c["name"]) for c in changes)


def test_late_admission_transfer_in_and_transfer_are_caught_and_applied(review, tree, members, users, make_member,
                                                                       make_org):
    # After opening: a member admitted in July (on paper, entered late), one who came from outside the
    # register in May, one imported with an early admission, and Lan transferred from A to B in November.
    late = make_member(tree.a, "Phạm Văn Muộn", official=False, decision_date=date(2026, 7, 1))
    came = admit_member(None, organization=tree.b, decision_date=date(2001, 5, 5), ceremony_date=date(2001, 5, 19),
                        official_date=date(2002, 5, 19), transfer_in_date=date(2026, 5, 10), source="import",
                        dossier={"full_name": "Vũ Thị Đến", "birth_date": date(1980, 1, 1), "gender": "F",
                                 "citizen_id": "001099000001", "card_number": "TN999001"})
    actions.propose(users.secretary, MemberRating.objects.get(review=review, member=members.lan), level=3,
                    self_level=3, points=80)  # chi bộ A proposed Lan before her transfer was recorded
    record_event(None, members.lan, "transfer", effective_date=date(2026, 11, 1), to_organization=tree.b)
    assert not MemberRating.objects.filter(review=review, member__in=[late, came]).exists()  # the defect

    changes = actions.register_changes(review)
    assert kinds(changes) == sorted([("added", "Phạm Văn Muộn"), ("added", "Vũ Thị Đến"),
                                     ("moved", "Trần Thị Lan")])
    moved = next(c for c in changes if c["kind"] == "moved")
    assert moved["text"] == ("Chuyển từ Chi bộ Văn phòng sang Chi bộ Tổng hợp; đề xuất của chi bộ cũ được rút, "
                             "chi bộ mới đề xuất lại")

    done = actions.refresh_review(users.office, review)
    assert kinds(done) == kinds(changes)
    r_late = MemberRating.objects.get(review=review, member=late)
    assert not r_late.rated and r_late.not_rated_code == "new_member"  # admitted < 6 months before the date
    r_came = MemberRating.objects.get(review=review, member=came)
    assert r_came.rated and r_came.status == RatingStatus.PENDING and r_came.org_path == tree.b.path
    r_lan = MemberRating.objects.get(review=review, member=members.lan)
    assert r_lan.organization == tree.b and r_lan.org_path == tree.b.path
    assert r_lan.status == RatingStatus.SELF and r_lan.proposed_level is None  # B proposes again
    actions.propose(users.secretary_b, r_lan, level=3, points=80)
    ev = AuditEvent.objects.get(action="rating.review_refresh")
    assert ev.data["counts"]["added"] == 2 and ev.data["counts"]["moved"] == 1
    assert {c["name"] for c in ev.data["changes"]} == {"Phạm Văn Muộn", "Vũ Thị Đến", "Trần Thị Lan"}
    assert actions.register_changes(review) == []
    with pytest.raises(ValidationError, match="không có gì thay đổi"):
        actions.refresh_review(users.office, review)
    assert AuditEvent.objects.filter(action="rating.review_refresh").count() == 1


def test_removed_member_not_rated_with_reason_decided_one_kept_as_a_finding(review, tree, members, users):
    r_men = MemberRating.objects.get(review=review, member=members.men)
    actions.propose(users.secretary, r_men, level=3, self_level=3)
    actions.decide_members(users.office, review, decision_number="1-QĐ/ĐU", decision_date=date(2026, 12, 16),
                           override_reason="x")
    record_event(None, members.men, "removal", effective_date=date(2026, 12, 1))
    record_event(None, members.dung, "death", effective_date=date(2026, 10, 1))
    changes = actions.register_changes(review)
    assert kinds(changes) == [("decided_not_member", "Nguyễn Văn Mến"), ("not_member", "Đặng Văn Dũng")]
    actions.refresh_review(users.office, review)
    dung = MemberRating.objects.get(review=review, member=members.dung)
    assert not dung.rated and dung.status == RatingStatus.NOT_RATED and dung.not_rated_code == actions.NOT_MEMBER
    assert "Không có trong sổ đảng viên" in dung.not_rated_reason and "15/12/2026" in dung.not_rated_reason
    men = MemberRating.objects.get(review=review, member=members.men)
    assert men.status == RatingStatus.DECIDED and men.level == 3  # never changed silently
    assert [f["code"] for f in men.findings if f["code"] == actions.DECIDED_NOT_MEMBER]
    assert actions.register_changes(review) == []  # flagged once


def test_only_the_office_refreshes_and_a_closed_review_is_frozen(review, users, tree, make_member):
    make_member(tree.a, "Phạm Văn Muộn", decision_date=date(2001, 3, 2))
    with pytest.raises(ScopeDenied):
        actions.refresh_review(users.secretary, review)
    actions.close_review(users.office, review)
    review.refresh_from_db()
    with pytest.raises(ValidationError, match="đã kết thúc"):
        actions.refresh_review(users.office, review)
    assert not AuditEvent.objects.filter(action="rating.review_refresh").exists()


def test_new_chi_bo_gets_its_row(review, tree, make_org, make_member, users):
    c = make_org("Chi bộ Mới", OrgKind.CELL, parent=tree.root, founded_on=date(2026, 2, 1))
    make_member(c, "Phạm Văn Muộn", decision_date=date(2001, 3, 2))
    actions.refresh_review(users.office, review)
    assert OrgRating.objects.filter(review=review, organization=c).exists()
    assert MemberRating.objects.get(review=review, member__full_name="Phạm Văn Muộn").organization == c


def test_review_page_says_stale_and_refreshes(as_office, as_secretary, review, tree, make_member):
    page = as_office.get(f"/danh-gia/dot/{review.pk}/").content.decode()
    assert 'id="register-stale"' not in page
    make_member(tree.a, "Phạm Văn Muộn", decision_date=date(2001, 3, 2))
    make_member(tree.b, "Vũ Thị Đến", decision_date=date(2001, 3, 2))
    page = as_office.get(f"/danh-gia/dot/{review.pk}/").content.decode()
    stale = page.split('id="register-stale"')[1].split("</form>")[0]
    assert "2 thay đổi" in stale and "Cập nhật theo sổ đảng viên" in stale
    preview = as_office.get(f"/danh-gia/dot/{review.pk}/cap-nhat/").content.decode()
    assert "Phạm Văn Muộn" in preview and "Vũ Thị Đến" in preview
    # a chi bộ secretary sees the list is stale but cannot refresh it
    assert as_secretary.post(f"/danh-gia/dot/{review.pk}/cap-nhat/").status_code in (302, 403)
    assert not MemberRating.objects.filter(member__full_name="Phạm Văn Muộn").exists()
    resp = as_office.post(f"/danh-gia/dot/{review.pk}/cap-nhat/", {"version": review.version})
    done = resp.content.decode()
    assert resp.status_code == 200 and 'id="register-changes"' in done
    assert "Phạm Văn Muộn" in done and "Thêm vào danh sách (Chi bộ Văn phòng)" in done
    assert MemberRating.objects.filter(review=review, member__full_name="Phạm Văn Muộn").exists()
    assert 'id="register-stale"' not in as_office.get(f"/danh-gia/dot/{review.pk}/").content.decode()
