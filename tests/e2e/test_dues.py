"""The dues journey of issue 15 in Chromium, on a laptop (1366 px) and a phone (390 px): a secretary draws up
the months, records cash payments for a month, prints a receipt (amount in words), imports the portal's
payments, and sees the one member three months in arrears."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from dangbo.dues import actions
from dangbo.dues.models import DuesPayment

pytestmark = pytest.mark.e2e
MONTHS = ("01/2026", "02/2026", "03/2026", "04/2026")


@pytest.mark.parametrize("width", [1366, 390])
def test_secretary_collects_prints_imports_and_sees_arrears(page, url, login, users, members, tree, tmp_path,
                                                            width):
    actions.set_profile(None, members.men, from_month=date(2025, 1, 1), category="bhxh", base=8_000_000)
    actions.set_profile(None, members.lan, from_month=date(2025, 1, 1), category="pensioner", base=6_000_000)
    page.set_viewport_size({"width": width, "height": 844 if width < 800 else 768})
    login(page, "bithu_a")

    # Draw up January to April from the month's sheet.
    for m in MONTHS:
        page.goto(url(f"/dang-phi/?to_chuc={tree.a.pk}&thang={m}"))
        page.locator("#generate").click()
        page.wait_for_load_state()
        expect(page.locator("#dues-sheet")).to_contain_text("Trần Thị Lan")
    expect(page.locator("#dues-sheet")).to_contain_text("80.000")  # Mến: 1% of 8.000.000
    expect(page.locator("#dues-sheet")).not_to_contain_text("Đặng Văn Dũng")  # chi bộ B

    # Cash: Lan pays each month at the sheet; each payment opens its numbered receipt.
    for i, m in enumerate(MONTHS, 1):
        page.goto(url(f"/dang-phi/?to_chuc={tree.a.pk}&thang={m}"))
        row = page.locator("#dues-sheet tbody tr").filter(has_text="Trần Thị Lan")
        row.get_by_role("link", name="Thu tiền").click()
        page.locator("input[name=amount]").fill("30.000")
        page.locator("input[name=paid_on]").fill("15/04/2026")
        page.get_by_role("button", name="Ghi và in phiếu thu").click()
        expect(page.locator("#receipt-number")).to_have_text(f"{i:04d}/2026")
    receipt = page.locator("#receipt")
    expect(receipt).to_contain_text("PHIẾU THU ĐẢNG PHÍ")
    expect(receipt).to_contain_text("Số tiền: 30.000 đồng")
    expect(page.locator("#receipt-words")).to_have_text("Ba mươi nghìn đồng")
    # Printed: the receipt stays, the buttons do not.
    page.emulate_media(media="print")
    expect(receipt).to_be_visible()
    expect(page.get_by_role("button", name="In phiếu thu")).to_be_hidden()
    page.emulate_media(media="screen")

    # The portal's export: Mến paid January there; one line matches nobody and is listed, not guessed.
    csv = tmp_path / "cong.csv"
    csv.write_text("Mã giao dịch,Số CCCD,Họ và tên,Kỳ đóng,Số tiền,Ngày nộp\n"
                   f"GD9,{members.men.citizen_id},{members.men.full_name},01/2026,80000,20/01/2026\n"
                   "GD10,012345678999,Không Ai,01/2026,1000,20/01/2026\n", encoding="utf-8")
    page.goto(url("/dang-phi/cong/"))
    page.locator("input[name=file]").set_input_files(str(csv))
    page.get_by_role("button", name="Xem trước").click()
    expect(page.get_by_text("Dòng 3").first).to_be_visible()
    assert not DuesPayment.objects.filter(channel="portal").exists()  # a preview writes nothing
    page.locator("#portal-commit").click()
    page.wait_for_load_state()
    expect(page).to_have_url(re.compile(r"/dang-phi/"))
    assert DuesPayment.objects.filter(channel="portal", member=members.men).count() == 1

    # Arrears: Mến owes February to April, a finding to consider (never a removal); Lan owes nothing.
    page.goto(url(f"/dang-phi/no/?to_chuc={tree.a.pk}&nam=2026"))
    rows = page.locator("#dues-arrears tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Nguyễn Văn Mến")
    expect(rows.first).to_contain_text("02/2026, 03/2026, 04/2026")
    expect(rows.first).to_contain_text("Điều lệ Đảng, Điều 8")
    expect(page.locator("#dues-arrears")).not_to_contain_text("Trần Thị Lan")
    # Nothing spills sideways on a phone: the page is no wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
