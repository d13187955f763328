"""One scope policy (issue 18, point 2): `Scope.require` raising ScopeDenied, answered 403 on pages and in the
API; `Model.objects.scoped(scope, action)`; no code outside dangbo/core reads the scope's path lists."""

import ast
import re
from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

import dangbo
from dangbo.core.scopes import READ, WRITE, Scope, ScopeDenied, scope_for

ROOT = Path(dangbo.__file__).parent
PATH_LISTS = {"read_paths", "write_paths", "sensitive_paths"}
KNOWN: set[str] = set()  # files allowed to read the path lists outside core: none


def path_list_reads(source: str) -> set[str]:
    return {node.attr for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.Attribute) and node.attr in PATH_LISTS}


def test_the_scan_sees_a_path_list_read():
    assert path_list_reads("x = scope.read_paths\nif s.write_paths: pass\ny = s.can_read_any\n") == {
        "read_paths", "write_paths"}


def test_no_code_outside_core_reads_the_scope_path_lists():
    found = set()
    for path in ROOT.rglob("*.py"):
        rel = str(path.relative_to(ROOT.parent))
        if rel.startswith("dangbo/core/") or "migrations" in path.parts or rel in KNOWN:
            continue
        if path_list_reads(path.read_text(encoding="utf-8")):
            found.add(rel)
    assert sorted(found) == []


def test_no_template_reads_the_scope_path_lists():
    pattern = re.compile(r"\.(read|write|sensitive)_paths\b")
    found = [str(p.relative_to(ROOT)) for p in (ROOT / "templates").rglob("*.html") if pattern.search(p.read_text())]
    assert found == []


# -- Scope.require ----------------------------------------------------------------------------------------------
def test_require_allows_the_subtree_and_denies_with_one_exception_type():
    scope = Scope(read_paths=["001"], write_paths=["001002"])
    scope.require(READ, "001003")
    scope.require(WRITE, "001002005")
    scope.require(WRITE)  # some organisation at all
    with pytest.raises(ScopeDenied, match="không có quyền thay đổi") as denied:
        scope.require(WRITE, "001003")
    assert isinstance(denied.value, PermissionDenied)
    with pytest.raises(ScopeDenied, match="Riêng"):
        scope.require(READ, "002", "Riêng")
    with pytest.raises(ScopeDenied):
        Scope().require(READ)
    with pytest.raises(ValueError):
        scope.require("delete", "001")


def test_require_takes_an_organisation_or_a_row_and_names_it(tree, members):
    scope = Scope(read_paths=[tree.a.path], write_paths=[tree.a.path])
    scope.require(WRITE, tree.a)
    scope.require(WRITE, members.men)  # a row carrying org_path
    with pytest.raises(ScopeDenied, match=f"«{tree.b.name}»"):
        scope.require(WRITE, tree.b)
    with pytest.raises(ScopeDenied):
        scope.require(WRITE, members.dung)


# -- the scoped manager -----------------------------------------------------------------------------------------
def test_scoped_manager_cuts_each_model_to_the_scope(tree, members, users):
    from dangbo.members.models import Member
    from dangbo.organizations.models import Organization

    secretary, reader = scope_for(users.secretary), scope_for(users.reader)
    assert set(Organization.objects.scoped(secretary)) == {tree.a}
    assert set(Organization.objects.scoped(reader)) == set(tree.orgs)
    assert not Organization.objects.scoped(reader, WRITE).exists()  # a reader writes nothing
    assert set(Member.objects.scoped(secretary)) == {members.men, members.lan}
    assert not Member.objects.scoped(scope_for(users.member), WRITE).exists()
    assert set(Member.objects.scoped(scope_for(users.member))) == {members.lan}  # oneself
    assert Member.objects.scoped(scope_for(users.admin), WRITE).count() == 4
    with pytest.raises(ValueError):
        Member.objects.scoped(secretary, "delete")


def test_scoped_manager_on_a_workflow_model(tree, users):
    from dangbo.documents.actions import register_document
    from dangbo.documents.models import Document

    def register(org):
        return register_document(None, organization=org, direction="in", doc_type="quyet_dinh",
                                 issued_on=date(2025, 3, 2), summary="Văn bản đến", number=1, symbol="01-QĐ/TU")

    mine, _ = register(tree.a), register(tree.b)
    assert list(Document.objects.scoped(scope_for(users.secretary), WRITE)) == [mine]


# -- one HTTP answer ----------------------------------------------------------------------------------------------
def test_an_action_denial_is_a_403_page_with_its_message(tree, make_member, make_user, client_as):
    from dangbo.congresses import actions

    for n in ("Nguyễn Văn Một", "Trần Văn Hai", "Lê Văn Ba"):
        make_member(tree.a, n)
    congress = actions.create_congress(None, organization=tree.a, kind="members", ordinal=1, term_start=2025,
                                       term_end=2030, opened_on=date(2025, 5, 10))
    secretary = make_user("secretary", tree.a)  # the chi bộ itself: approval belongs to the level above
    r = client_as(secretary).post(reverse("congresses:approve", args=[congress.pk]),
                                  {"decision_number": "12-QĐ/ĐU", "decision_date": "02/06/2025"})
    assert r.status_code == 403 and "cấp trên" in r.content.decode()


def test_an_api_denial_is_403_json(members, users):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(users.reader)  # reads the whole đảng bộ, changes nothing
    r = client.patch(f"/api/members/{members.dung.pk}/", {"phone": "0905000000"}, format="json")
    assert r.status_code == 403 and "không có quyền" in r.json()["detail"]
