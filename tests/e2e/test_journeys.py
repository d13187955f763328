"""The journeys of issue 2 in a real browser: log in, find a member typed without diacritics,
record a transfer to another chi bộ and see it in the history, and a secretary refused outside their
chi bộ."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_log_in_and_out(page, url, login, users):
    login(page, "bithu_a", "sai-mat-khau")
    expect(page).to_have_url(re.compile(r"/dang-nhap/"))
    expect(page.locator("input[name=password]")).to_be_visible()

    login(page, "bithu_a")
    expect(page).not_to_have_url(re.compile(r"/dang-nhap/"))
    expect(page.get_by_text("bithu_a").or_(page.get_by_text("Đăng xuất")).first).to_be_visible()

    # Pages need a login: a fresh browser is sent to the login page.
    fresh = page.context.browser.new_context()
    try:
        other = fresh.new_page()
        other.goto(url("/dang-vien/"))
        expect(other).to_have_url(re.compile(r"/dang-nhap/"))
    finally:
        fresh.close()


def test_find_member_typed_without_diacritics(page, url, login, users, members):
    login(page, "vanphong")
    page.goto(url("/dang-vien/"))
    box = page.locator("input[name=q]").first
    box.fill("nguyen van men")
    box.press("Enter")
    page.wait_for_load_state()
    expect(page.get_by_role("link", name="Nguyễn Văn Mến").first).to_be_visible()
    expect(page.get_by_text("Trần Thị Lan")).to_have_count(0)

    # d matches đ
    page.goto(url("/dang-vien/?q=dang van dung"))
    expect(page.get_by_role("link", name="Đặng Văn Dũng").first).to_be_visible()
    expect(page.get_by_text("Nguyễn Văn Mến")).to_have_count(0)


def test_record_transfer_and_see_it_in_history(page, url, login, users, members, tree):
    from dangbo.members.models import Member

    men = members.men
    login(page, "vanphong")
    page.goto(url(f"/dang-vien/{men.pk}/"))
    expect(page.get_by_text("Nguyễn Văn Mến").first).to_be_visible()
    record = page.locator(f'a[href$="/dang-vien/{men.pk}/su-kien/"]')
    if record.count():
        record.first.click()
    else:
        page.goto(url(f"/dang-vien/{men.pk}/su-kien/"))
    expect(page).to_have_url(re.compile(rf"/dang-vien/{men.pk}/su-kien/"))

    page.locator("select[name=kind]").select_option("transfer")
    destination = page.locator("select[name=to_organization]")
    expect(destination).to_be_visible()  # the form may swap fields in after the kind is chosen
    destination.select_option(str(tree.b.pk))
    page.locator("input[name=effective_date]").fill("15/01/2025")
    fill_if_present(page, "decision_number", "125-QĐ/ĐU")
    fill_if_present(page, "decision_date", "10/01/2025")
    fill_if_present(page, "issuer", "Đảng ủy Cơ quan Thử nghiệm")
    page.locator("form:has(select[name=kind]) [type=submit]").first.click()
    page.wait_for_load_state()
    expect(page).not_to_have_url(re.compile(r"/su-kien/$"))  # saved, not the form again with errors

    men_now = Member.objects.get(pk=men.pk)
    assert men_now.organization_id == tree.b.pk

    # The member's record lists the event with its decision, and the change log says who did it.
    page.goto(url(f"/dang-vien/{men.pk}/"))
    row = page.get_by_role("row").filter(has_text="Chuyển sinh hoạt đảng chính thức")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("15/01/2025")
    expect(row).to_contain_text("125-QĐ/ĐU")
    expect(row).to_contain_text(re.compile(r"Chi bộ Văn phòng\s*→\s*Chi bộ Tổng hợp"))

    page.get_by_role("link", name="Lịch sử thay đổi").first.click()
    expect(page).to_have_url(re.compile(rf"/dang-vien/{men.pk}/lich-su/"))
    change = page.get_by_role("row").filter(has_text="Chuyển sinh hoạt đảng chính thức")
    expect(change.first).to_contain_text("vanphong")
    expect(change.first).to_contain_text("Chi bộ Tổng hợp")

def test_secretary_refused_outside_their_chi_bo(page, url, login, users, members):
    login(page, "bithu_a")
    own = page.goto(url(f"/dang-vien/{members.men.pk}/"))
    assert own.status == 200
    for path in (f"/dang-vien/{members.dung.pk}/", f"/dang-vien/{members.dung.pk}/su-kien/",
                 f"/dang-vien/{members.dung.pk}/lich-su/"):
        response = page.goto(url(path))
        assert response.status in (403, 404), f"{path} answered {response.status}"
        expect(page.get_by_text("Đặng Văn Dũng")).to_have_count(0)
    # Nor does the other chi bộ's member show up in a search.
    page.goto(url("/dang-vien/?q=dung"))
    expect(page.get_by_text("Đặng Văn Dũng")).to_have_count(0)


def fill_if_present(page, name, value):
    field = page.locator(f"[name={name}]")
    if field.count():
        field.first.fill(value)
