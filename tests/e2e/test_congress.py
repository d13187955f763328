"""The journey of issue 5 in a real browser: a chi bộ congress of 50 convened and 48 present, a chi ủy election
with a surplus, two counters entering the ballots with one disagreement resolved by the board chair, the board
signing, and the counting record produced."""

import io
import re
from datetime import date

import pytest
from docx import Document
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

CANDIDATES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em", "Vũ Thị Giang"]


@pytest.fixture
def chi_bo(tree, make_member, make_user):
    people = list(CANDIDATES) + ["Ngô Văn Kiểm", "Dương Thị Phiếu"]
    people += [f"Đỗ Văn Thành Viên {chr(ord('A') + i // 26)}{chr(ord('A') + i % 26)}" for i in range(50 - len(people))]
    for n in people:
        make_member(tree.a, n)
    return {"one": make_user("secretary", tree.a, username="kiemphieu1"),
            "two": make_user("secretary", tree.a, username="kiemphieu2")}


def _enter(page, number, struck=()):
    form = page.locator("form#nhap-phieu")
    form.locator("input[name=number]").fill(str(number))
    for name in struck:
        form.locator(f"input[type=checkbox][data-name='{name}']").uncheck()
    form.get_by_role("button", name="Lưu phiếu").click()
    page.wait_for_load_state()
    expect(page.get_by_text(f"Đã nhập phiếu số {number}")).to_be_visible()


def test_congress_counting_journey(page, url, login, chi_bo, tree, browser):
    from dangbo.congresses import actions
    from dangbo.congresses.models import Congress, Election

    login(page, "kiemphieu1")
    page.goto(url("/dai-hoi/"))
    page.get_by_role("link", name="Lập đại hội").click()
    page.locator("select[name=organization]").select_option(label="Chi bộ Văn phòng")
    page.get_by_label("Lần thứ").fill("5")
    page.get_by_label("Nhiệm kỳ từ năm").fill("2025")
    page.get_by_label("đến năm").fill("2030")
    page.get_by_label("Ngày khai mạc").fill("20/05/2025")
    page.get_by_role("button", name="Lập đại hội").click()
    expect(page.locator("h1")).to_contain_text("Chi bộ Văn phòng lần thứ V, nhiệm kỳ 2025–2030")
    expect(page.locator("#present-count")).to_have_text("50/50")

    # Two absent: one with an approved reason (excluded from the base), one without.
    page.get_by_label("Có mặt Đỗ Văn Thành Viên AA").uncheck()
    page.get_by_label("Lý do vắng Đỗ Văn Thành Viên AA").fill("Đi học tập trung")
    page.locator("tr", has=page.get_by_label("Có mặt Đỗ Văn Thành Viên AA")).locator(
        "input[name^=approved_]").check()
    page.get_by_label("Có mặt Đỗ Văn Thành Viên AB").uncheck()
    page.get_by_role("button", name="Lưu điểm danh").click()
    expect(page.locator("#present-count")).to_have_text("48/50")
    expect(page.locator("#base-count")).to_have_text("49")

    page.get_by_label("Bầu", exact=True).select_option(label="Chi ủy")
    page.get_by_label("Số lượng cần bầu").fill("5")
    page.get_by_label("Danh sách bầu cử (mỗi dòng một người)").fill("\n".join(reversed(CANDIDATES)))
    page.get_by_label("Ban kiểm phiếu (mỗi dòng một người, trưởng ban ở dòng đầu)").fill(
        "Ngô Văn Kiểm\nDương Thị Phiếu")
    page.get_by_role("button", name="Lập cuộc bầu").click()
    expect(page.locator("#candidate-list li").first).to_contain_text("Nguyễn Văn An")  # Vietnamese order
    expect(page.locator("#attendance-line")).to_contain_text("Có mặt 48/50")
    page.get_by_label("Số phiếu phát ra").fill("48")
    page.get_by_role("button", name="Chốt danh sách, bắt đầu kiểm phiếu").click()
    expect(page.locator("form#nhap-phieu")).to_be_visible()

    # Ballots 1–44 were entered by both counters already (the journey types the last four).
    e = Election.objects.get()
    pks = {c.full_name: c.pk for c in e.candidates.all()}
    one, two = chi_bo["one"], chi_bo["two"]
    for n in range(1, 45):
        struck = CANDIDATES[5] if n % 2 else CANDIDATES[4]
        kept = [pk for name, pk in pks.items() if name != struck]
        actions.record_ballot(one, e, number=n, counter=1, kept=kept)
        actions.record_ballot(two, e, number=n, counter=2, kept=kept)

    page.reload()
    for n in range(45, 49):
        _enter(page, n, struck=[CANDIDATES[5]])

    other = browser.new_context(locale="vi-VN")
    try:
        p2 = other.new_page()
        login(p2, "kiemphieu2")
        p2.goto(url(f"/dai-hoi/bau-cu/{e.pk}/"))
        p2.locator("form#nhap-phieu input[name=counter][value='2']").check()
        for n in range(45, 49):
            p2.locator("form#nhap-phieu input[name=counter][value='2']").check()
            _enter(p2, n, struck=[CANDIDATES[4]] if n == 46 else [CANDIDATES[5]])  # 46 read differently
        expect(p2.locator("#khong-khop")).to_contain_text("Phiếu hai người nhập không khớp (1)")
    finally:
        other.close()

    page.reload()
    mismatch = page.locator("#khong-khop tr.disagreement")
    expect(mismatch).to_have_count(1)
    expect(mismatch).to_contain_text("46")
    page.get_by_role("button", name="Ban kiểm phiếu ký biên bản (khóa kết quả)").click()
    expect(page.get_by_text("trưởng ban kiểm phiếu phải xác định")).to_be_visible()  # refused

    resolve = page.locator("#khong-khop form")
    resolve.locator("input[name=number]").fill("46")
    resolve.locator(f"input[type=checkbox][data-name='{CANDIDATES[5]}']").uncheck()
    resolve.get_by_role("button", name="Ghi kết quả xác định").click()
    expect(page.locator("#khong-khop")).to_have_count(0)

    page.get_by_role("button", name="Ban kiểm phiếu ký biên bản (khóa kết quả)").click()
    expect(page.get_by_text("Ban kiểm phiếu đã ký: kết quả đã được khóa.")).to_be_visible()
    table = page.locator("#result-table")
    expect(table.locator("tr", has_text="Nguyễn Văn An")).to_contain_text("trúng cử")
    expect(table.locator("tr", has_text="Vũ Thị Giang")).not_to_contain_text("trúng cử")

    with page.expect_download() as dl:
        page.get_by_role("link", name="Biên bản kiểm phiếu (DOCX)").click()
    doc = Document(io.BytesIO(open(dl.value.path(), "rb").read()))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Tổng số đảng viên chính thức được triệu tập: 50" in text
    assert "Số có mặt: 48; số vắng mặt: 2" in text
    assert "Số phiếu phát ra: 48; số phiếu thu về: 48" in text
    assert re.search(r"Cơ sở tính kết quả .*: 49", text)
    assert "Đồng chí Nguyễn Văn An: 48 phiếu" in text
    assert Congress.objects.get().opened_on == date(2025, 5, 20)
