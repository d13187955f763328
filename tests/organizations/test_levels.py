"""The levels after 2025 (issue 13 item 2): the level labels, which kinds may sit under which and from when, and the
one function that says who decides (organizations.queries.deciding_body), on the tree before and after 01/07/2025."""

from datetime import date
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dangbo.organizations import queries
from dangbo.organizations.actions import found_organization, move_organization
from dangbo.organizations.models import OrgKind, OrgLevel, allowed_children

pytestmark = pytest.mark.django_db
ENDED = date(2025, 7, 1)


def refused(field, call) -> str:
    with pytest.raises(ValidationError) as e:
        call()
    assert field in e.value.message_dict, e.value.message_dict
    return " ".join(e.value.message_dict[field])


@pytest.fixture
def trees(make_org):
    """Before 01/07/2025: Huyện ủy > chi bộ cơ sở Thôn 1, and Huyện ủy > Đảng bộ xã > chi bộ Thôn 2. From
    01/07/2025 the chi bộ cơ sở stands directly under the new Đảng ủy xã, moved by one decision."""
    huyen = make_org("Đảng bộ huyện Núi Thành", OrgKind.UPPER, code="HU", level=OrgLevel.DISTRICT,
                     founded_on=date(1976, 1, 1))
    thon1 = make_org("Chi bộ thôn 1", OrgKind.GRASSROOTS_CELL, parent=huyen, code="T1")
    dbxa = make_org("Đảng bộ xã Tam Hiệp", OrgKind.GRASSROOTS_COMMITTEE, parent=huyen, code="DBX")
    thon2 = make_org("Chi bộ thôn 2", OrgKind.CELL, parent=dbxa, code="T2")
    xa = make_org("Đảng bộ xã Núi Thành", OrgKind.UPPER, code="XA", level=OrgLevel.COMMUNE, founded_on=ENDED)
    return SimpleNamespace(huyen=huyen, thon1=thon1, dbxa=dbxa, thon2=thon2, xa=xa)


def _move(org, to, on=ENDED):
    return move_organization(None, org, to, effective_date=on, decision_number="1788-QĐ/TU",
                             decision_date=min(on, date(2025, 6, 26)), issuer="Ban Thường vụ Tỉnh ủy")


def test_labels_name_the_level_as_used_now(trees, make_org):
    assert trees.xa.kind_label == "Đảng bộ xã, phường, đặc khu"
    assert trees.huyen.kind_label.startswith("Đảng bộ huyện")
    ubnd = make_org("Đảng bộ UBND tỉnh", OrgKind.UPPER, code="UB", level=OrgLevel.GOVERNMENT, founded_on=ENDED)
    cqd = make_org("Đảng bộ các cơ quan Đảng tỉnh", OrgKind.UPPER, code="CQD", level=OrgLevel.PARTY_AGENCIES,
                   founded_on=ENDED)
    assert (ubnd.kind_label, cqd.kind_label) == ("Đảng bộ UBND tỉnh", "Đảng bộ các cơ quan Đảng tỉnh")
    assert trees.thon1.kind_label == "Chi bộ cơ sở" and trees.thon2.kind_label == "Chi bộ trực thuộc"
    plain = make_org("Đảng bộ cấp trên", OrgKind.UPPER, code="UP")
    assert plain.kind_label == "Đảng bộ cấp trên cơ sở"  # rows stored before the level: still valid


def test_a_xa_dang_uy_holds_grassroots_organisations_only(trees, make_org):
    assert allowed_children(trees.xa) == {OrgKind.GRASSROOTS_COMMITTEE, OrgKind.GRASSROOTS_CELL}
    kp = make_org("Chi bộ khối phố 1", OrgKind.GRASSROOTS_CELL, parent=trees.xa, code="KP1", founded_on=ENDED)
    assert kp.parent == trees.xa
    msg = refused("kind", lambda: make_org("Đảng bộ con", OrgKind.UPPER, parent=trees.xa, code="X2",
                                           founded_on=ENDED))
    assert "Đảng bộ xã, phường, đặc khu" in msg
    tinh = make_org("Đảng bộ tỉnh Quảng Nam", OrgKind.UPPER, code="TU", level=OrgLevel.PROVINCE)
    assert OrgKind.UPPER in allowed_children(tinh)


def test_no_organisation_under_a_district_level_from_01_07_2025(trees, make_org):
    make_org("Chi bộ thôn 3", OrgKind.GRASSROOTS_CELL, parent=trees.huyen, code="T3", founded_on=date(2025, 6, 30))
    msg = refused("parent", lambda: make_org("Chi bộ thôn 4", OrgKind.GRASSROOTS_CELL, parent=trees.huyen,
                                             code="T4", founded_on=ENDED))
    assert "01/07/2025" in msg and "không còn cấp huyện" in msg and "Đảng bộ huyện Núi Thành" in msg
    refused("level", lambda: make_org("Đảng bộ huyện mới", OrgKind.UPPER, code="HU2", level=OrgLevel.DISTRICT,
                                      founded_on=date(2025, 8, 1)))
    other = make_org("Đảng bộ huyện Phú Ninh", OrgKind.UPPER, code="HU3", level=OrgLevel.DISTRICT)
    refused("to", lambda: _move(trees.thon1, other, on=date(2025, 7, 2)))
    _move(trees.thon1, other, on=date(2025, 6, 1))  # before the date: allowed
    refused("level", lambda: make_org("Chi bộ có cấp", OrgKind.GRASSROOTS_CELL, code="LV", level=OrgLevel.COMMUNE))
    with pytest.raises(ValidationError):
        found_organization(None, code="BAD", name="Cấp lạ", kind=OrgKind.UPPER, level="county")


def test_who_decides_follows_the_level_directly_above_on_the_date(trees):
    before, after = date(2025, 6, 30), date(2025, 12, 31)
    # the old tree: the huyện ủy decides for its chi bộ cơ sở and its đảng bộ xã; the đảng bộ xã for its chi bộ
    assert queries.deciding_body(trees.thon1) == trees.huyen
    assert queries.admission_decider(trees.thon1) == trees.huyen
    assert queries.admission_decider(trees.thon2) == trees.dbxa
    _move(trees.thon1, trees.xa)
    _move(trees.dbxa, trees.xa)
    for org in (trees.thon1, trees.dbxa, trees.thon2):
        org.refresh_from_db()
    # the new tree: the xã đảng ủy, a cấp trên cơ sở, decides for its chi bộ cơ sở and its đảng bộ cơ sở
    assert queries.deciding_body(trees.thon1) == trees.xa
    assert queries.deciding_body(trees.thon1, after) == trees.xa
    assert queries.deciding_body(trees.thon1, before) == trees.huyen
    assert queries.deciding_body(trees.dbxa, before) == trees.huyen
    assert queries.deciding_body(trees.thon2, before) == trees.dbxa == queries.deciding_body(trees.thon2, after)
    assert queries.admission_decider(trees.thon1) == trees.xa
    assert queries.admission_decider(trees.thon2) == trees.dbxa
    assert queries.deciding_path(trees.thon1.path) == trees.xa.path
    assert queries.deciding_path(trees.thon1.path, before) == trees.huyen.path
    assert queries.deciding_body(trees.xa) is None  # the top of the register


def test_ratings_approvals_and_admissions_ask_the_same_function(trees, make_user):
    """The rating of an organisation, the chuẩn y of its congress and the admission decision of a chi bộ cơ sở are
    for the writers of the level directly above, whatever its kind: after the move, the xã đảng ủy."""
    from dangbo.admission import actions as admission
    from dangbo.congresses.actions.congress import _upper_level
    from dangbo.evaluations.findings import competent_path_org, revoker_path

    _move(trees.thon1, trees.xa)
    trees.thon1.refresh_from_db()
    rating = SimpleNamespace(org_path=trees.thon1.path)
    assert competent_path_org(rating) == trees.xa.path
    assert revoker_path(trees.xa.path) == ""
    congress = SimpleNamespace(organization=trees.thon1)
    _upper_level(make_user("office", trees.xa), congress)  # allowed
    with pytest.raises(PermissionDenied):
        _upper_level(make_user("office", trees.huyen), congress)
    with pytest.raises(PermissionDenied):
        _upper_level(make_user("office", trees.thon1), congress)
    candidate = SimpleNamespace(pk=None, organization=trees.thon1)
    assert admission.admission_decider(candidate.organization).path == trees.xa.path


def test_tree_page_and_cli_show_the_level_labels(trees, run, run_json, make_user, client_as):
    from django.urls import reverse

    _move(trees.thon1, trees.xa)
    code, data, err = run_json("org", "tree", "--as-of", "31/12/2025")
    assert code == 0, err
    rows = {r["code"]: r for r in data["organizations"]}
    assert rows["XA"]["kind_label"] == "Đảng bộ xã, phường, đặc khu" and rows["XA"]["org_level"] == "commune"
    assert rows["T1"]["parent"] == "XA" and rows["T1"]["kind_label"] == "Chi bộ cơ sở"
    code, out, err = run("org", "tree", "--as-of", "30/06/2025")
    assert code == 0 and "Đảng bộ huyện Núi Thành [HU] — Đảng bộ huyện, quận, thị xã" in out
    assert "  Chi bộ thôn 1 [T1] — Chi bộ cơ sở" in out
    client = client_as(make_user("admin"))
    page = client.get(reverse("organizations:tree"), {"ngay": "31/12/2025"}).content.decode()
    assert "<td>Đảng bộ xã, phường, đặc khu</td>" in page
    tree = client.get(reverse("organizations:tree")).content.decode()
    assert "Đảng bộ xã, phường, đặc khu" in tree
    form = client.get(reverse("organizations:found_top")).content.decode()
    assert "Cấp (đảng bộ cấp trên cơ sở)" in form


def test_the_demo_ward_admits_and_recognises_through_its_own_dang_uy():
    """The demo's phường đảng ủy (issue 13 item 6): two residential chi bộ cơ sở directly under it, whose members it
    admitted and recognised as the cấp trên trực tiếp."""
    from dangbo.demo import WARD_CODE, found_ward
    from dangbo.members.models import EventKind, Member, MemberEvent, Status
    from dangbo.organizations.models import Organization

    found_ward(date(2026, 11, 30))
    ward = Organization.objects.get(code=WARD_CODE)
    cells = list(ward.children.order_by("path"))
    assert [c.kind_label for c in cells] == ["Chi bộ cơ sở", "Chi bộ cơ sở"]
    assert all(queries.admission_decider(c) == ward == queries.deciding_body(c) for c in cells)
    members = Member.objects.filter(organization__in=cells)
    assert members.count() == 3 and set(members.values_list("status", flat=True)) == {Status.OFFICIAL}
    issuers = set(MemberEvent.objects.filter(member__in=members, kind__in=[EventKind.ADMISSION, EventKind.RECOGNITION])
                  .values_list("issuer", flat=True))
    assert issuers == {"Ban Thường vụ Đảng ủy phường Bàn Thạch"}
    found_ward(date(2026, 11, 30))  # a second run keeps the data
    assert Member.objects.filter(organization__in=cells).count() == 3
