"""The menu bar is built from the apps' `nav` entries (core.registry): who sees what, in which order, lit where."""

import re

import pytest

pytestmark = pytest.mark.django_db

ITEM = re.compile(r'<li class="nav-item( dropdown)?( active)?"><a class="nav-link[^"]*" href="([^"]+)"'
                  r'[^>]*>([^<]+)</a>')
CHILD = re.compile(r'<a class="dropdown-item" href="([^"]+)">([^<]+)</a>')


def bar(client, url):
    html = client.get(url).content.decode()
    main = html[html.index('id="main-nav"'):]
    main = main[:main.index("</ul>")]
    return [(label, bool(active)) for _, active, _, label in ITEM.findall(main)], CHILD.findall(main)


READERS_BAR = ["Tổng quan", "Tổ chức đảng", "Đảng viên", "Phát triển đảng viên", "Kiểm tra, giám sát", "Việc cần làm",
               "Đánh giá, xếp loại", "Đại hội, sinh hoạt", "Đảng phí", "Tổng kết năm", "Số liệu, văn bản"]
MENU = ["Nghị quyết, chỉ tiêu", "Khen thưởng", "Huy hiệu Đảng", "Báo cáo tổng kết", "Văn kiện báo cáo",
        "Tổng hợp báo cáo cấp dưới", "Số liệu đã công bố các năm trước",
        "Đảng số theo ngày",
        "Xuất, thống kê", "Nhập từ tệp", "Hồ sơ đảng viên", "Sổ văn bản", "Chất lượng dữ liệu", "Nhật ký",
        "Công việc chạy nền"]


def test_a_writer_sees_every_entry_in_order_and_the_page_lights_its_own(as_office):
    items, children = bar(as_office, "/dang-vien/")
    assert [label for label, _ in items] == READERS_BAR
    assert [label for label, active in items if active] == ["Đảng viên"]
    assert [label for _, label in children] == MENU
    assert ("/nhap/", "Nhập từ tệp") in children


def test_a_reader_has_no_import_entry(as_reader):
    items, children = bar(as_reader, "/to-chuc/")
    assert [label for label, _ in items] == READERS_BAR
    assert [label for label, active in items if active] == ["Tổ chức đảng"]
    assert [label for _, label in children] == [m for m in MENU if m != "Nhập từ tệp"]


@pytest.mark.parametrize(("url", "lit"), [
    ("/to-chuc/dang-so/", "Số liệu, văn bản"),  # an organizations page listed in a drop-down lights the drop-down
    ("/nhat-ky/", "Số liệu, văn bản"),
    ("/cong-viec/", "Số liệu, văn bản"),
    ("/xuat/", "Số liệu, văn bản"),
    ("/ho-so-dang-vien/", "Số liệu, văn bản"),
    ("/khen-thuong/", "Tổng kết năm"),
    ("/dang-vien/viec-can-lam/", "Việc cần làm"),
    ("/", "Tổng quan"),
])
def test_the_lit_entry(as_office, url, lit):
    items, _ = bar(as_office, url)
    assert [label for label, active in items if active] == [lit]


def test_a_member_sees_their_own_record_and_dues(as_member, members):
    items, children = bar(as_member, f"/dang-vien/{members.lan.pk}/")
    assert items == [("Tổng quan", False), ("Hồ sơ của tôi", True), ("Đảng phí của tôi", False)]
    assert children == []
    html = as_member.get("/").content.decode()
    assert f'href="/dang-vien/{members.lan.pk}/">Hồ sơ của tôi' in html


def test_the_account_menu_names_each_role_and_its_organisation_from_the_scope(office_client, world):
    """The roles in the account menu and the print head come from the roles the scope read: the page does not read
    them again (three queries each page before)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as seen:
        html = office_client.get("/to-chuc/").content.decode()
    menu = html[html.index('class="dropdown-header"'):]
    menu = menu[:menu.index('class="dropdown-divider"')]
    assert "Văn phòng cấp ủy" in menu or "Văn phòng" in menu
    assert world.vp.name in menu
    assert sum("core_roleassignment" in q["sql"] for q in seen.captured_queries) == 1
    head = html[html.index('class="doc-header'):]
    head = head[:head.index("</header>")]
    assert world.vp.name.upper() in head and world.root.name.upper() in head  # issuer and its superior, on paper


def test_the_bar_is_built_once_for_a_kind_of_user_and_page_yet_links_each_member_to_their_own_record(
        client_as, members, make_user):
    from dangbo.core import context

    other = make_user("member", username="dangvien2", member=members.men)
    context._bar.cache_clear()
    first, second = client_as("member"), client_as(other)
    mine = first.get("/").content.decode()
    theirs = second.get("/").content.decode()
    assert f'href="/dang-vien/{members.lan.pk}/">Hồ sơ của tôi' in mine
    assert f'href="/dang-vien/{members.men.pk}/">Hồ sơ của tôi' in theirs
    first.get("/")
    assert context._bar.cache_info().hits >= 1 and context._bar.cache_info().currsize == 2
