"""The pages: a congress from creation to chuẩn y through the web forms, as the chi bộ secretary and the office."""

from datetime import date

import pytest
from django.test import Client

from dangbo.congresses.models import Congress, Election
from dangbo.organizations.models import Term

from .conftest import NAMES

pytestmark = pytest.mark.django_db


def _client(user):
    c = Client()
    c.force_login(user)
    return c


def _ballot(client, e, number, counter, kept_pks, extra=None):
    data = {"number": number, "counter": counter, **{f"c{pk}": "keep" for pk in kept_pks}, **(extra or {})}
    return client.post(f"/dai-hoi/bau-cu/{e.pk}/phieu/", data)


def test_congress_journey_through_the_pages(cell, counters, tree):
    one, two, office = _client(counters.one), _client(counters.two), _client(counters.office)
    r = one.post("/dai-hoi/lap-moi/", {"organization": tree.a.pk, "kind": "members", "ordinal": 4,
                                       "term_start": 2025, "term_end": 2030, "opened_on": "20/05/2025",
                                       "place": "Hà Nội"})
    c = Congress.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/dai-hoi/{c.pk}/"
    page = one.get(f"/dai-hoi/{c.pk}/").content.decode()
    assert "Chi bộ Văn phòng lần thứ IV, nhiệm kỳ 2025–2030" in page and "Hồ Thị Lan" in page
    rows = list(c.convened.all())
    post = {f"present_{x.pk}": "1" for x in rows if x.full_name != "Hồ Thị Lan"}
    lan = next(x for x in rows if x.full_name == "Hồ Thị Lan")
    post |= {f"approved_{lan.pk}": "1", f"reason_{lan.pk}": "Đi công tác nước ngoài"}
    one.post(f"/dai-hoi/{c.pk}/diem-danh/", post)
    page = one.get(f"/dai-hoi/{c.pk}/").content.decode()
    assert "11/12" in page  # present beside convened
    r = one.post(f"/dai-hoi/{c.pk}/bau-cu/", {"body": "chi_uy", "seats": 3, "candidates": "\n".join(NAMES[:4]),
                                              "board": "Ngô Văn Minh\nDương Thị Nga"})
    e = Election.objects.get()
    assert r["Location"] == f"/dai-hoi/bau-cu/{e.pk}/"
    one.post(f"/dai-hoi/bau-cu/{e.pk}/bat-dau/", {"issued": 11})
    e.refresh_from_db()
    assert e.status == "counting"
    pks = {x.full_name: x.pk for x in e.candidates.all()}
    a, b, c_, d = (pks[n] for n in NAMES[:4])
    for n in range(1, 12):
        kept = [a, b, c_] if n <= 8 else [a, b, d]
        _ballot(one, e, n, 1, kept)
        _ballot(two, e, n, 2, kept if n != 5 else [a, b, d])  # one disagreement on ballot 5
    page = one.get(f"/dai-hoi/bau-cu/{e.pk}/").content.decode()
    assert "Phiếu hai người nhập không khớp (1)" in page
    r = one.post(f"/dai-hoi/bau-cu/{e.pk}/ky/")
    e.refresh_from_db()
    assert e.status == "counting"  # refused: a disagreement is open
    one.post(f"/dai-hoi/bau-cu/{e.pk}/xac-dinh/", {"number": 5, f"c{a}": "keep", f"c{b}": "keep", f"c{c_}": "keep"})
    page = one.get(f"/dai-hoi/bau-cu/{e.pk}/").content.decode()
    assert "id=\"khong-khop\"" not in page
    one.post(f"/dai-hoi/bau-cu/{e.pk}/ky/")
    e.refresh_from_db()
    assert e.status == "signed"
    data = one.get(f"/dai-hoi/bau-cu/{e.pk}/ket-qua.json").json()
    assert [x["name"] for x in data["elected"]] == ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"]
    assert (data["convened"], data["present"], data["base"]) == (12, 11, 11)
    csv = one.get(f"/dai-hoi/bau-cu/{e.pk}/ket-qua.csv").content.decode("utf-8-sig")
    assert "Nguyễn Văn An,11,100%" in csv
    docx = one.get(f"/dai-hoi/bau-cu/{e.pk}/bien-ban.docx")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    # secretary of the chi bộ cannot approve; the office of the đảng bộ can
    one.post(f"/dai-hoi/{c.pk}/chuan-y/", {"decision_number": "15-QĐ/ĐU", "decision_date": "02/06/2025"})
    assert not Term.objects.exists()
    office.post(f"/dai-hoi/{c.pk}/chuan-y/", {"decision_number": "15-QĐ/ĐU", "decision_date": "02/06/2025"})
    term = Term.objects.get()
    assert term.is_current and term.approval_date == date(2025, 6, 2)
    org_page = one.get(f"/to-chuc/{tree.a.pk}/").content.decode()
    assert "Cấp ủy tại ngày" in org_page and "15-QĐ/ĐU" in org_page and "Lê Văn Cường" in org_page


def test_meeting_pages(cell, counters, tree):
    one = _client(counters.one)
    page = one.get(f"/dai-hoi/sinh-hoat/them/?to_chuc={tree.a.pk}&ngay=05/03/2025").content.decode()
    assert "Hồ Thị Lan" in page
    lan = cell.by_name["Hồ Thị Lan"].pk
    r = one.post("/dai-hoi/sinh-hoat/them/", {"organization": tree.a.pk, "kind": "monthly", "held_on": "05/03/2025",
                                               "title": "Sinh hoạt tháng 3", "agenda": "Kiểm điểm quý I",
                                               f"absent_{lan}": "1", f"reason_{lan}": "Ốm",
                                               "resolutions": "Thông qua nghị quyết tháng 3"})
    assert r.status_code == 302
    page = one.get(r["Location"]).content.decode()
    assert "11/12" in page and "Ốm" in page
    grid = one.get(f"/dai-hoi/sinh-hoat/?to_chuc={tree.root.pk}&nam=2025").content.decode()
    assert "Chi bộ Văn phòng" in grid and "Sinh hoạt tháng 3" in grid
    # Attendance corrected afterwards: Lan was there after all, Bình was away on duty.
    from dangbo.congresses.models import Meeting
    from dangbo.core.models import AuditEvent

    m = Meeting.objects.get()
    binh = cell.by_name["Trần Thị Bình"].pk
    r = one.post(f"/dai-hoi/sinh-hoat/{m.pk}/diem-danh/", {"version": m.version, f"absent_{binh}": "1",
                                                          f"reason_{binh}": "Đi công tác"})
    assert r.status_code == 302
    page = one.get(r["Location"]).content.decode()
    assert "Đi công tác" in page and 'value="Ốm"' not in page and "11/12" in page
    assert AuditEvent.objects.filter(action="meeting.attendance").count() == 1
    stale = one.post(f"/dai-hoi/sinh-hoat/{m.pk}/diem-danh/", {"version": m.version}, follow=True)
    assert "vừa được người khác cập nhật" in stale.content.decode()


def test_congress_particulars_page(congress, counters, tree, make_user):
    office = _client(counters.office)
    page = office.get(f"/dai-hoi/{congress.pk}/sua/").content.decode()
    assert "Sửa thông tin đại hội" in page and 'value="Hà Nội"' in page
    resp = office.post(f"/dai-hoi/{congress.pk}/sua/", {"ordinal": "3", "term_start": "2025", "term_end": "2020",
                                                        "opened_on": congress.opened_on.strftime("%d/%m/%Y")},
                       follow=True)
    assert "Năm kết thúc nhiệm kỳ phải sau năm bắt đầu" in resp.content.decode()
    resp = office.post(f"/dai-hoi/{congress.pk}/sua/", {
        "ordinal": "3", "term_start": "2025", "term_end": "2030", "opened_on": congress.opened_on.strftime("%d/%m/%Y"),
        "place": "Phòng họp số 2", "tie_rule": "next_round"})
    assert resp.status_code == 302
    congress.refresh_from_db()
    assert congress.place == "Phòng họp số 2"
    outsider = _client(make_user("secretary", tree.b))
    assert outsider.get(f"/dai-hoi/{congress.pk}/sua/").status_code in (403, 404)


def test_buttons_say_what_they_did_or_why_not(cell, counters, tree):
    """The buttons without a form (lập lại danh sách, bầu tiếp): success and refusal as messages, back to the page."""
    one = _client(counters.one)
    one.post("/dai-hoi/lap-moi/", {"organization": tree.a.pk, "kind": "members", "ordinal": 4,
                                   "term_start": 2025, "term_end": 2030, "opened_on": "20/05/2025"})
    c = Congress.objects.get()
    r = one.post(f"/dai-hoi/{c.pk}/lap-lai-danh-sach/", follow=True)
    assert r.redirect_chain[-1][0] == f"/dai-hoi/{c.pk}/"
    assert "Đã lập lại danh sách triệu tập." in r.content.decode()
    one.post(f"/dai-hoi/{c.pk}/bau-cu/", {"body": "chi_uy", "seats": 3, "candidates": "\n".join(NAMES[:4]),
                                          "board": "Ngô Văn Minh\nDương Thị Nga"})
    e = Election.objects.get()
    r = one.post(f"/dai-hoi/bau-cu/{e.pk}/bau-tiep/", follow=True)  # nothing counted yet: refused
    assert r.redirect_chain[-1][0] == f"/dai-hoi/bau-cu/{e.pk}/"
    assert Election.objects.count() == 1
    assert 'class="alert alert-danger d-print-none"' in r.content.decode()
    # A refused form is shown again on the election page, with its error, and nothing is saved.
    r = one.post(f"/dai-hoi/bau-cu/{e.pk}/danh-sach/", {"seats": "0", "candidates": "Ai đó"})
    assert r.status_code == 200 and "Số lượng cần bầu không được nhỏ hơn 1." in r.content.decode()
    e.refresh_from_db()
    assert e.seats == 3


def test_the_lists_page_instead_of_stopping(counters, tree, settings, monkeypatch):
    """The congresses and the meetings of a year page with the keyset pager (no list stops at 200 or 300 rows);
    a year that is not a number says so on the meetings page and lists nothing."""
    from dangbo.congresses import actions
    from dangbo.core.generic import ScopedListView

    monkeypatch.setattr(ScopedListView, "page_size", 2)
    for n in range(1, 4):
        actions.create_congress(counters.one, organization=tree.a, kind="members", ordinal=n, term_start=2015 + 5 * n,
                                term_end=2020 + 5 * n, opened_on=date(2015 + 5 * n, 5, 6))
        actions.record_meeting(counters.one, organization=tree.a, kind="monthly", held_on=date(2025, n, 3),
                               title=f"Sinh hoạt tháng {n}")
    one = _client(counters.one)
    for url, first, last in (("/dai-hoi/", "lần thứ III", "lần thứ I,"), ("/dai-hoi/sinh-hoat/?nam=2025",
                                                                            "Sinh hoạt tháng 3", "Sinh hoạt tháng 1")):
        r = one.get(url)
        page = r.content.decode()
        assert first in page and last not in page and r.context["next_query"]
        nxt = one.get("/dai-hoi/sinh-hoat/?" + r.context["next_query"] if "sinh-hoat" in url
                      else "/dai-hoi/?" + r.context["next_query"]).content.decode()
        assert last in nxt and first not in nxt
    bad = one.get("/dai-hoi/sinh-hoat/?nam=hai-nghin").content.decode()
    assert "Năm: Phải là số nguyên." in bad and "Sinh hoạt tháng" not in bad


def test_declared_outcomes_name_the_result_and_go_to_its_page(cell, counters, tree):
    """success_message is formatted with the result (`{result.title}`) or the form's data (`{data[number]}`),
    result_url leads to the result's own page, page_url back to the object's page."""
    one = _client(counters.one)
    r = one.post("/dai-hoi/lap-moi/", {"organization": tree.a.pk, "kind": "members", "ordinal": 4,
                                       "term_start": 2025, "term_end": 2030, "opened_on": "20/05/2025"}, follow=True)
    c = Congress.objects.get()
    assert r.redirect_chain[-1][0] == f"/dai-hoi/{c.pk}/" and f"Đã lập {c.title}." in r.content.decode()
    r = one.post(f"/dai-hoi/{c.pk}/bau-cu/", {"body": "chi_uy", "seats": 3, "candidates": "\n".join(NAMES[:4]),
                                              "board": "Ngô Văn Minh\nDương Thị Nga"}, follow=True)
    e = Election.objects.get()
    assert r.redirect_chain[-1][0] == f"/dai-hoi/bau-cu/{e.pk}/" and f"Đã lập {e.title}." in r.content.decode()
    one.post(f"/dai-hoi/bau-cu/{e.pk}/bat-dau/", {"issued": 12})
    kept = list(e.candidates.values_list("pk", flat=True))[:3]
    r = _ballot(one, e, 1, 2, kept)
    assert r["Location"] == f"/dai-hoi/bau-cu/{e.pk}/?nguoi_nhap=2#nhap-phieu"
    assert "Đã nhập phiếu số 1 (người nhập thứ 2)." in one.get(r["Location"]).content.decode()
