"""What the import changes or accepts incomplete is shown in the preview, row by row and column by column;
party age of imported members follows rules.md §3.3 like that of members entered by hand."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from dangbo.exchange.kinds import members as importer
from dangbo.exchange.models import ImportBatch
from dangbo.members import actions, queries
from dangbo.members.models import EventKind, Member, Status
from dangbo.rules import membership as rules

from .test_importer import preview, row, write_csv, write_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"


# -- CCCD that lost its leading zeros ----------------------------------------------------------------------
@pytest.mark.parametrize(("cell", "message"), [
    (1085012345, "Số CCCD có 10 chữ số (Excel bỏ số 0 ở đầu), đã thêm 2 số 0 ở đầu."),
    (40085012345, "Số CCCD có 11 chữ số (Excel bỏ số 0 ở đầu), đã thêm số 0 ở đầu."),
])
def test_a_padded_cccd_is_noted_in_the_preview_by_row_and_column(tmp_path, tree, users, cell, message):
    path = write_xlsx(tmp_path / "c.xlsx", [row("Phạm Văn Bình", "15/04/1985", cccd=cell),
                                            row("Hoàng Thị Thu", "01/07/1990", gender="Nữ", cccd="040190012345")])
    pv = preview(path, users.office, tree.root)
    assert pv.counts["created"] == 2 and pv.counts["notes"] == 1
    n = pv.notes[0]
    assert (n.row, n.column, n.before, n.after, n.message) == (2, "Số CCCD", str(cell), str(cell).zfill(12), message)
    assert pv.rows[0].warnings == [message] and pv.rows[1].warnings == []
    assert importer.commit(pv, users.office).created == 2
    assert Member.objects.filter(citizen_id=str(cell).zfill(12)).exists()


def test_a_padded_cccd_from_csv_is_noted_too(tmp_path, tree, users):
    path = write_csv(tmp_path / "c.csv", [row("Phạm Văn Bình", "15/04/1985", cccd="40085012345")])
    pv = preview(path, users.office, tree.root)
    assert [(n.column, n.after) for n in pv.notes] == [("Số CCCD", "040085012345")]


def test_what_excel_did_to_phone_and_grade_is_noted(tmp_path, tree, users):
    headers = ["Họ và tên", "Ngày sinh", "Giới tính", "Chi bộ", "Ngày quyết định kết nạp", "Giáo dục phổ thông",
               "Điện thoại"]
    path = write_xlsx(tmp_path / "g.xlsx", [["Phạm Văn Bình", "15/04/1985", "Nam", "TN-VP", "02/03/2010",
                                             date(2026, 12, 12), 905123456]], headers=headers)
    pv = preview(path, users.office, tree.root)
    assert sorted((n.column, n.after) for n in pv.notes) == [("Giáo dục phổ thông", "12/12"),
                                                              ("Điện thoại", "0905123456")]
    assert pv.rows[0].data["education"] == "12/12" and pv.rows[0].data["phone"] == "0905123456"


def test_the_preview_page_lists_the_notes_and_hides_cccd_from_who_may_not_see_it(tmp_path, tree, users,
                                                                                  client_as):
    path = write_xlsx(tmp_path / "c.xlsx", [row("Phạm Văn Bình", "15/04/1985", cccd=40085012345)])
    for who in ("office", "secretary"):
        client = client_as(who)
        f = SimpleUploadedFile(path.name, path.read_bytes())
        org = tree.root if who == "office" else tree.a
        assert client.post("/nhap/tai-len/", {"file": f, "organization": org.pk, "kind": "members"}).status_code == 302
        batch = ImportBatch.objects.latest("pk")
        page = client.get(f"/nhap/{batch.pk}/").content.decode()
        assert "Dữ liệu đã sửa, còn thiếu" in page and "đã thêm số 0 ở đầu" in page
        assert ("040085012345" in page) == (who == "office")


# -- official date without a ceremony date -------------------------------------------------------------------
def test_an_official_member_without_ceremony_date_is_imported_with_a_finding(tmp_path, tree, users, client_as):
    path = write_xlsx(tmp_path / "o.xlsx", [row("Phạm Văn Bình", "15/04/1960", cccd="001060012345",
                                                decision="02/03/1985", ceremony="", official="02/03/1986")])
    pv = preview(path, users.office, tree.root)
    assert pv.counts["created"] == 1 and pv.counts["errors"] == 0, pv.errors
    note = pv.notes[0]
    assert (note.row, note.column) == (2, "Ngày lễ kết nạp")
    assert note.message == ("Không có ngày lễ kết nạp: ghi là đảng viên chính thức từ 02/03/1986, ngày lễ kết nạp "
                            "để trống (chưa rõ).")
    assert pv.rows[0].warnings == [note.message]
    importer.commit(pv, users.office)
    m = Member.objects.get(citizen_id="001060012345")
    assert m.status == Status.OFFICIAL and m.ceremony_date is None and m.official_date == date(1986, 3, 2)
    assert m.party_age_start == date(1985, 3, 2)
    assert list(m.events.order_by("id").values_list("kind", "effective_date")) == [
        (EventKind.ADMISSION, date(1985, 3, 2)), (EventKind.RECOGNITION, date(1986, 3, 2))]
    today = timezone.localdate()
    assert queries.party_age(m, today) == rules.party_age(date(1985, 3, 2), date(1986, 3, 2), [], today)
    # 40 years on 2/3/2025: the badge due-work sees it like for any member (the 30-year badge is held)
    actions.award_badge(None, m, 30, awarded_on=date(2015, 5, 19))
    due = [queries.badges_due(Member.objects.filter(pk=m.pk), on) for on in (date(2025, 1, 10), date(2025, 3, 5))]
    assert [[i.label for i in d] for d in due] == [[], ["Huy hiệu 40 năm tuổi đảng"]]
    page = client_as("office").get(f"/dang-vien/{m.pk}/").content.decode()
    assert "Chưa rõ (hồ sơ không ghi ngày lễ kết nạp)" in page
    assert f">{queries.party_age(m, today)}<" in page


def test_an_official_date_too_early_without_ceremony_is_still_refused(tmp_path, tree, users):
    path = write_xlsx(tmp_path / "o.xlsx", [row("Phạm Văn Bình", "15/04/1960", decision="02/03/1985", ceremony="",
                                                official="02/10/1985")])
    pv = preview(path, users.office, tree.root)
    assert pv.counts["errors"] == 1 and "12 tháng" in pv.errors[0].message
    assert pv.errors[0].column == "Ngày chính thức"


def test_admit_member_takes_an_official_date_without_ceremony_like_the_import(tree):
    m = actions.admit_member(None, organization=tree.a, dossier={
        "full_name": "Phạm Văn Bình", "birth_date": date(1960, 4, 15), "gender": "M"},
        decision_date=date(1985, 3, 2), official_date=date(1986, 3, 2))
    assert m.status == Status.OFFICIAL and m.ceremony_date is None and m.official_date == date(1986, 3, 2)


# -- party age of imported members -----------------------------------------------------------------------------
def test_an_imported_probationary_member_removed_has_no_party_age(tmp_path, tree, users):
    path = write_xlsx(tmp_path / "p.xlsx", [row("Hoàng Thị Thu", "01/07/1990", gender="Nữ", cccd="040190012345",
                                                decision="01/06/2023", ceremony="15/06/2023", official="")])
    importer.commit(preview(path, users.office, tree.root), users.office)
    m = Member.objects.get(citizen_id="040190012345")
    actions.record_event(None, m, EventKind.REMOVAL, effective_date=date(2024, 3, 1))
    m.refresh_from_db()
    assert m.party_age_start is None and queries.party_age(m, date(2030, 1, 1)) is None


# -- the statistics export places a re-admitted member by the rule ---------------------------------------------
def test_party_age_bands_of_a_readmitted_member_follow_the_rule_before_and_after_the_gap(tree, make_member):
    from dangbo.core.scopes import Scope
    from dangbo.exchange import statistics

    m = make_member(tree.a, "Trương Văn Lại", birth_date=date(1958, 1, 1), decision_date=date(1980, 5, 2))
    actions.record_event(None, m, EventKind.REMOVAL, effective_date=date(2000, 1, 15))
    actions.record_event(None, m, EventKind.READMISSION, effective_date=date(2012, 3, 1),
                         decision_date=date(2012, 3, 1), to_organization=tree.a)
    actions.record_event(None, m, EventKind.CEREMONY, effective_date=date(2012, 3, 20))
    actions.record_event(None, m, EventKind.RECOGNITION)
    m.refresh_from_db()

    def band(year):
        b = statistics.year_statistics(Scope(is_admin=True), year, tree.a).breakdown("party_age")
        return [r.label for r in b.rows if r.official]

    # 31/12/1999, before the gap: 19 years 7 months from the first decision (the stored start is moved by 145 months)
    assert rules.party_age(date(1980, 5, 2), date(1981, 5, 12), [], date(1999, 12, 31)).years == 19
    assert band(1999) == ["Từ 10 đến 19 năm"]
    # 31/12/2013, official again: the first decision minus the gap, as on the member page
    age = queries.party_age(m, date(2013, 12, 31))
    assert age == rules.party_age(date(1980, 5, 2), m.official_date, [(date(2000, 1, 15), date(2012, 3, 1))],
                                  date(2013, 12, 31))
    assert age.years == 21 and band(2013) == ["Từ 20 đến 29 năm"]


def test_the_command_line_shows_the_notes_too(tmp_path, tree, users, capsys):
    import json

    from dangbo.cli import main

    path = write_xlsx(tmp_path / "c.xlsx", [row("Phạm Văn Bình", "15/04/1985", cccd=40085012345, ceremony="",
                                                official="12/03/2011")])
    assert main(["import", "members", str(path), "--org", "TN", "--dry-run"]) == 0
    text = capsys.readouterr().out
    assert "Lưu ý dòng 2, cột «Số CCCD»: Số CCCD có 11 chữ số" in text
    assert "Lưu ý dòng 2, cột «Ngày lễ kết nạp»: Không có ngày lễ kết nạp" in text
    assert main(["import", "members", str(path), "--org", "TN", "--dry-run", "--json"]) == 0
    notes = json.loads(capsys.readouterr().out)["notes"]
    assert [(n["row"], n["column"], n["after"]) for n in notes] == [(2, "Số CCCD", "040085012345"),
                                                                     (2, "Ngày lễ kết nạp", "")]
