"""The member import pipeline: preview (match, validate, convert, dedupe) and the all-or-nothing commit."""

import csv
import io
import json
from datetime import date

import pytest
import xlsxwriter
from django.core.exceptions import PermissionDenied
from django.db import connection

from dangbo.core.models import AuditEvent
from dangbo.exchange.kinds import members as importer
from dangbo.exchange.models import ImportBatch, ImportStatus
from dangbo.exchange.parsing.legacy import encode
from dangbo.exchange.parsing.readers import read_table
from dangbo.members.models import EventKind, Member, MemberEvent, NameWord, Status

pytestmark = pytest.mark.django_db

HEADERS = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Số thẻ đảng viên", "Chi bộ",
           "Ngày quyết định kết nạp", "Số quyết định kết nạp", "Ngày lễ kết nạp", "Ngày chính thức", "Điện thoại"]


def row(name, birth, gender="Nam", cccd="", card="", org="TN-VP", decision="02/03/2010", number="12-QĐ/ĐU",
        ceremony="12/03/2010", official="12/03/2011", phone=""):
    return [name, birth, gender, cccd, card, org, decision, number, ceremony, official, phone]


def write_xlsx(path, rows, headers=HEADERS, sheet="Đảng viên"):
    """An .xlsx of `rows` under `headers`; with a first header "STT" the rows are numbered 1, 2, …"""
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet(sheet)
    for c, h in enumerate(headers):
        ws.write_string(0, c, h)
    for r, values in enumerate(rows, start=1):
        if headers[0] == "STT":
            ws.write_number(r, 0, r)
            values = [None, *values]
        for c, v in enumerate(values):
            if v is None or v == "":
                continue
            if isinstance(v, date):
                ws.write_datetime(r, c, v, wb.add_format({"num_format": "dd/mm/yyyy"}))
            elif isinstance(v, int | float):
                ws.write_number(r, c, v)
            else:
                ws.write_string(r, c, v)
    wb.close()
    return path


def write_csv(path, rows, headers=HEADERS):
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(headers[1:])
    for r in rows:
        w.writerow(r)
    path.write_bytes(buf.getvalue().encode("utf-8"))
    return path


def table(path):
    return read_table(path.read_bytes(), path.name)


def preview(path, actor, org, **kw):
    pv = importer.preview(table(path), actor=actor, target_org=org, **kw)
    data = path.read_bytes()
    pv.file_name, pv.file_sha256, pv.file_size = path.name, importer.sha256(data), len(data)
    return pv


def state(audit_also_leaves=()):
    """The register and its audit, leaving out the import's own state changes (import.start, import.fail …)."""
    return (Member.objects.count(), MemberEvent.objects.count(), NameWord.objects.count(),
            Member.history.count(), AuditEvent.objects.exclude(action__startswith="import.")
            .exclude(action__in=audit_also_leaves).count(),
            sorted(Member.objects.values_list("id", "full_name", "phone", "version")),
            sorted(Member.objects.values_list("id", "citizen_id", "religion", "search_name")))


# -- creating ---------------------------------------------------------------------------------------------
def test_happy_path_creates_members_with_events_history_and_counts(tmp_path, tree, users):
    path = write_xlsx(tmp_path / "dv.xlsx", [
        row("Phạm Văn Bình", "15/04/1985", cccd="001085012345", card="09123456", org="TN-VP"),
        row("Hoàng Thị Thu", date(1990, 7, 1), gender="Nữ", org="Chi bộ Tổng hợp", decision="01/06/2023",
            ceremony="15/06/2023", official=""),
    ])
    pv = preview(path, users.office, tree.root)
    assert pv.counts["created"] == 2 and pv.counts["errors"] == 0, pv.errors
    result = importer.commit(pv, users.office)
    assert result.created == 2
    binh = Member.objects.get(citizen_id="001085012345")
    assert binh.organization == tree.a and binh.status == Status.OFFICIAL and binh.org_path == tree.a.path
    assert binh.official_date == date(2011, 3, 12) and binh.party_age_start == date(2010, 3, 2)
    assert binh.search_name == "pham van binh"
    kinds = list(binh.events.order_by("id").values_list("kind", "source", "status_after"))
    src = f"import:{result.batch_id}"
    assert kinds == [(EventKind.ADMISSION, src, "probationary"), (EventKind.CEREMONY, src, "probationary"),
                     (EventKind.RECOGNITION, src, "official")]
    thu = Member.objects.get(full_name="Hoàng Thị Thu")
    assert thu.status == Status.PROBATIONARY and thu.organization == tree.b and thu.gender == "F"
    assert set(NameWord.objects.filter(member=thu).values_list("word", flat=True)) == {"hoang", "thi", "thu"}
    tree.a.refresh_from_db()
    tree.b.refresh_from_db()
    assert tree.a.official_count == 3 and tree.b.probationary_count == 2
    h = binh.history.get()
    assert h.history_type == "+" and f"lần nhập số {result.batch_id}" in h.history_change_reason
    ev = AuditEvent.objects.get(action="import.commit")
    assert ev.object_id == str(result.batch_id) and ev.data["counts"]["created"] == 2
    # the search finds the imported members like any other
    from dangbo.members.search import name_words
    assert name_words(binh.search_name) == sorted(NameWord.objects.filter(member=binh).values_list("word", flat=True))


TRANSFER_HEADERS = [*HEADERS, "Ngày chuyển đến", "Ghi chú"]


@pytest.mark.parametrize(("official", "transfer", "note"), [
    ("12/03/2011", None, ""),
    ("12/03/2011", None, "Hồ sơ gốc lưu ở huyện"),
    ("12/03/2011", date(2015, 9, 1), "Từ Đảng bộ tỉnh Quảng Nam chuyển đến"),  # after the recognition
    ("12/03/2011", date(2010, 8, 20), ""),  # during probation: probationary at the transfer, official later
    ("", date(2010, 8, 20), "Chuyển đến khi đang dự bị"),
])
def test_bulk_create_writes_what_admit_member_writes(tmp_path, tree, users, official, transfer, note):
    from dangbo.members.actions import admit_member

    path = write_xlsx(tmp_path / "a.xlsx", [[*row("Phạm Văn Bình", "15/04/1985", cccd="001085012345",
                                                  card="09123456", phone="0905123456", official=official),
                                             transfer, note]], headers=TRANSFER_HEADERS)
    pv = preview(path, users.office, tree.root)
    assert pv.counts["created"] == 1, pv.errors
    importer.commit(pv, users.office)
    imported = Member.objects.get(citizen_id="001085012345")
    ref = admit_member(users.office, organization=tree.a, dossier={
        "full_name": "Phạm Văn Bình", "birth_date": date(1985, 4, 15), "gender": "M",
        "citizen_id": "001085012346", "card_number": "09123457", "phone": "0905123456"},
        decision_date=date(2010, 3, 2), decision_number="12-QĐ/ĐU", ceremony_date=date(2010, 3, 12),
        official_date=date(2011, 3, 12) if official else None, transfer_in_date=transfer, note=note,
        source="ref")
    skip = {"id", "citizen_id", "card_number", "created_at", "updated_at"}
    fields = [f.attname for f in Member._meta.concrete_fields if f.attname not in skip]
    a = Member.objects.filter(pk=imported.pk).values(*fields).get()
    b = Member.objects.filter(pk=ref.pk).values(*fields).get()
    assert a == b
    ev_fields = ["kind", "effective_date", "decision_number", "decision_date", "issuer", "from_organization_id",
                 "to_organization_id", "external_place", "end_date", "note", "org_after_id", "host_after_id",
                 "status_after", "exempted_after", "suspended_after", "created_by_id"]
    assert (list(imported.events.order_by("id").values_list(*ev_fields))
            == list(ref.events.order_by("id").values_list(*ev_fields)))
    assert (sorted(NameWord.objects.filter(member=imported).values_list("word", "sort_key", "search_name"))
            == sorted(NameWord.objects.filter(member=ref).values_list("word", "sort_key", "search_name")))


def test_transfer_in_date_and_note_make_a_transfer_in_event(tmp_path, tree, users):
    path = write_xlsx(tmp_path / "t.xlsx", [
        [*row("Phạm Văn Bình", "15/04/1985", cccd="001085012345"), date(2020, 12, 25), "Từ tỉnh Quảng Nam"],
        [*row("Hoàng Thị Thu", "01/07/1990", gender="Nữ", org="TN-TH", decision="01/06/2023",
              ceremony="15/06/2023", official=""), "01/09/2023", ""],
        [*row("Lê Văn Cường", "01/01/1980", official=""), "", "Chỉ có ghi chú"],
    ], headers=TRANSFER_HEADERS)
    pv = preview(path, users.office, tree.root)
    assert pv.counts["created"] == 3, pv.errors
    result = importer.commit(pv, users.office)
    src = f"import:{result.batch_id}"
    binh = Member.objects.get(citizen_id="001085012345")
    assert list(binh.events.order_by("effective_date", "id").values_list("kind", "effective_date", "source",
                                                                         "status_after", "note")) == [
        # admitted and recognised elsewhere: on this register's list only from the transfer in
        (EventKind.ADMISSION, date(2010, 3, 2), src, "transferred_out", ""),
        (EventKind.CEREMONY, date(2010, 3, 12), src, "transferred_out", ""),
        (EventKind.RECOGNITION, date(2011, 3, 12), src, "transferred_out", ""),
        (EventKind.TRANSFER_IN, date(2020, 12, 25), src, "official", "Từ tỉnh Quảng Nam")]
    t = binh.events.get(kind=EventKind.TRANSFER_IN)
    assert t.to_organization == tree.a and t.org_after == tree.a and t.from_organization is None
    assert binh.status == Status.OFFICIAL and binh.organization == tree.a
    assert binh.party_age_start == date(2010, 3, 2)  # the party age counts from the admission, not the transfer
    thu = Member.objects.get(full_name="Hoàng Thị Thu")
    assert thu.status == Status.PROBATIONARY and thu.organization == tree.b
    assert thu.events.get(kind=EventKind.TRANSFER_IN).status_after == "probationary"
    cuong = Member.objects.get(full_name="Lê Văn Cường")
    assert not cuong.events.filter(kind=EventKind.TRANSFER_IN).exists()
    assert cuong.events.get(kind=EventKind.ADMISSION).note == "Chỉ có ghi chú"
    tree.a.refresh_from_db()
    tree.b.refresh_from_db()
    from dangbo.members.actions import recount
    counts = (tree.a.official_count, tree.a.probationary_count, tree.b.official_count, tree.b.probationary_count)
    recount()
    tree.a.refresh_from_db()
    tree.b.refresh_from_db()
    assert counts == (tree.a.official_count, tree.a.probationary_count, tree.b.official_count,
                      tree.b.probationary_count)
    # the statistics of 2020 count Bình as a transfer in
    assert MemberEvent.objects.filter(kind=EventKind.TRANSFER_IN, effective_date__year=2020).count() == 1


def test_transfer_in_date_errors_name_row_and_column(tmp_path, tree, users):
    from datetime import timedelta

    from django.utils import timezone

    future = timezone.localdate() + timedelta(days=40)
    path = write_xlsx(tmp_path / "e.xlsx", [
        [*row("Phạm Văn Bình", "15/04/1985"), "01/03/2010", ""],  # before the admission decision (02/03/2010)
        [*row("Lê Văn Cường", "01/01/1980"), "02/03/2010", ""],  # the same day
        [*row("Vũ Văn Em", "01/01/1980"), future.strftime("%d/%m/%Y"), ""],  # in the future
    ], headers=TRANSFER_HEADERS)
    pv = preview(path, users.office, tree.root)
    assert [r.action for r in pv.rows] == ["error", "error", "error"]
    errors = [(e.row, e.column, e.value) for e in pv.errors]
    assert errors == [(2, "Ngày chuyển đến", "01/03/2010"), (3, "Ngày chuyển đến", "02/03/2010"),
                      (4, "Ngày chuyển đến", future.strftime("%d/%m/%Y"))]
    assert "phải sau ngày quyết định kết nạp 02/03/2010" in pv.errors[0].message
    assert "ở tương lai" in pv.errors[2].message


def test_transfer_in_date_of_an_update_row_must_match_the_register(tmp_path, tree, members, users):
    from dangbo.members.actions import admit_member

    moved = admit_member(users.office, organization=tree.a, dossier={
        "full_name": "Phạm Văn Bình", "birth_date": date(1985, 4, 15), "gender": "M",
        "citizen_id": "001085012345"}, decision_date=date(2010, 3, 2), ceremony_date=date(2010, 3, 12),
        official_date=date(2011, 3, 12), transfer_in_date=date(2020, 12, 25))
    men = members.men
    path = write_xlsx(tmp_path / "u.xlsx", [
        [*row("Phạm Văn Bình", "15/04/1985", cccd=moved.citizen_id, decision="", number="", ceremony="",
              official=""), "25/12/2020", ""],
        [*row("Nguyễn Văn Mến", "19/08/1975", cccd=men.citizen_id, decision="", number="", ceremony="",
              official="", phone="0912345678"), "01/01/2021", ""],
    ], headers=TRANSFER_HEADERS)
    pv = preview(path, users.office, tree.root)
    assert [r.action for r in pv.rows] == ["unchanged", "error"]
    assert pv.rows[1].errors[0].column == "Ngày chuyển đến" and "chưa có" in pv.rows[1].errors[0].message
    path = write_xlsx(tmp_path / "v.xlsx", [
        [*row("Phạm Văn Bình", "15/04/1985", cccd=moved.citizen_id, decision="", number="", ceremony="",
              official="", phone="0912345678"), "26/12/2020", ""],
    ], headers=TRANSFER_HEADERS)
    pv = preview(path, users.office, tree.root)
    assert [r.action for r in pv.rows] == ["error"]
    assert pv.errors[0].row == 2 and pv.errors[0].column == "Ngày chuyển đến"
    assert "25/12/2020" in pv.errors[0].message and "26/12/2020" in pv.errors[0].message


def test_csv_is_read_too(tmp_path, tree, users):
    path = write_csv(tmp_path / "dv.csv", [row("Phạm Văn Bình", "15/04/1985", cccd="1085012345")])
    pv = preview(path, users.office, tree.root)
    assert pv.counts["created"] == 1
    assert pv.of("create")[0].data["citizen_id"] == "001085012345"  # the lost leading zeros come back


# -- matching ---------------------------------------------------------------------------------------------
def test_update_matched_by_cccd_is_shown_side_by_side(tmp_path, tree, members, users):
    men = members.men
    path = write_xlsx(tmp_path / "u.xlsx", [row("Nguyễn Văn Mến", "19/08/1975", cccd=men.citizen_id, card="",
                                                decision="", number="", ceremony="", official="", phone="0912345678")])
    pv = preview(path, users.office, tree.root)
    assert pv.counts["updated"] == 1, pv.errors
    r = pv.of("update")[0]
    assert r.member_id == men.pk and r.matched_by == "Số CCCD"
    assert [(c.field, c.current, c.new) for c in r.changes] == [("phone", "", "0912345678")]
    summary = pv.summary()
    assert summary["update"][0]["changes"] == [["Điện thoại", "", "0912345678"]]
    result = importer.commit(pv, users.office)
    men.refresh_from_db()
    assert men.phone == "0912345678" and result.updated == 1
    assert f"lần nhập số {result.batch_id}" in men.history.first().history_change_reason
    upd = AuditEvent.objects.filter(action="member.update", object_id=str(men.pk)).last()
    assert upd.request_id == f"import:{result.batch_id}"


def test_match_by_card_then_by_name_and_birth_date(tmp_path, tree, members, users):
    path = write_xlsx(tmp_path / "m.xlsx", [
        row("Trần Thị Lan", "03/02/1984", gender="Nữ", card=members.lan.card_number, decision="", number="",
            ceremony="",
            official=""),
        row("Đặng Văn Dũng", "30/11/1979", org="TN-TH", decision="", number="", ceremony="", official=""),
    ])
    pv = preview(path, users.office, tree.root)
    assert pv.counts["unchanged"] == 2, pv.errors
    assert [r.matched_by for r in pv.rows] == ["Số thẻ đảng viên", "Họ tên và ngày sinh"]


def test_errors_are_named_by_row_and_column(tmp_path, tree, users):
    path = write_xlsx(tmp_path / "e.xlsx", [
        row("Phạm Văn Bình", "15/04/1985", cccd="12345"),
        row("Lê Văn Cường", "31/02/1985"),
        row("Vũ Văn Em", "01/01/2000", decision="01/06/2017", ceremony="10/06/2017", official="10/06/2018"),
        row("", "01/01/1980"),
        row("Đỗ Văn Phúc", "01/01/1980", org="KHONG-CO"),
        row("Ngô Văn Giang", "01/01/1980", gender="X"),
    ])
    pv = preview(path, users.office, tree.root)
    assert pv.counts["errors"] == 6 and pv.counts["created"] == 0
    by_row = {e.row: e for e in pv.errors}
    assert by_row[2].column == "Số CCCD" and "12 chữ số" in by_row[2].message and by_row[2].value == "12345"
    assert by_row[3].column == "Ngày sinh"
    assert by_row[4].column == "Ngày sinh" and "18 tuổi" in by_row[4].message
    assert by_row[5].column == "Họ và tên"
    assert by_row[6].column == "Chi bộ" and "Không tìm thấy" in by_row[6].message
    assert by_row[7].column == "Giới tính" and "Nam" in by_row[7].message


def test_duplicates_inside_the_file(tmp_path, tree, users):
    path = write_xlsx(tmp_path / "d.xlsx", [
        row("Phạm Văn Bình", "15/04/1985", cccd="001085012345"),
        row("Phạm Văn Bình", "15/04/1985", cccd="001085012345"),
        row("Lê Văn Cường", "01/01/1980"),
        row("Lê Văn Cường", "01/01/1980"),
    ])
    pv = preview(path, users.office, tree.root)
    dups = {(d.row, d.first_row, d.blocking) for d in pv.duplicates}
    assert (3, 2, True) in dups and (5, 4, False) in dups
    assert [r.action for r in pv.rows] == ["create", "error", "create", "create"]
    assert any("Nghi trùng" in w for w in pv.rows[3].warnings)
    assert pv.counts["duplicates"] == 2


def test_tcvn3_and_vni_names_are_converted(tmp_path, tree, users):
    path = write_xlsx(tmp_path / "t.xlsx", [
        row(encode("Nguyễn Văn Mến", "tcvn3"), "19/08/1976"),
        row(encode("Trần Thị Hồng", "tcvn3"), "01/01/1980", gender="N÷"),
        row("Phạm Văn Bình", "15/04/1985"),
    ])
    pv = preview(path, users.office, tree.root)
    assert pv.rows[0].data["full_name"] == "Nguyễn Văn Mến"
    assert pv.rows[1].data["full_name"] == "Trần Thị Hồng"
    conv = [(c.row, c.before, c.after) for c in pv.conversions if c.column == "Họ và tên"]
    assert (2, "NguyÔn V¨n MÕn", "Nguyễn Văn Mến") in conv
    importer.commit(pv, users.office)
    assert Member.objects.filter(full_name="Nguyễn Văn Mến", birth_date=date(1976, 8, 19)).exists()


# -- all or nothing -------------------------------------------------------------------------------------
def test_an_error_in_the_middle_of_the_commit_leaves_nothing(tmp_path, tree, members, users):
    rows = [row(f"Phạm Văn Bình {chr(65 + i)}", "15/04/1985") for i in range(20)]
    rows.append(row("Nguyễn Văn Mến", "19/08/1975", cccd=members.men.citizen_id, decision="", ceremony="",
                    official="", phone="0912345678"))
    path = write_xlsx(tmp_path / "k.xlsx", rows)
    pv = preview(path, users.office, tree.root)
    assert pv.counts["created"] == 20 and pv.counts["updated"] == 1
    before = state()
    counts_before = list(tree.root.subtree().values_list("official_count", "probationary_count"))

    def boom(fraction, label):
        if fraction >= 0.5:
            raise RuntimeError("mất điện giữa chừng")

    with pytest.raises(RuntimeError):
        importer.commit(pv, users.office, progress=boom)
    assert state() == before
    assert list(tree.root.subtree().values_list("official_count", "probationary_count")) == counts_before
    batch = ImportBatch.objects.get()
    assert batch.status == ImportStatus.FAILED and "không có dòng nào được ghi" in batch.message
    assert list(AuditEvent.objects.filter(action__startswith="import.").values_list("action", flat=True)
                ) == ["import.start", "import.fail"]


@pytest.mark.parametrize("stop_at", ["creates", "updates"])
def test_a_failure_after_some_pieces_were_written_takes_them_back(tmp_path, tree, members, users, settings,
                                                                   stop_at):
    """SQLite writes a long import in short transactions (issue 11.3): pieces already committed are rolled
    back, new members deleted and changed members put back, when a later piece fails."""
    settings.IMPORT_CHUNK_ROWS = 3
    rows = [row(f"Phạm Văn Bình {chr(65 + i)}", "15/04/1985", cccd=f"0010850{i:05d}") for i in range(10)]
    rows.append(row("Nguyễn Văn Mến", "19/08/1975", cccd=members.men.citizen_id, decision="", ceremony="",
                    official="", phone="0912345678"))
    hoa = members.hoa
    rows.append(row("Lê Thị Hoà Bình", hoa.birth_date, gender="Nữ", cccd=hoa.citizen_id, org="TN-TH", decision="",
                    number="", ceremony="", official="", phone="0987654321"))
    path = write_xlsx(tmp_path / "p.xlsx", rows)
    pv = preview(path, users.office, tree.root)
    assert pv.counts["created"] == 10 and pv.counts["updated"] == 2, pv.errors
    before = state(audit_also_leaves=["member.update"])
    counts_before = list(tree.root.subtree().values_list("official_count", "probationary_count"))
    seen = []

    def boom(fraction, label):
        seen.append(label)
        if (label, seen.count(label)) == {"creates": ("Đang ghi đảng viên mới", 2),
                                          "updates": ("Đang cập nhật hồ sơ", 1)}[stop_at]:
            raise RuntimeError("mất điện giữa chừng")

    updates_before = AuditEvent.objects.filter(action="member.update").count()
    with pytest.raises(RuntimeError):
        importer.commit(pv, users.office, progress=boom)
    chunked = connection.vendor == "sqlite"  # PostgreSQL writes the import in one transaction: nothing to undo
    # The audit is append-only: the updates taken back stay in it, and import.fail says they were undone.
    assert state(audit_also_leaves=["member.update"]) == before
    assert AuditEvent.objects.filter(action="member.update").count() - updates_before == (
        2 if stop_at == "updates" and chunked else 0)
    assert list(tree.root.subtree().values_list("official_count", "probationary_count")) == counts_before
    batch = ImportBatch.objects.get()
    assert batch.status == ImportStatus.FAILED
    undone = AuditEvent.objects.get(action="import.fail").data.get("undone")
    if chunked:
        assert undone == ({"removed": 6, "restored": 0} if stop_at == "creates"
                          else {"removed": 10, "restored": 2})
    else:
        assert not any((undone or {}).values())
    assert Member.objects.get(pk=hoa.pk).full_name == "Lê Thị Hoa" and not NameWord.objects.filter(word="binh")


# -- scope ------------------------------------------------------------------------------------------------
def test_office_of_another_party_committee_cannot_import_here(tmp_path, tree, make_org, make_user):
    from dangbo.organizations.models import OrgKind

    other = make_org("Đảng bộ Khác", OrgKind.GRASSROOTS_COMMITTEE, code="KHAC")
    make_org("Chi bộ Khác", OrgKind.CELL, parent=other, code="KHAC-1")
    office = make_user("office", other)
    path = write_xlsx(tmp_path / "s.xlsx", [row("Phạm Văn Bình", "15/04/1985", org="TN-VP")])
    with pytest.raises(PermissionDenied):
        preview(path, office, tree.b)
    pv = preview(path, office, other)  # into their own tree, naming a chi bộ of someone else's
    assert pv.counts["errors"] == 1
    assert "ngoài phạm vi" in pv.errors[0].message and pv.errors[0].column == "Chi bộ"


def test_secretary_imports_only_into_their_cell(tmp_path, tree, members, users):
    path = write_xlsx(tmp_path / "s.xlsx", [
        row("Phạm Văn Bình", "15/04/1985", org=""),
        row("Lê Văn Cường", "01/01/1980", org="TN-TH"),
        row("Đặng Văn Dũng", "30/11/1979", org="", decision="", number="", ceremony="", official="",
            phone="0900000000"),
    ])
    pv = preview(path, users.secretary, tree.a)
    assert [r.action for r in pv.rows] == ["create", "error", "error"]
    assert pv.rows[0].org == tree.a  # an empty cell means the chi bộ imported into
    assert "ngoài phạm vi" in pv.rows[1].errors[0].message
    # B's member matched by name: refused without revealing anything about the record
    assert "ngoài phạm vi" in pv.rows[2].errors[0].message and "Tổng hợp" not in pv.rows[2].errors[0].message


# -- the import record ---------------------------------------------------------------------------------------
def test_the_batch_records_who_what_and_the_counts(tmp_path, tree, users):
    path = write_xlsx(tmp_path / "r.xlsx", [row("Phạm Văn Bình", "15/04/1985"), row("X", "01/01/1980")])
    pv = preview(path, users.office, tree.root)
    result = importer.commit(pv, users.office)
    b = ImportBatch.objects.get(pk=result.batch_id)
    assert b.user == users.office and b.organization == tree.root and b.status == ImportStatus.COMMITTED
    assert b.file_sha256 == importer.sha256(path.read_bytes()) and b.file_size == path.stat().st_size
    assert (b.created_count, b.error_count, b.total_rows) == (1, 1, 2) and b.committed_at
    assert b.preview["errors"][0][:2] == [3, "Họ và tên"]
    m = Member.objects.get(full_name="Phạm Văn Bình")
    assert set(m.events.values_list("source", flat=True)) == {f"import:{b.pk}"}
    json.dumps(b.preview)


def test_a_bulk_import_is_one_audit_event_for_the_batch(tmp_path, tree, users):
    """members.actions.admit_many (the bulk path) records no event per member: the batch's import.commit is the
    one event of the write, besides the claim (import.start)."""
    path = write_xlsx(tmp_path / "n.xlsx", [
        row("Phạm Văn Bình", "15/04/1985", org="TN-VP"), row("Lê Văn Cường", "02/05/1986", org="TN-VP"),
        row("Hoàng Thị Thu", "01/07/1990", gender="Nữ", org="Chi bộ Tổng hợp")])
    pv = preview(path, users.office, tree.root)
    assert pv.counts["created"] == 3, pv.errors
    last = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    result = importer.commit(pv, users.office)
    written = list(AuditEvent.objects.filter(seq__gt=last).order_by("seq").values_list("action", "object_id"))
    assert written == [("import.start", str(result.batch_id)), ("import.commit", str(result.batch_id))]
    assert Member.objects.filter(events__source=f"import:{result.batch_id}").distinct().count() == 3


def test_commit_of_a_batch_reads_the_stored_file_again(tmp_path, tree, users, settings):
    settings.DATA_DIR = tmp_path / "data"
    path = write_xlsx(tmp_path / "r.xlsx", [row("Phạm Văn Bình", "15/04/1985")])
    data = path.read_bytes()
    batch = ImportBatch.objects.create(user=users.office, organization=tree.root, org_path=tree.root.path,
                                       file_name="r.xlsx", file_sha256=importer.sha256(data), file_size=len(data))
    batch.store_file(data)
    from dangbo.exchange import jobs

    jobs.preview_batch(batch, users.office)
    batch.refresh_from_db()
    assert batch.status == ImportStatus.PREVIEWED and batch.created_count == 1
    assert (tmp_path / "data" / "imports" / str(batch.pk) / "r.xlsx").exists()
    importer.commit(batch, users.office)
    batch.refresh_from_db()
    assert batch.status == ImportStatus.COMMITTED
    with pytest.raises(Exception, match="đã được ghi"):
        importer.commit(batch, users.office)


def test_background_job_and_stale_batches(tmp_path, tree, users, settings):
    from dangbo.exchange import jobs

    settings.DATA_DIR = tmp_path / "data"
    batch = ImportBatch.objects.create(user=users.office, organization=tree.root, org_path=tree.root.path,
                                       file_name="r.xlsx", file_sha256="0" * 64, status=ImportStatus.COMMITTING,
                                       worker_pid=999_999_999)
    jobs.mark_stale()
    batch.refresh_from_db()
    assert batch.status == ImportStatus.FAILED and "Không có dòng nào" in batch.message


# -- round trip -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_then_import_changes_nothing(tmp_path, tree, members, users, fmt):
    from dangbo.core.scopes import scope_for
    from dangbo.exchange import exports
    from dangbo.members import queries

    out = io.BytesIO()
    result = exports.export_members(scope_for(users.office), queries.MemberFilter(), fmt, out, actor=users.office)
    assert result.rows == 4
    path = tmp_path / f"export.{fmt}"
    path.write_bytes(out.getvalue())
    pv = preview(path, users.office, tree.root)
    assert pv.counts == {"total": 4, "created": 0, "updated": 0, "unchanged": 4, "errors": 0, "duplicates": 0,
                         "conversions": 0, "notes": 0}, (pv.errors, [r.changes for r in pv.rows])


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_then_import_keeps_transfer_in_dates(tmp_path, tree, members, users, fmt):
    from dangbo.core.scopes import scope_for
    from dangbo.exchange import exports
    from dangbo.members import queries
    from dangbo.members.actions import admit_member

    admit_member(users.office, organization=tree.a, dossier={
        "full_name": "Phạm Văn Bình", "birth_date": date(1985, 4, 15), "gender": "M",
        "citizen_id": "001085012345"}, decision_date=date(2010, 3, 2), ceremony_date=date(2010, 3, 12),
        official_date=date(2011, 3, 12), transfer_in_date=date(2020, 12, 25))
    out = io.BytesIO()
    exports.export_members(scope_for(users.office), queries.MemberFilter(), fmt, out, actor=users.office)
    path = tmp_path / f"export.{fmt}"
    path.write_bytes(out.getvalue())
    pv = preview(path, users.office, tree.root)
    assert pv.counts["unchanged"] == 5 and pv.counts["errors"] == 0, pv.errors
    t = read_table(path.read_bytes(), path.name)
    col = [h for h in t.headers].index("Ngày chuyển đến")
    assert sum(1 for _, vals in t.rows if vals[col] not in (None, "")) == 1


def test_killing_the_process_mid_commit_leaves_the_database_as_it_was(tmp_path):
    """A real `dangbo import` killed with SIGKILL while it writes. On SQLite the commit is written in short
    transactions (issue 11.3): the batch stays "committing" with the dead process's pid, and the recovery
    (`dangbo import --recover`, also run by `dangbo serve` and the import pages) deletes every piece written, so
    the register is as it was."""
    import os
    import signal
    import sqlite3
    import subprocess
    import sys
    import time

    env = {**os.environ, "DANGBO_DATA_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path}/k.sqlite3",
           "DJANGO_SETTINGS_MODULE": "dangbo.config.settings"}
    run = dict(env=env, cwd=os.getcwd(), capture_output=True, text=True, timeout=300)
    assert subprocess.run([sys.executable, "-m", "dangbo", "migrate"], **run).returncode == 0
    setup = ("import django; django.setup()\n"
             "from dangbo.organizations.actions import found_organization as f\n"
             "r = f(None, code='BR', name='Đảng bộ Thử', kind='grassroots_committee')\n"
             "f(None, code='BR-1', name='Chi bộ Một', kind='cell', parent=r)\n")
    assert subprocess.run([sys.executable, "-c", setup], **run).returncode == 0
    rows = [row(f"Phạm Văn {chr(65 + i % 26)}{chr(65 + i // 26 % 26)}{chr(65 + i // 676)}", "15/04/1985",
                org="BR-1", cccd=f"0010{i:08d}") for i in range(30000)]
    path = write_xlsx(tmp_path / "big.xlsx", rows)
    db = sqlite3.connect(tmp_path / "k.sqlite3")

    def counts():
        return [db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in (
            "members_member", "members_memberevent", "members_nameword", "members_historicalmember",
            "organizations_organization")] + [
            db.execute("SELECT count(*) FROM core_auditevent WHERE action NOT LIKE 'import.%'").fetchone()[0],
            db.execute("SELECT group_concat(official_count || '/' || probationary_count) FROM "
                       "organizations_organization").fetchone()[0]]

    before = counts()
    proc = subprocess.Popen([sys.executable, "-m", "dangbo", "import", "members", str(path), "--org", "BR"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and proc.poll() is None:
        if db.execute("SELECT count(*) FROM members_member").fetchone()[0] > before[0]:
            break  # pieces of the import are committed and it goes on writing
        time.sleep(0.02)
    assert proc.poll() is None, "the import ended before it could be killed: make the file larger"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    db.close()
    db = sqlite3.connect(tmp_path / "k.sqlite3")
    assert db.execute("SELECT status FROM exchange_importbatch").fetchone()[0] == "committing"
    assert db.execute("SELECT count(*) FROM members_member").fetchone()[0] > before[0]  # written, to take back
    recovered = subprocess.run([sys.executable, "-m", "dangbo", "import", "--recover"], **run)
    assert recovered.returncode == 0 and "Đã hoàn tác" in recovered.stdout, recovered.stderr
    assert counts() == before
    assert db.execute("SELECT status FROM exchange_importbatch").fetchone()[0] == "failed"
    assert [a for (a,) in db.execute("SELECT action FROM core_auditevent WHERE action LIKE 'import.%' ORDER BY id")
            ] == ["import.start", "import.fail"]
    assert subprocess.run([sys.executable, "-m", "dangbo", "import", "--recover"], **run).stdout.startswith(
        "Không có lần nhập nào")
