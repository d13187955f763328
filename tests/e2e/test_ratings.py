"""The journey of issue 4 in a real browser: secretaries propose, the đảng ủy decides, a quota finding
appears and is overridden with a reason, and the results page shows the new counts."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


@pytest.fixture
def review(users, tree, members):
    from dangbo.evaluations import actions

    return actions.open_review(None, tree.root, year=2026, review_date=date(2026, 12, 15))


def propose(page, name, level):
    row = page.locator(f'tr[data-member="{name}"]')
    row.locator("select[name=self_level]").select_option(label=level)  # from the member's written kiểm điểm
    row.locator("select[name=proposed_level]").select_option(label=level)
    row.get_by_role("button", name="Đề xuất").click()
    page.wait_for_load_state()
    expect(page.locator(f'tr[data-member="{name}"]')).to_contain_text("Chi bộ đã đề xuất")


def test_propose_decide_override_results(page, url, login, review, tree):
    login(page, "bithu_a")
    page.goto(url(f"/danh-gia/dot/{review.pk}/"))
    expect(page.get_by_text("Đặng Văn Dũng")).to_have_count(0)  # B's member is not on A's list
    propose(page, "Nguyễn Văn Mến", "Hoàn thành xuất sắc nhiệm vụ")
    propose(page, "Trần Thị Lan", "Hoàn thành tốt nhiệm vụ")
    expect(page.locator("#decide-members")).to_have_count(0)  # a chi bộ does not decide

    page.context.clear_cookies()
    login(page, "bithu_b")
    page.goto(url(f"/danh-gia/dot/{review.pk}/"))
    propose(page, "Đặng Văn Dũng", "Hoàn thành tốt nhiệm vụ")
    propose(page, "Lê Thị Hoa", "Hoàn thành tốt nhiệm vụ")

    page.context.clear_cookies()
    login(page, "vanphong")
    page.goto(url(f"/danh-gia/dot/{review.pk}/"))
    expect(page.locator("#quota-findings")).to_contain_text("vượt quá 20%")
    form = page.locator("#decide-members")
    form.locator("input[name=decision_number]").fill("15-QĐ/ĐU")
    form.locator("input[name=decision_date]").fill("20/12/2026")
    form.get_by_role("button", name=re.compile("Quyết định xếp loại")).click()
    page.wait_for_load_state()
    expect(page.get_by_text("Còn cảnh báo chặn quyết định").first).to_be_visible()
    expect(page.locator('tr[data-member="Nguyễn Văn Mến"] td.decided')).to_contain_text("Chi bộ đã đề xuất")

    form = page.locator("#decide-members")
    form.locator("input[name=decision_number]").fill("15-QĐ/ĐU")
    form.locator("input[name=decision_date]").fill("20/12/2026")
    form.locator("textarea[name=override_reason]").fill("Đồng chí Mến lập thành tích đột xuất, Đảng ủy thống nhất")
    form.get_by_role("button", name=re.compile("Quyết định xếp loại")).click()
    page.wait_for_load_state()
    expect(page.locator("#decide-summary")).to_contain_text("4 đảng viên")  # confirm first, naming how many
    expect(page.locator("#decide-parts")).to_contain_text("Chi bộ Văn phòng: 2 đảng viên")
    page.get_by_role("button", name="Xác nhận quyết định xếp loại 4 đảng viên").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Đã quyết định xếp loại 4 đảng viên")).to_be_visible()
    expect(page.locator('tr[data-member="Nguyễn Văn Mến"] td.decided')).to_contain_text("vượt cảnh báo")

    page.goto(url(f"/danh-gia/ket-qua/?to_chuc={tree.root.pk}&nam=2026"))
    expect(page.locator('tr[data-level="excellent"] td.members-n')).to_have_text("1")
    expect(page.locator('tr[data-level="good"] td.members-n')).to_have_text("3")
