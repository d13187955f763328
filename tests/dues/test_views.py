"""The secretary's journey on the pages: draw up the month, record cash payments, print a receipt, import
portal payments, see the one member three months in arrears; a member sees only their own dues."""

from datetime import date

import pytest

from dangbo.core.models import AuditEvent
from dangbo.dues import actions
from dangbo.dues.models import DuesPayment

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready(tree, members, users):
    actions.set_profile(None, members.men, from_month=date(2025, 1, 1), category="bhxh", base=8_000_000)
    actions.set_profile(None, members.lan, from_month=date(2025, 1, 1), category="pensioner", base=6_000_000)
    actions.set_profile(None, members.dung, from_month=date(2025, 1, 1), category="student")
    return members


def test_secretary_journey(ready, tree, users, as_secretary, tmp_path, settings):
    settings.DATA_DIR = tmp_path
    c = as_secretary
    for m in ("01/2026", "02/2026", "03/2026", "04/2026"):
        r = c.post("/dang-phi/lap-so/", {"to_chuc": tree.a.pk, "thang": m})
        assert r.status_code == 302
    page = c.get(f"/dang-phi/?to_chuc={tree.a.pk}&thang=02/2026").content.decode()
    assert "Quy định 01-QĐ/TW" in page and "Nguyễn Văn Mến" in page and "80.000" in page
    assert "Đặng Văn Dũng" not in page  # chi bộ B
    # Cash for Lan, four months; the receipt prints with its number.
    for m in ("01/2026", "02/2026", "03/2026", "04/2026"):
        r = c.post(f"/dang-phi/thu/{ready.lan.pk}/?thang={m}",
                   {"month": m, "amount": "30.000", "paid_on": "15/04/2026", "note": ""})
        assert r.status_code == 302, r.content.decode()[:2000]
    receipt = c.get(r["Location"]).content.decode()
    assert "PHIẾU THU ĐẢNG PHÍ" in receipt and "0004/2026" in receipt and "30.000 đồng" in receipt
    assert "Bằng chữ: <em id=\"receipt-words\">Ba mươi nghìn đồng</em>" in receipt
    # A bad amount is a message on the field, not a 500.
    r = c.post(f"/dang-phi/thu/{ready.lan.pk}/", {"month": "13/2026", "amount": "ba mươi", "paid_on": "x"})
    assert r.status_code == 200 and "Nhập số đồng nguyên" in r.content.decode()
    # Portal payments: preview then commit.
    csv = tmp_path / "cong.csv"
    csv.write_text("Mã giao dịch,Số CCCD,Họ và tên,Kỳ đóng,Số tiền,Ngày nộp\n"
                   f"GD9,{ready.men.citizen_id},{ready.men.full_name},01/2026,80000,20/01/2026\n"
                   "GD10,012345678999,Không Ai,01/2026,1000,20/01/2026\n", encoding="utf-8")
    with csv.open("rb") as f:
        r = c.post("/dang-phi/cong/", {"file": f})
    page = r.content.decode()
    assert "Sẽ nhập <strong>1</strong>" in page and "Dòng 3" in page
    assert not DuesPayment.objects.filter(channel="portal").exists()
    tep = page.split('name="tep" value="')[1].split('"')[0]
    r = c.post("/dang-phi/cong/", {"tep": tep})
    assert r.status_code == 302 and r["Location"].startswith("/dang-phi/") and "cong" not in r["Location"]
    assert DuesPayment.objects.filter(channel="portal").count() == 1
    # The same file again is refused: a message on the portal page, nothing written twice.
    r = c.post("/dang-phi/cong/", {"tep": tep}, follow=True)
    assert r.redirect_chain[-1][0] == "/dang-phi/cong/"
    assert "Tệp không có dòng nào hợp lệ để nhập." in r.content.decode()
    assert DuesPayment.objects.filter(channel="portal").count() == 1
    # Arrears: Mến paid only January: February–April unpaid, a finding (never a removal).
    page = c.get(f"/dang-phi/no/?to_chuc={tree.a.pk}&nam=2026").content.decode()
    assert "Nguyễn Văn Mến" in page and "02/2026, 03/2026, 04/2026" in page and "Điều lệ Đảng, Điều 8" in page
    book = c.get(f"/dang-phi/so/?to_chuc={tree.a.pk}&nam=2026").content.decode()
    assert "Trần Thị Lan" in book and "120.000" in book
    x = c.get(f"/dang-phi/so.xlsx?to_chuc={tree.a.pk}&nam=2026")
    assert x.status_code == 200 and x["Content-Type"].startswith("application/vnd.openxml")
    assert f"so-dang-phi-{tree.a.code}-2026.xlsx" in x["Content-Disposition"]
    x = c.get(f"/dang-phi/bao-cao.xlsx?to_chuc={tree.a.pk}&nam=2026&quy=1")
    assert x.status_code == 200 and f"bao-cao-dang-phi-{tree.a.code}-2026.xlsx" in x["Content-Disposition"]
    assert list(AuditEvent.objects.filter(action="export.dues").order_by("seq").values_list("summary", flat=True)) == [
        f"Xuất sổ thu nộp đảng phí năm 2026 của {tree.a.name}", f"Xuất báo cáo đảng phí quý 1/2026 của {tree.a.name}"]


def test_secretary_cannot_touch_another_chi_bo(ready, tree, as_secretary):
    r = as_secretary.post("/dang-phi/lap-so/", {"to_chuc": tree.b.pk, "thang": "02/2026"})
    assert r.status_code in (403, 404)
    r = as_secretary.post(f"/dang-phi/thu/{ready.dung.pk}/", {"month": "02/2026", "amount": "5000",
                                                               "paid_on": "01/02/2026"})
    assert r.status_code == 404 and not DuesPayment.objects.exists()


def test_member_sees_only_their_own(ready, tree, users, as_member):
    actions.generate_month(None, tree.root, date(2026, 2, 1))
    p = actions.record_payment(None, ready.lan, month=date(2026, 2, 1), amount=30_000, paid_on=date(2026, 2, 3))
    other = actions.record_payment(None, ready.men, month=date(2026, 2, 1), amount=80_000, paid_on=date(2026, 2, 3))
    assert as_member.get("/dang-phi/").status_code == 302
    page = as_member.get("/dang-phi/cua-toi/").content.decode()
    assert "0,5% lương hưu" in page and p.receipt_label in page and "Nguyễn Văn Mến" not in page
    assert as_member.get(f"/dang-phi/phieu-thu/{p.pk}/").status_code == 200
    assert as_member.get(f"/dang-phi/phieu-thu/{other.pk}/").status_code == 404
    data = as_member.get("/api/dues/payments/").json()
    assert [r["id"] for r in data["results"]] == [p.pk]


def test_api_report_and_obligations(ready, tree, users, as_office, as_secretary):
    actions.generate_month(None, tree.root, date(2026, 2, 1))
    data = as_office.get(f"/api/dues/report/?organization={tree.root.pk}&year=2026&month=2").json()
    assert data["totals"]["owed"] == 80_000 + 30_000 + 5_000
    r = as_secretary.get(f"/api/dues/report/?organization={tree.b.pk}&year=2026")
    assert r.status_code == 403 and "phạm vi" in r.json()["detail"]
    r = as_secretary.get(f"/api/dues/obligations/?organization={tree.b.pk}")
    assert r.status_code == 403 and "phạm vi" in r.json()["detail"]
    rows = as_secretary.get("/api/dues/obligations/?year=2026&month=2").json()["results"]
    assert {r["member_name"] for r in rows} == {"Nguyễn Văn Mến", "Trần Thị Lan"}


def test_api_report_quarter_and_year(ready, tree, as_office):
    for m in (1, 2, 3, 4):
        actions.generate_month(None, tree.root, date(2026, m, 1))
    get = as_office.get
    month = {m: get(f"/api/dues/report/?organization={tree.root.pk}&year=2026&month={m}").json()["totals"]["owed"]
             for m in (1, 2, 3, 4)}
    q1 = get(f"/api/dues/report/?organization={tree.root.pk}&year=2026&quarter=1").json()
    assert q1["period"] == "quý 1/2026" and q1["totals"]["owed"] == month[1] + month[2] + month[3]
    q2 = get(f"/api/dues/report/?organization={tree.root.pk}&year=2026&quarter=2").json()
    assert q2["totals"]["owed"] == month[4]
    year = get(f"/api/dues/report/?organization={tree.root.pk}&year=2026").json()
    assert year["totals"]["owed"] == sum(month.values())
    assert get(f"/api/dues/report/?organization={tree.root.pk}&year=2026&quarter=5").status_code == 400


@pytest.mark.parametrize("query", ["year=2011&month=1", "year=2011&month=3", "year=2011&quarter=1", "year=2011"])
def test_api_report_before_april_2011_is_empty_not_an_error(ready, tree, as_office, query):
    r = as_office.get(f"/api/dues/report/?organization={tree.root.pk}&{query}")
    assert r.status_code == 200
    data = r.json()
    assert data["totals"] == dict.fromkeys(("owed", "collected", "kept", "kept_own", "remitted", "held"), 0)
    if query == "year=2011":
        assert data["regimes"] == ["Quyết định 342-QĐ/TW ngày 28/12/2010"]
    else:
        assert data["regimes"] == [] and "04/2011" in data["note"]
    r = as_office.get(f"/api/dues/obligations/?organization={tree.root.pk}&{query}")
    assert r.status_code == 200 and r.json()["results"] == []


def test_the_arrears_finding_reads_in_the_pages_language(ready, tree, as_secretary):
    """The finding is built by the rules in Vietnamese and read when shown: English on an English page,
    Vietnamese on a Vietnamese page; as a value (what JSON, files and the database get) it stays Vietnamese."""
    import json

    from django.urls import reverse
    from django.utils import translation

    from dangbo.core.i18n import vietnamese
    from dangbo.dues import queries

    c = as_secretary
    for m in ("01/2026", "02/2026", "03/2026", "04/2026"):
        assert c.post("/dang-phi/lap-so/", {"to_chuc": tree.a.pk, "thang": m}).status_code == 302
    url = f"/dang-phi/no/?to_chuc={tree.a.pk}&nam=2026"
    vi = c.get(url).content.decode()
    assert "Không đóng đảng phí 4 tháng trong năm 2026" in vi and "Party dues not paid" not in vi
    c.post(reverse("set_language"), {"language": "en", "next": "/"})
    en = c.get(url).content.decode()
    assert "Party dues not paid for 4 months in 2026" in en and "Không đóng đảng phí" not in en
    assert "Party Statute, Article 8" in en
    rows = [r for r in queries.arrears(tree.a.path, 2026, date(2026, 5, 3)) if r.finding]
    assert rows
    with translation.override("en"):
        message = rows[0].finding.message
        assert str(message).startswith("Party dues not paid for 4 months in 2026")
        assert json.loads(json.dumps([message]))[0].startswith("Không đóng đảng phí 4 tháng trong năm 2026")
        assert vietnamese(message).startswith("Không đóng đảng phí 4 tháng trong năm 2026")
