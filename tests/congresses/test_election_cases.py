"""The election cases of issue 13 item 5, worked through the congress actions and pages (each failed before)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from dangbo.congresses import actions, counting
from dangbo.congresses.models import CongressStatus
from dangbo.core.models import AuditEvent
from dangbo.members.actions import record_event

from .conftest import NAMES, OPENED

pytestmark = pytest.mark.django_db


def by_totals(actor, e, issued, valid, invalid, votes: dict[str, int]):
    """Count an election by hand totals and sign it."""
    actions.start_counting(actor, e, issued=issued, by_totals=True)
    cands = {c.full_name: c.pk for c in e.candidates.all()}
    actions.enter_totals(actor, e, totals={cands[n]: v for n, v in votes.items()}, valid=valid, invalid=invalid)
    return actions.sign_result(actor, e)


@pytest.mark.parametrize("body", ["bi_thu", "pho_bi_thu", "chu_nhiem_ubkt"])
def test_a_secretary_list_of_two_names_is_accepted(congress, counters, body):
    e = actions.create_election(counters.one, congress, body=body, seats=1, candidates="Nguyễn Văn An\nTrần Thị Bình",
                                board="Ngô Văn Minh")
    assert [f.message for f in actions.findings(e) if f.is_error] == []
    rv = by_totals(counters.one, e, 12, 12, 0, {"Nguyễn Văn An": 8, "Trần Thị Bình": 4})
    assert [x["name"] for x in rv.data["elected"]] == ["Nguyễn Văn An"]


def test_chi_bo_secretary_third_round_no_fourth_the_level_above_appoints(congress, counters):
    e = actions.create_election(counters.one, congress, body="bi_thu", seats=1, candidates="Nguyễn Văn An",
                                board="Ngô Văn Minh")
    for n in (1, 2, 3):
        assert e.round == n
        rv = by_totals(counters.one, e, 12, 12, 0, {"Nguyễn Văn An": 6})  # exactly half of 12: not elected
        assert rv.data["elected"] == []
        if n < 3:
            assert not rv.data["upper_level_appoints"]
            e = actions.next_round(counters.one, e)
    assert rv.data["upper_level_appoints"] and rv.data["next_round"] == []
    assert any("cấp ủy cấp trên trực tiếp chỉ định" in m and "294-QĐ/TW" in m for m in rv.data["messages"])
    assert not any("Đại hội quyết định" in m for m in rv.data["messages"])
    with pytest.raises(ValidationError, match="không bầu lần thứ tư"):
        actions.next_round(counters.one, e)
    client = Client()
    client.force_login(counters.one)
    page = client.get(f"/dai-hoi/bau-cu/{e.pk}/").content.decode()
    assert "Lập lần bầu tiếp" not in page and "không bầu lần thứ tư" in page


def test_a_member_suspended_before_the_opening_is_not_convened(cell, counters, make_member):
    for i in range(8):
        make_member(cell.org, f"Đảng Viên Số {i + 13}")
    record_event(None, cell.by_name["Lê Văn Cường"], "suspension", effective_date=date(2025, 4, 1),
                 decision_number="7-QĐ/ĐU", decision_date=date(2025, 4, 1))
    c = actions.create_congress(counters.one, organization=cell.org, kind="members", ordinal=3, term_start=2025,
                                term_end=2030, opened_on=OPENED)
    b = counting.base_of(c)
    assert (b.convened, b.present, b.base) == (19, 19, 19)  # a chi bộ of 20, one suspended: 19, not 20
    assert "Lê Văn Cường" not in {r.full_name for r in c.convened.all()}


def test_impossible_figures_are_refused_with_the_figures(congress, counters):
    e = actions.create_election(counters.one, congress, body="chi_uy", seats=3, candidates="\n".join(NAMES[:4]),
                                board="Ngô Văn Minh")
    with pytest.raises(ValidationError, match=r"\(13\).*\(12\)") as exc:
        actions.start_counting(counters.one, e, issued=13, by_totals=True)  # 12 official members present
    assert "issued" in exc.value.message_dict
    actions.start_counting(counters.one, e, issued=12, by_totals=True)
    ids = [c.pk for c in e.candidates.all()]
    with pytest.raises(ValidationError, match="10 × 3 = 30"):
        actions.enter_totals(counters.one, e, totals={ids[0]: 10, ids[1]: 10, ids[2]: 10, ids[3]: 1}, valid=10,
                             invalid=2)
    with pytest.raises(ValidationError, match=r"thu về \(13\).*phát ra \(12\)"):
        actions.enter_totals(counters.one, e, totals={ids[0]: 10}, valid=11, invalid=2)
    actions.enter_totals(counters.one, e, totals={ids[0]: 10, ids[1]: 10, ids[2]: 10}, valid=10, invalid=2)


def test_a_delegate_above_half_once_the_seats_are_full_goes_to_the_presidium(congress, counters):
    e = actions.create_election(counters.one, congress, body="dai_bieu", seats=2,
                                candidates="Nguyễn Văn An\nTrần Thị Bình\nLê Văn Cường", board="Ngô Văn Minh")
    rv = by_totals(counters.one, e, 12, 12, 0, {"Nguyễn Văn An": 8, "Trần Thị Bình": 8, "Lê Văn Cường": 7})
    assert [x["name"] for x in rv.data["elected"]] == ["Nguyễn Văn An", "Trần Thị Bình"]
    assert [x["name"] for x in rv.data["over_half"]] == ["Lê Văn Cường"]
    assert any("Lê Văn Cường" in f and "Đoàn chủ tịch xem xét, quyết định" in f for f in rv.data["findings"])
    client = Client()
    client.force_login(counters.one)
    page = client.get(f"/dai-hoi/bau-cu/{e.pk}/").content.decode()
    assert "Đoàn chủ tịch xem xét, quyết định" in page and "chưa được xác nhận" in page


def test_a_committee_elected_short_of_its_seats_is_a_finding_before_the_standing_committee(congress, counters):
    e = actions.create_election(counters.one, congress, body="cap_uy", seats=3, candidates="\n".join(NAMES[:4]),
                                board="Ngô Văn Minh")
    by_totals(counters.one, e, 12, 12, 0, dict(zip(NAMES[:4], (10, 9, 5, 4), strict=True)))  # 2 of 3 elected
    btv = actions.create_election(counters.one, congress, body="ban_thuong_vu", seats=1,
                                  candidates="Nguyễn Văn An\nTrần Thị Bình", board="Ngô Văn Minh",
                                  at_conference=True, conference_members=2)
    (f,) = [f for f in actions.findings(btv) if f.code == "committee_short"]
    assert "2/3" in f.message and not f.is_error
    client = Client()
    client.force_login(counters.one)
    assert "mới bầu được 2/3 ủy viên" in client.get(f"/dai-hoi/bau-cu/{btv.pk}/").content.decode()


def test_elections_pause_awaiting_the_upper_level_and_resume(congress, counters):
    client = Client()
    client.force_login(counters.one)
    r = client.post(f"/dai-hoi/{congress.pk}/tam-dung/", {"reason": ""})
    assert r.status_code == 200 and "reason" in r.context["pause_form"].errors  # a form error, nothing written
    congress.refresh_from_db()
    assert congress.status == CongressStatus.PREPARING
    r = client.post(f"/dai-hoi/{congress.pk}/tam-dung/",
                    {"reason": "Đồng chí dự kiến làm bí thư không trúng cử chi ủy"})
    assert r.status_code == 302
    congress.refresh_from_db()
    assert congress.status == CongressStatus.PAUSED
    assert "Tạm dừng, chờ ý kiến cấp trên" in client.get(f"/dai-hoi/{congress.pk}/").content.decode()
    with pytest.raises(ValidationError, match="tạm dừng"):
        actions.create_election(counters.one, congress, body="bi_thu", seats=1, candidates="Nguyễn Văn An")
    with pytest.raises(ValidationError):
        actions.resume_elections(counters.one, congress, direction="")
    r = client.post(f"/dai-hoi/{congress.pk}/tiep-tuc/", {"direction": "Công văn 12-CV/ĐU: bầu bổ sung"})
    assert r.status_code == 302
    congress.refresh_from_db()
    assert congress.status == CongressStatus.PREPARING and congress.pause_reason == ""
    kinds = list(AuditEvent.objects.filter(object_id=str(congress.pk), action__in=("congress.pause", "congress.resume"))
                 .order_by("pk").values_list("action", flat=True))
    assert kinds == ["congress.pause", "congress.resume"]
    actions.create_election(counters.one, congress, body="bi_thu", seats=1, candidates="Nguyễn Văn An")


def test_names_are_compared_with_diacritics_and_namesakes_told_apart(congress, counters, cell, make_member):
    e = actions.create_election(counters.one, congress, body="chi_uy", seats=1,
                                candidates="Nguyễn Văn Tú\nNguyễn Văn Tư", board="Ngô Văn Minh")
    assert sorted(c.full_name for c in e.candidates.all()) == ["Nguyễn Văn Tú", "Nguyễn Văn Tư"]
    with pytest.raises(ValidationError, match="năm sinh hoặc đơn vị"):
        actions.update_list(counters.one, e, candidates="Nguyễn Văn An\nNguyễn Văn An", board="Ngô Văn Minh")
    twin = make_member(cell.org, "Nguyễn Văn An", birth_date=date(1968, 2, 3))
    c2 = actions.create_congress(counters.one, organization=cell.org, kind="members", ordinal=4, term_start=2030,
                                 term_end=2035, opened_on=date(2025, 6, 1))
    e2 = actions.create_election(counters.one, c2, body="chi_uy", seats=1,
                                 candidates="Nguyễn Văn An (1968)\nNguyễn Văn An (1980)", board="Ngô Văn Minh")
    rows = {c.unit: c for c in e2.candidates.all()}
    assert set(rows) == {"sinh năm 1968", "sinh năm 1980"}
    assert rows["sinh năm 1968"].member_id == twin.pk
    assert rows["sinh năm 1980"].member_id == cell.by_name["Nguyễn Văn An"].pk
    shown = sorted(c.name for c in counting.engine_election(e2).candidates)
    assert shown == ["Nguyễn Văn An (sinh năm 1968)", "Nguyễn Văn An (sinh năm 1980)"]
    client = Client()
    client.force_login(counters.one)
    page = client.get(f"/dai-hoi/bau-cu/{e2.pk}/").content.decode()
    assert "Nguyễn Văn An (sinh năm 1968)" in page  # the list as typed keeps what tells them apart
