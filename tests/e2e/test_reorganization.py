"""The 2025 reorganisation journey of issue 13 in a real browser: the Tỉnh ủy's office moves the Văn phòng's đảng bộ
from the Khối (ended 30/6/2025) to the new Đảng bộ UBND tỉnh by one decision (form → preview → confirm), appoints its
2025–2030 committee (the appointment form, CT 45), and then reads the organisation page (the committee today, and
before the appointment: the old elected one, or none before that) and the tree page as of a date before and after
the move («Xem cây tại ngày»)."""

from datetime import date

import pytest
from playwright.sync_api import expect

from tests.e2e.forms import submit

pytestmark = pytest.mark.e2e


@pytest.fixture
def province(make_org, make_member, make_user):
    from dangbo.organizations import committee_actions as actions
    from dangbo.organizations.models import OrgKind, OrgLevel, Position

    tinh = make_org("Đảng bộ tỉnh Quảng Nam", OrgKind.UPPER, code="QN", level=OrgLevel.PROVINCE,
                    founded_on=date(1930, 3, 28))
    khoi = make_org("Đảng bộ Khối các cơ quan tỉnh", OrgKind.UPPER, parent=tinh, code="KHOI", level=OrgLevel.BLOC,
                    founded_on=date(1980, 5, 12))
    ubnd = make_org("Đảng bộ UBND tỉnh", OrgKind.UPPER, parent=tinh, code="UBND", level=OrgLevel.GOVERNMENT,
                    founded_on=date(2025, 7, 1))
    vp = make_org("Đảng bộ Văn phòng UBND tỉnh", OrgKind.GRASSROOTS_COMMITTEE, parent=khoi, code="VP",
                  founded_on=date(1990, 1, 1))
    th = make_org("Chi bộ Phòng Tổng hợp", OrgKind.CELL, parent=vp, code="VP-TH", founded_on=date(1990, 1, 1))
    kt = make_org("Chi bộ Phòng Kinh tế", OrgKind.CELL, parent=vp, code="VP-KT", founded_on=date(1990, 1, 1))
    for cell, name in ((th, "Nguyễn Văn An"), (th, "Trần Thị Bình"), (kt, "Lê Văn Cường")):
        make_member(cell, name, birth_date=date(1980, 5, 17))
    # The 2020–2025 committee, approved after the Văn phòng's congress of 2020 (recorded as the Khối decided it).
    actions.appoint_term(None, vp, ordinal=5, start_year=2020, end_year=2025, decision_number="210-QĐ/ĐUK",
                         decision_date=date(2020, 7, 15), issuer="Ban Thường vụ Đảng ủy Khối",
                         people=[{"full_name": "Phan Văn Cũ", "position": Position.SECRETARY},
                                 {"full_name": "Đỗ Thị Xưa", "position": Position.DEPUTY}])
    make_user("office", tinh, username="vanphong_tu")
    return khoi, ubnd, vp


def test_move_appoint_then_read_the_committee_and_the_tree(page, url, login, province):
    from dangbo.organizations.models import Organization, OrganizationMove

    khoi, ubnd, vp = province
    login(page, "vanphong_tu")

    # 1. The move: the form, a preview that writes nothing, then the confirmation.
    page.goto(url(f"/to-chuc/{vp.pk}/"))
    expect(page.locator("#committee-members")).to_contain_text("Phan Văn Cũ")
    page.goto(url(f"/to-chuc/{vp.pk}/chuyen/"))
    expect(page.get_by_role("heading", name="Chuyển tổ chức theo quyết định")).to_be_visible()
    submit(page, "Xem trước", {
        "select[name=to]": str(ubnd.pk), "input[name=effective_date]": "01/07/2025",
        "input[name=decision_number]": "1520-QĐ/TU", "input[name=decision_date]": "27/06/2025",
        "input[name=issuer]": "Ban Thường vụ Tỉnh ủy",
        "textarea[name=record]": "Biên bản bàn giao số 01-BB/ĐUK ngày 30/6/2025"})
    expect(page.locator("#move-preview")).to_contain_text(
        "3 tổ chức, 3 đảng viên chuyển từ «Đảng bộ Khối các cơ quan tỉnh» về «Đảng bộ UBND tỉnh» từ ngày 01/07/2025.")
    assert not OrganizationMove.objects.exists()  # the preview wrote nothing
    page.get_by_role("button", name="Xác nhận chuyển").click()
    expect(page.get_by_text("Đã chuyển «Đảng bộ Văn phòng UBND tỉnh» về trực thuộc «Đảng bộ UBND tỉnh» từ ngày "
                            "01/07/2025: 3 tổ chức, 3 đảng viên.")).to_be_visible()
    assert page.url == url(f"/to-chuc/{vp.pk}/")
    assert Organization.objects.get(pk=vp.pk).parent_id == ubnd.pk

    # 2. The level above (now the Đảng bộ UBND tỉnh, within the Tỉnh ủy's office) appoints the 2025–2030 committee.
    page.get_by_role("link", name="Chỉ định cấp ủy").click()
    expect(page.get_by_role("heading", name="Chỉ định cấp ủy nhiệm kỳ mới")).to_be_visible()
    submit(page, "Xem trước", {
        "input[name=ordinal]": "6", "input[name=start_year]": "2025", "input[name=end_year]": "2030",
        "input[name=length_months]": "60", "input[name=decision_number]": "12-QĐ/ĐU",
        "input[name=decision_date]": "10/07/2025", "input[name=issuer]": "Ban Thường vụ Đảng ủy UBND tỉnh",
        "textarea[name=people]": "Nguyễn Văn Mến; Bí thư\nTrần Thị Hoa; Phó Bí thư\nLê Văn Tú; Cấp ủy viên\n"
                                 "Phạm Văn Hải; Chủ nhiệm UBKT; 45-QĐ/ĐU; 20/07/2025"})
    preview = page.locator("#confirm-preview")
    expect(preview).to_contain_text("Khóa 6, nhiệm kỳ 2025–2030, Quyết định 12-QĐ/ĐU ngày 10/07/2025: 4 người.")
    expect(preview).to_contain_text("Nguyễn Văn Mến – Bí thư")
    page.get_by_role("button", name="Xác nhận").click()
    expect(page.get_by_text("Đã ghi nhiệm kỳ 2025–2030 do cấp trên chỉ định.")).to_be_visible()

    # 3. The organisation page: the committee today, then on dates before the appointment.
    committee = page.locator("#current-term")
    expect(committee).to_contain_text("Quyết định 12-QĐ/ĐU ngày 10/07/2025")
    members = page.locator("#committee-members")
    for text in ("Nguyễn Văn Mến – Bí thư", "Trần Thị Hoa", "Lê Văn Tú", "Phạm Văn Hải", "45-QĐ/ĐU"):
        expect(members).to_contain_text(text)
    expect(members).not_to_contain_text("Phan Văn Cũ")
    page.fill("input[name=cap_uy_ngay]", "30/06/2025")
    committee.get_by_role("button", name="Xem").click()
    expect(committee).to_contain_text("Cấp ủy tại ngày 30/06/2025")
    expect(committee).to_contain_text("Quyết định 210-QĐ/ĐUK ngày 15/07/2020")
    expect(members).to_contain_text("Phan Văn Cũ")
    expect(members).not_to_contain_text("Nguyễn Văn Mến")
    page.fill("input[name=cap_uy_ngay]", "01/01/2020")
    committee.get_by_role("button", name="Xem").click()
    expect(committee).to_contain_text("Cấp ủy tại ngày 01/01/2020")
    expect(committee).to_contain_text("Chưa có nhiệm kỳ được chuẩn y hoặc chỉ định vào ngày này.")

    # 4. The tree page before and after the move date.
    page.goto(url("/to-chuc/"))
    tree_date = page.locator("input[name=ngay]")
    tree_date.fill("30/06/2025")
    page.get_by_role("button", name="Xem", exact=True).click()
    table = page.locator("#org-tree-as-of")
    expect(page.get_by_text("Cây tổ chức và đảng số tại ngày 30/06/2025")).to_be_visible()
    row = table.locator("tr", has=page.get_by_role("link", name="Đảng bộ Văn phòng UBND tỉnh", exact=True))
    expect(row).to_contain_text("Đảng bộ Khối các cơ quan tỉnh")
    expect(row.locator("td").last).to_have_text("3")
    assert table.get_by_role("link", name="Đảng bộ UBND tỉnh", exact=True).count() == 0

    page.locator("input[name=ngay]").fill("01/07/2025")
    page.get_by_role("button", name="Xem", exact=True).click()
    expect(page.get_by_text("Cây tổ chức và đảng số tại ngày 01/07/2025")).to_be_visible()
    row = table.locator("tr", has=page.get_by_role("link", name="Đảng bộ Văn phòng UBND tỉnh", exact=True))
    expect(row).to_contain_text("Đảng bộ UBND tỉnh")
    expect(row).not_to_contain_text("Khối")
    expect(row.locator("td").last).to_have_text("3")
    ubnd_row = table.locator("tr", has=page.get_by_role("link", name="Đảng bộ UBND tỉnh", exact=True))
    expect(ubnd_row.locator("td").last).to_have_text("3")
    khoi_row = table.locator("tr", has=page.get_by_role("link", name=khoi.name, exact=True))
    expect(khoi_row.locator("td").last).to_have_text("0")
