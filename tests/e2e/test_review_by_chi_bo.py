"""The journey of issue 10 in a real browser: a chi bộ secretary proposes for the whole chi bộ on one screen,
the đảng ủy office decides that chi bộ only, after a confirmation page naming how many and whose, and the
year-end dashboard shows the year's figures as provisional («Số liệu tạm tính») until every chi bộ is decided.

The dashboard's words are the contract with the report (issue 10, "reviews still open"): present while any
review of the year is open, absent when everything is decided."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

GOOD = "Hoàn thành tốt nhiệm vụ"
PROVISIONAL = "Số liệu tạm tính"


@pytest.fixture
def review(users, tree, members):
    from dangbo.evaluations import actions

    return actions.open_review(None, tree.root, year=2026, review_date=date(2026, 12, 15))


def finish_the_review(review, users, members):
    """Chi bộ B proposes and is decided, then the organisations, and the office closes the review."""
    from dangbo.evaluations import actions
    from dangbo.evaluations.models import MemberRating, OrgRating

    for m in (members.dung, members.hoa):
        r = MemberRating.objects.get(review=review, member=m)
        actions.propose(users.secretary_b, r, level=3, self_level=3, points=80)
    actions.decide_members(users.office, review, decision_number="16-QĐ/ĐU", decision_date=date(2026, 12, 21))
    for top in (False, True):  # the chi bộ first, then the đảng bộ (rated after its organisations)
        for r in OrgRating.objects.filter(review=review, rated=True).exclude(status="decided"):
            if (r.org_path == review.org_path) == top:
                actions.propose_org(None, r, level=3, points=80)
        actions.decide_orgs(None, review, decision_number="17-QĐ/ĐU", decision_date=date(2026, 12, 22),
                            override_reason="Cấp trên thống nhất")
    actions.close_review(users.office, review)


def test_chi_bo_proposes_on_one_screen_office_decides_it_after_confirmation(page, url, login, review, tree,
                                                                           users, members):
    login(page, "bithu_a")
    page.goto(url(f"/danh-gia/dot/{review.pk}/"))
    page.locator("#bulk-links").get_by_role("link", name="Chi bộ Văn phòng").click()
    expect(page.locator("#bulk-propose")).not_to_contain_text("Đặng Văn Dũng")  # only the secretary's chi bộ
    for name, points in (("Nguyễn Văn Mến", "85"), ("Trần Thị Lan", "150")):
        row = page.locator(f'tr[data-member="{name}"]')
        row.locator("select[name^=self_]").select_option(label=GOOD)
        row.locator("select[name^=level_]").select_option(label=GOOD)
        row.locator("input[name^=points_]").fill(points)
    page.locator("input[name^=points_]").first.evaluate("e => e.form.noValidate = true")  # the server checks too
    page.get_by_role("button", name="Lưu đề xuất của chi bộ").click()
    expect(page.locator("#bulk-errors")).to_contain_text("(Trần Thị Lan): Điểm phải từ 0 đến 100.")
    page.locator('tr[data-member="Trần Thị Lan"] input[name^=points_]').fill("80")
    page.get_by_role("button", name="Lưu đề xuất của chi bộ").click()
    expect(page.get_by_text("Đã ghi đề xuất xếp loại 2 đảng viên của Chi bộ Văn phòng")).to_be_visible()
    expect(page.locator('tr[data-member="Nguyễn Văn Mến"] td.decided')).to_contain_text("Chi bộ đã đề xuất")

    page.context.clear_cookies()
    login(page, "vanphong")
    page.goto(url(f"/danh-gia/dot/{review.pk}/"))
    form = page.locator("#decide-members")
    form.locator("select[name=to_chuc]").select_option(label="Chi bộ Văn phòng (2 đề xuất)")
    form.locator("input[name=decision_number]").fill("15-QĐ/ĐU")
    form.locator("input[name=decision_date]").fill("20/12/2026")
    form.get_by_role("button", name=re.compile("Quyết định xếp loại")).click()
    expect(page.locator("#decide-summary")).to_contain_text("2 đảng viên")
    expect(page.locator("#decide-summary")).to_contain_text("Chi bộ Văn phòng")
    expect(page.locator("#decide-list")).not_to_contain_text("Đặng Văn Dũng")
    page.get_by_role("button", name="Xác nhận quyết định xếp loại 2 đảng viên").click()
    expect(page.get_by_text("Đã quyết định xếp loại 2 đảng viên của Chi bộ Văn phòng.")).to_be_visible()
    expect(page.locator('tr[data-member="Nguyễn Văn Mến"] td.decided')).to_contain_text(GOOD)
    page.goto(url(f"/danh-gia/dot/{review.pk}/"))
    expect(page.locator('tr[data-member="Đặng Văn Dũng"] td.decided')).not_to_contain_text(GOOD)

    page.goto(url(f"/bao-cao/?to_chuc={tree.root.pk}&nam=2026"))
    expect(page.get_by_text(PROVISIONAL).first).to_be_visible()

    finish_the_review(review, users, members)
    page.goto(url(f"/bao-cao/?to_chuc={tree.root.pk}&nam=2026"))
    expect(page.locator("body")).to_contain_text("2026")
    expect(page.get_by_text(PROVISIONAL)).to_have_count(0)
