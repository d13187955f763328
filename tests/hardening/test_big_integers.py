"""Issue 11.4: integers beyond 64 bits anywhere in the API (path, query, body) get a 400, never a 500.

The walk is driven by the OpenAPI schema, so a new route or parameter is covered without editing this file:
every integer path argument, query parameter and body field (also inside lists and nested objects) is set
to a number above 2^63, once with the path pointing at a real object so the body is really read.
"""

import re

import pytest
from django.db import transaction
from drf_spectacular.generators import SchemaGenerator

BIG = 99999999999999999999  # > 2^63
# Every query parameter the web pages read, each set to the huge number.
QUERY = {name: BIG for name in ("to_chuc", "nam", "ngay", "tu", "truoc", "after", "so", "muc", "loai", "dip",
                                "organization", "year", "page", "parent", "under")}
METHODS = ("get", "post", "put", "patch", "delete")


def _resolve(schema, node):
    while isinstance(node, dict) and "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def _big_value(schema, node, depth=0):
    """A value of the node's shape with every integer (at any depth) set to BIG."""
    node = _resolve(schema, node)
    if depth > 4 or not isinstance(node, dict):
        return None
    for key in ("allOf", "oneOf", "anyOf"):
        if node.get(key):
            return _big_value(schema, node[key][0], depth + 1)
    kind = node.get("type")
    if kind in ("integer", "number"):
        return BIG
    if node.get("enum"):
        return next((v for v in node["enum"] if v), None)
    if kind == "string":  # other fields valid, so that the request gets as far as the integers
        return {"date": "2024-01-01", "date-time": "2024-01-01T08:00:00Z"}.get(node.get("format"), "Thử")
    if kind == "boolean":
        return False
    if kind == "array":
        item = _big_value(schema, node.get("items", {}), depth + 1)
        return [item] if item is not None else []
    if kind == "object" or "properties" in node:
        out = {}
        for name, prop in node.get("properties", {}).items():
            if _resolve(schema, prop).get("readOnly"):
                continue
            value = _big_value(schema, prop, depth + 1)
            if value is not None:
                out[name] = value
        return out
    return None


def _operations():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            if method in METHODS:
                yield schema, path, method, op


def _first_id(client, path):
    """The id of a real object behind a detail route, from its collection (None if there is none)."""
    listing = client.get(re.sub(r"\{[^}]+\}/.*$", "", path))
    if listing.status_code != 200:
        return None
    data = listing.json()
    rows = data.get("results", data) if isinstance(data, dict) else data
    for row in rows if isinstance(rows, list) else []:
        for key in ("id", "seq", "pk"):
            if isinstance(row, dict) and key in row:
                return row[key]
    return None


def _fill(path, value):
    return re.sub(r"\{[^}]+\}", str(value), path)


@pytest.mark.django_db
def test_no_route_answers_500_to_a_huge_integer(world, api):
    client = api("admin")
    client.raise_request_exception = False  # collect every 500, not just the first
    failures = []
    for schema, path, method, op in _operations():
        if path == "/api/token/":
            continue
        queries = [{p["name"]: BIG} for p in op.get("parameters", [])
                   if p["in"] == "query" and p.get("schema", {}).get("type") in ("integer", "number")]
        body = None
        content = (op.get("requestBody") or {}).get("content", {})
        if "application/json" in content:
            body = _big_value(schema, content["application/json"]["schema"]) or {}
        real = _first_id(client, path) if "{" in path else None
        targets = [_fill(path, BIG)] + ([_fill(path, real)] if real is not None else [])
        if "{" not in path:
            targets = [path]
        for url in targets:
            for query in queries or [{}]:
                # Each request in a savepoint rolled back, so that one write (a dissolve) cannot hide the next.
                with transaction.atomic():
                    if method == "get":
                        r = client.get(url, query)
                    else:
                        qs = "&".join(f"{k}={v}" for k, v in query.items())
                        r = getattr(client, method)(url + (f"?{qs}" if qs else ""), body, format="json")
                    transaction.set_rollback(True)
                if r.status_code >= 500:
                    failures.append(f"{method.upper()} {url} query={query} body={body}: {r.status_code}")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_huge_parent_filter_is_a_vietnamese_400(world, api):
    r = api("admin").get("/api/organizations/", {"parent": BIG})
    assert r.status_code == 400
    assert "parent" in r.json()


@pytest.mark.django_db
def test_huge_member_id_in_a_split_names_the_field(world, api):
    r = api("admin").post(f"/api/organizations/{world.a.pk}/split/", {
        "effective_date": "2024-01-01",
        "assignments": [{"member": BIG, "organization": world.b.pk}]}, format="json")
    assert r.status_code == 400
    assert "assignments" in r.json()


@pytest.mark.django_db
def test_no_web_page_answers_500_to_a_huge_integer(world, client):
    """Every web route with its numeric path arguments and its query parameters above 2^63."""
    from tests.test_scope_routes import all_routes

    client.force_login(world.users["admin"])
    client.raise_request_exception = False
    failures, walked = [], 0
    for route in all_routes():
        if route.is_api or route.is_admin:
            continue
        numeric = [p for p in route.params if re.search(rf"\(\?P<{p}>\[0-9\]\+\)|\(\?P<{p}>\\d\+\)", route.regex)]
        if len(numeric) < len(route.params):
            continue
        walked += 1
        url = "/" + route.template % {p: BIG if p in numeric else "x" for p in route.params}
        for method, data in (("get", {}), ("get", QUERY), ("post", {})):
            with transaction.atomic():
                r = getattr(client, method)(url, data)
                transaction.set_rollback(True)
            if r.status_code >= 500:
                failures.append(f"{method.upper()} {url} {data}: {r.status_code}")
    assert walked > 50, walked  # the pattern match above really finds the numeric routes
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_split_without_assignments_is_refused_like_dissolve(world, api):
    r = api("admin").post(f"/api/organizations/{world.dbo.pk}/split/",
                          {"effective_date": "2024-01-01", "assignments": []}, format="json")
    assert r.status_code == 400, r.content
    assert "trực thuộc" in " ".join(sum(r.json().values(), []))
    world.dbo.refresh_from_db()
    assert world.dbo.is_active


@pytest.mark.django_db
def test_split_of_an_empty_cell_without_assignments_is_refused(world, api):
    from dangbo.organizations import actions
    from dangbo.organizations.models import OrgKind

    empty = actions.found_organization(None, code="VP-E", name="Chi bộ trống", kind=OrgKind.CELL,
                                       parent=world.dbo)
    r = api("admin").post(f"/api/organizations/{empty.pk}/split/",
                          {"effective_date": "2024-01-01", "assignments": []}, format="json")
    assert r.status_code == 400
    assert "assignments" in r.json()
    empty.refresh_from_db()
    assert empty.is_active


def test_an_overflow_no_check_caught_is_a_400_on_pages_and_in_the_api(rf):
    from rest_framework.views import APIView

    from dangbo.core.api import api_exception_handler
    from dangbo.core.middleware import BadNumberMiddleware

    page = BadNumberMiddleware(lambda r: None).process_exception(rf.get("/"), OverflowError("too large"))
    assert page.status_code == 400 and "số quá lớn" in page.content.decode()
    api = api_exception_handler(OverflowError("too large"), {"view": APIView(), "request": rf.get("/")})
    assert api.status_code == 400 and "Số quá lớn" in api.data["non_field_errors"][0]
