"""THE scope proof: every URL pattern of the project, every method, as every kind of user.

The test walks `get_resolver().url_patterns` (web UI, API router, admin), fills each path argument with an
object of chi bộ B, and requests the page as A's secretary, as an upper-level reader, as a plain member and
anonymously. It asserts that:

- A's secretary never receives B's data (member names, CCCD, card numbers; B's organisation name on pages
  addressed to a B object), whatever the status code, and that no request of theirs changes anything outside
  chi bộ A (members, events, organisations, audit rows, roles);
- the reader of the đảng bộ can read B (positive control: proves the arguments really hit B's data) but no
  write of theirs changes anything;
- a member sees only their own record and changes nothing;
- an anonymous user is sent to the login page (or gets 401/403/404) everywhere except the public pages.

A route whose path arguments this file does not know how to fill makes the test fail: teach `KWARGS` and
`target_kind` about it rather than letting a new page skip the check.

Apps beyond the register plug in through a module `tests/<name>/scope.py` named by their AppConfig's
`scope_plugin` (dangbo.core.registry), which may define:
    KWARGS, SEGMENTS    more argument names / path segments -> kinds (merged into the tables below)
    make(kind, org, member) -> pk or None
                        create (or find) an object of `kind` belonging to `org` (B's chi bộ, or A's for the
                        member-role test) and mentioning `member`; None if the kind is not the plugin's
    snapshot(outside_path) -> dict
                        the plugin's rows a request could change (only those outside the subtree when given)
    body_fields(org, member) -> dict
                        form/JSON fields merged into the first request body, so that a write that would
                        succeed without its scope check is attempted
"""

import importlib
import json
import shutil
import subprocess
from dataclasses import dataclass, field

import pytest
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.regex_helper import normalize

from dangbo.core.models import AuditEvent, Job, RoleAssignment
from dangbo.core.registry import scope_plugins
from dangbo.members.models import Discipline, Member, MemberEvent
from dangbo.organizations.models import Organization, OrgEvent
from tests.db import outside

from .api.world import World, build_world

# Each app's AppConfig names its plug-in (`scope_plugin`, dangbo.core.registry).
PLUGINS = [importlib.import_module(f"tests.{name}.scope") for name in scope_plugins()]

# One test walks every route as one role: 333 s on PostgreSQL in CI, near the suite-wide 420 s limit.
pytestmark = [pytest.mark.django_db, pytest.mark.heavy(12), pytest.mark.timeout(1200)]

METHODS = ("get", "post", "patch", "put", "delete")
# Reachable without logging in, by design.
PUBLIC = {"login", "logout", "set_language", "api:token", "admin:login", "admin:logout"}


# -- the routes ---------------------------------------------------------------------------------------------
@dataclass
class Route:
    template: str  # "dang-vien/%(pk)s/"
    params: list[str]
    name: str  # "members:detail" ("" when the pattern has no name)
    regex: str
    callback: object = None
    kinds: dict = field(default_factory=dict)

    @property
    def is_admin(self) -> bool:
        return self.name.startswith("admin:") or self.template.startswith("quan-tri/")

    @property
    def is_api(self) -> bool:
        return self.template.startswith("api/")

    def __str__(self):
        return f"/{self.template} ({self.name or 'unnamed'})"


def _strip(p: str) -> str:
    return p[1:] if p.startswith("^") else p


def all_routes() -> list[Route]:
    out: list[Route] = []

    def walk(patterns, prefix: str, ns: str):
        for p in patterns:
            regex = prefix + _strip(p.pattern.regex.pattern)
            if isinstance(p, URLResolver):
                walk(p.url_patterns, regex, f"{ns}{p.namespace}:" if p.namespace else ns)
            elif isinstance(p, URLPattern):
                template, params = normalize("^" + regex)[0]
                name = f"{ns}{p.name}" if p.name else ns
                out.append(Route(template, list(params), name, regex, p.callback))

    walk(get_resolver().url_patterns, "", "")
    return out


# -- filling path arguments with B's objects ----------------------------------------------------------------
# Argument name -> the kind of object it names, whatever the route.
KWARGS = {
    "member_pk": "member", "member_id": "member", "org_pk": "org", "organization_pk": "org", "org_id": "org",
    "organization_id": "org", "seq": "audit_seq", "event_pk": "member_event", "event_id": "member_event",
    "format": "format", "app_label": "app_label", "content_type_id": "content_type", "url": "admin_url",
}
# For a bare "pk"/"id"/"object_id": the last static path segment before it says what it is.
SEGMENTS = {
    "dang-vien": "member", "members": "member", "to-chuc": "org", "organizations": "org",
    "audit": "audit_pk", "nhat-ky": "audit_pk", "su-kien": "event", "events": "event",
    "nhap": "import_batch", "cong-viec": "job",
}
for _plugin in PLUGINS:
    KWARGS.update(getattr(_plugin, "KWARGS", {}))
    SEGMENTS.update(getattr(_plugin, "SEGMENTS", {}))


def target_kind(route: Route, param: str) -> str | None:
    if param in KWARGS:
        return KWARGS[param]
    if param not in ("pk", "id", "object_id"):
        return None
    if route.is_admin:
        return "admin_object"
    before = route.template.split(f"%({param})s")[0].strip("/").split("/")
    for segment in reversed(before):
        kind = SEGMENTS.get(segment)
        if kind == "event":
            return "member_event" if ("dang-vien" in before or "members" in before) else "org_event"
        if kind:
            return kind
    return None


@dataclass
class Targets:
    """The objects a route's arguments point at, for one side of the tree."""

    member: Member
    org: Organization
    member_event: MemberEvent
    org_event: OrgEvent
    audit: AuditEvent

    def value(self, kind: str) -> str:
        if kind == "import_batch":
            return str(import_batch(self.org, self.member).pk)
        if kind == "job":
            return str(background_job(self.org, self.member).pk)
        for plugin in PLUGINS:
            made = plugin.make(kind, self.org, self.member) if hasattr(plugin, "make") else None
            if made is not None:
                return str(made)
        return str({
            "member": self.member.pk, "org": self.org.pk, "member_event": self.member_event.pk,
            "org_event": self.org_event.pk, "audit_seq": self.audit.seq, "audit_pk": self.audit.pk,
            "format": "json", "app_label": "core", "admin_url": "x/", "admin_object": self.member.pk,
            "content_type": ContentType.objects.get_for_model(Member).pk,
        }[kind])


def import_batch(org: Organization, member: Member):
    """A previewed import into `org` whose preview names `member` (so a leak of it would show)."""
    from dangbo.exchange.models import ImportBatch

    batch = ImportBatch.objects.filter(organization=org).first()
    if batch is None:
        row = {"row": 2, "full_name": member.full_name, "citizen_id": member.citizen_id or "",
               "card_number": member.card_number or "", "organization": org.name, "member_id": member.pk,
               "member_name": member.full_name, "matched_by": "Số CCCD", "warnings": [],
               "changes": [["Điện thoại", "", "0999999999"]]}
        batch = ImportBatch.objects.create(
            organization=org, org_path=org.path, file_name="b.xlsx", file_sha256="0" * 64, status="previewed",
            total_rows=1, updated_count=1,
            preview={"counts": {"total": 1, "created": 0, "updated": 1, "unchanged": 0, "errors": 0,
                                "duplicates": 0, "conversions": 0}, "update": [row], "headers": ["Họ và tên"]})
    return batch


def background_job(org: Organization, member: Member):
    """A finished background job of `org` whose label and result name `member`, with a result file."""
    from django.conf import settings

    from dangbo.core.models import Job

    job = Job.objects.filter(organization=org).first()
    if job is None:
        job = Job.objects.create(kind="exchange.statistics", label=f"Thống kê – {member.full_name}",
                                 organization=org, org_path=org.path, status="done",
                                 result={"summary": f"{member.full_name} {member.citizen_id}", "file": "tk.xlsx"})
        folder = settings.DATA_DIR / "jobs" / str(job.pk)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "tk.xlsx").write_text(member.full_name)
    return job


def b_targets(w: World) -> Targets:
    return Targets(member=w.b_members[0], org=w.b, member_event=w.b_event, org_event=w.b_org_event,
                   audit=AuditEvent.objects.filter(org_path=w.b.path).order_by("seq").last())


def a_targets(w: World) -> Targets:
    """A's objects other than the logged-in member's own record (for the member-role test)."""
    m = w.a_members[0]
    return Targets(member=m, org=w.a, member_event=m.events.order_by("id").last(),
                   org_event=OrgEvent.objects.filter(organization=w.a).first(),
                   audit=AuditEvent.objects.filter(object_type="members.member", object_id=str(m.pk)).last())


def url_for(route: Route, targets: Targets) -> str:
    values = {}
    for p in route.params:
        kind = target_kind(route, p)
        values[p] = targets.value(kind)
    return "/" + route.template % values


# -- what B's data looks like, and what "nothing changed" means ---------------------------------------------
def pdf_text(content: bytes) -> str:
    """The text of a PDF answer (the printed lists, issue 17), so that a leak inside it is seen like in a page."""
    exe = shutil.which("pdftotext")
    if exe is None:
        pytest.fail("a route answered a PDF and pdftotext (poppler-utils) is not installed to read it")
    return subprocess.run([exe, "-layout", "-", "-"], input=content, capture_output=True, check=True
                          ).stdout.decode("utf-8", "replace")


def body_text(resp) -> str:
    content = getattr(resp, "content", b"")
    if not content and hasattr(resp, "streaming_content"):
        content = b"".join(resp.streaming_content)
    if content[:5] == b"%PDF-":
        return pdf_text(content)
    text = content.decode("utf-8", "replace")
    if "json" in resp.get("Content-Type", ""):
        try:  # JsonResponse escapes non-ASCII by default: compare on the decoded data
            text = json.dumps(json.loads(text), ensure_ascii=False)
        except ValueError:
            pass
    return text


def leaked(text: str, secrets: list[str], sent: str = "") -> list[str]:
    """B's strings in a response, except those the request itself sent (a search box echoes its query)."""
    return [s for s in secrets if s and s not in sent and (s in text or s.upper() in text)]


def member_secrets(members) -> list[str]:
    out = []
    for m in members:
        m.refresh_from_db()
        out += [m.full_name, m.citizen_id, m.card_number]
    return [s for s in out if s]


def snapshot(outside_path: str | None = None) -> dict:
    """Every row a request could change; with `outside_path`, only rows outside that subtree."""
    members = outside(Member.objects.all(), outside_path, "organization__path")
    orgs = outside(Organization.objects.all(), outside_path, "path")
    audit = outside(AuditEvent.objects.all(), outside_path)
    member_ids = list(members.values_list("pk", flat=True))
    return {
        "members": sorted(map(tuple, members.values_list(
            "pk", "full_name", "phone", "status", "organization_id", "host_organization_id", "version",
            "citizen_id", "card_number", "is_exempted", "is_suspended", "user_id"))),
        "member_events": MemberEvent.objects.filter(member_id__in=member_ids).count(),
        "disciplines": Discipline.objects.filter(member_id__in=member_ids).count(),
        "member_history": Member.history.filter(id__in=member_ids).count(),
        "orgs": sorted(map(tuple, orgs.values_list("pk", "name", "status", "version", "path", "parent_id",
                                                   "official_count", "probationary_count"))),
        "org_events": OrgEvent.objects.filter(organization__in=orgs).count(),
        "audit": audit.count(),
        "jobs": outside(Job.objects.all(), outside_path).count(),
        "roles": sorted(map(tuple, RoleAssignment.objects.values_list("user_id", "role", "organization_id"))),
        "users": sorted(map(tuple, User.objects.values_list("pk", "is_superuser", "is_staff", "is_active"))),
    } | {k: v for plugin in PLUGINS if hasattr(plugin, "snapshot")
         for k, v in plugin.snapshot(outside_path).items()}


def rows_written() -> int:
    """Rows inserted, updated or deleted so far by this connection (sessions aside): a cheap "did anything
    change?" before the full snapshot, which costs a hundred queries and made the proof take minutes on
    PostgreSQL."""
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_xact_user_tables"
                        " WHERE relname <> 'django_session'")
        else:
            cur.execute("SELECT total_changes()")
        return int(cur.fetchone()[0])


def changes_outside(outside_path: str | None, do) -> tuple[object, list[str]]:
    """Run the request `do()` in a savepoint; return its response and the snapshot keys it changed.

    When it wrote nothing there is nothing to compare. When it wrote, the snapshot after it is taken, the
    savepoint rolled back (so every request starts from the same world) and the snapshot taken again: that is
    the state before the request."""
    mark = transaction.savepoint()
    written = rows_written()
    resp = do()
    if rows_written() == written:
        transaction.savepoint_commit(mark)
        return resp, []
    after = snapshot(outside_path)
    transaction.savepoint_rollback(mark)
    before = snapshot(outside_path)
    return resp, [k for k in before if before[k] != after[k]]


# -- request bodies that would succeed if the scope check were missing -------------------------------------
def bodies(w: World, targets: Targets) -> list[dict]:
    m, org = targets.member, targets.org
    m.refresh_from_db()
    org.refresh_from_db()
    other_cell = w.b_sub if org.pk != w.b_sub.pk else w.b
    member_body = {
        # lý lịch edit: the whole form, valid, with one change
        "full_name": m.full_name, "birth_date": m.birth_date.isoformat(), "gender": m.gender,
        "ethnicity": m.ethnicity, "religion": m.religion, "citizen_id": m.citizen_id or "",
        "card_number": m.card_number or "", "education": m.education, "workplace": m.workplace,
        "phone": "0999999999", "version": m.version,
        # a lifecycle event that any active member accepts
        "kind": "exemption", "effective_date": "2024-06-03", "decision_date": "2024-06-01",
        "decision_number": "99-QĐ/XX", "issuer": "Kẻ xâm nhập", "to_organization": other_cell.pk,
        "end_date": "2024-12-31",
        # admission into B
        "organization": org.pk, "to_chuc": org.pk, "admission_decision_date": "2015-05-04",
        "ceremony_date": "2015-05-19",
        # a discipline decision (members:discipline)
        "action": "add", "form": "canh_cao", "decided_on": "03/06/2024", "violation": "Vi phạm do kẻ xâm nhập ghi",
    }
    org_body = {
        "name": "Tên do kẻ xâm nhập đặt", "code": "XAM-NHAP", "kind": "cell", "parent": org.pk,
        "effective_date": "2024-06-03", "founded_on": "2024-06-03", "decision_number": "99-QĐ/XX",
        "version": org.version, "sources": [other_cell.pk], "target": org.pk, "organization": org.pk,
        "to_chuc": org.pk,
        # organizations:move, confirmed: B's organisation moved under another đảng bộ by one decision
        "to": w.other.pk, "xac_nhan": "1", "record": "Biên bản do kẻ xâm nhập ghi",
        # organizations:committee_change and appoint_term, confirmed: B's committee changed or appointed
        "change_kind": "added", "full_name": "Kẻ Xâm Nhập", "position": "cap_uy_vien", "ordinal": 1,
        "start_year": 2024, "end_year": 2029, "decision_date": "2024-06-03", "people": "Kẻ Xâm Nhập; Bí thư",
    }
    for plugin in PLUGINS:
        for key, value in (plugin.body_fields(org, m) if hasattr(plugin, "body_fields") else {}).items():
            member_body.setdefault(key, value)  # the register's own fields win
    return [member_body, org_body]


def request(client: Client, route: Route, method: str, url: str, body: dict | None = None):
    if method == "get":
        return client.get(url, follow=False)
    if route.is_api or method in ("patch", "put", "delete"):
        return getattr(client, method)(url, data=json.dumps(body or {}), content_type="application/json")
    return client.post(url, data={k: v for k, v in (body or {}).items()})


def login(user) -> Client:
    client = Client(HTTP_ACCEPT="text/html,application/json;q=0.9")
    if user is not None:
        client.force_login(user)
    return client


def get_variants(w: World, targets: Targets) -> list[str]:
    """Query strings that ask a list, search or report for B's data."""
    org = targets.org.pk
    b = w.b_members[1]
    return ["", f"?to_chuc={org}", f"?under={org}", f"?organization={org}&parent={org}&org={org}",
            f"?q={b.full_name}", f"?q={b.citizen_id}", f"?to_chuc={org}&ngay=2020-12-31&date=2020-12-31"]


@pytest.fixture
def world(db, settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"  # the files of background jobs
    return build_world()


# -- the tests ---------------------------------------------------------------------------------------------
def test_every_route_argument_is_known():
    unknown = [f"{r}: argument «{p}»" for r in all_routes() for p in r.params if target_kind(r, p) is None]
    assert not unknown, ("Routes whose path arguments the scope test cannot fill (teach KWARGS/SEGMENTS in "
                         "tests/test_scope_routes.py):\n" + "\n".join(unknown))


def test_the_walk_finds_ui_and_api_routes():
    names = {r.name for r in all_routes()}
    assert {"api:member-detail", "api:member-events", "api:organization-as-of", "api:audit-list"} <= names
    assert len([r for r in all_routes() if not r.is_admin and not r.is_api]) >= 1


def run_as(user, w: World, targets: Targets, secrets: list[str], *, outside_path: str | None,
           also_get_variants: bool, hide_b_org: bool = True) -> tuple[list[str], dict]:
    """Every route x method; returns the problems found and the status codes seen (for controls)."""
    problems: list[str] = []
    seen: dict[tuple[str, str], int] = {}
    for route in all_routes():
        if any(target_kind(route, p) is None for p in route.params):
            continue  # reported by test_every_route_argument_is_known
        url = url_for(route, targets)
        route_secrets = list(secrets)
        if route.params and hide_b_org:
            route_secrets += [w.b.name, "Chi bộ Phòng Kinh tế"] if targets.org.pk == w.b.pk else []
        # The admin site only admits staff, which none of these users is: GET and one POST suffice there.
        methods = ("get", "post") if route.is_admin else METHODS
        for method in methods:
            if method == "get":
                variants = get_variants(w, targets) if also_get_variants and not route.is_admin else [""]
                client = login(user)  # a GET never logs out (the logout view takes POST only)
                for q in variants:
                    resp = request(client, route, "get", url + q)
                    seen[(route.name or route.template, "get" + q)] = resp.status_code
                    found = leaked(body_text(resp), route_secrets if not q else secrets, q)
                    if found:
                        problems.append(f"GET {url + q} [{route.name}] -> {resp.status_code} shows {found}")
                continue
            for body in bodies(w, targets)[:1] if route.is_admin else bodies(w, targets):
                client = login(user)
                resp, changed = changes_outside(
                    outside_path, lambda c=client, r=route, m=method, u=url, b=body: request(c, r, m, u, b))
                seen[(route.name or route.template, method)] = resp.status_code
                if changed:
                    problems.append(f"{method.upper()} {url} [{route.name}] -> {resp.status_code} changed "
                                    f"{changed}")
                found = leaked(body_text(resp), route_secrets, json.dumps(body, ensure_ascii=False))
                if found:
                    problems.append(f"{method.upper()} {url} [{route.name}] -> {resp.status_code} "
                                    f"shows {found}")
    return problems, seen


def test_secretary_of_a_gets_nothing_of_b(world):
    sec = world.users["secretary_a"]
    # Control: the secretary does see A (the login works and the pages render).
    own = login(sec).get(f"/api/members/{world.a_members[0].pk}/")
    assert own.status_code == 200 and world.a_members[0].full_name in body_text(own)
    problems, _ = run_as(sec, world, b_targets(world), member_secrets(world.b_members),
                         outside_path=world.a.path, also_get_variants=True)
    assert not problems, "Scope leaks for A's secretary:\n" + "\n".join(problems)


def test_upper_level_reader_reads_but_never_writes(world):
    reader = world.users["reader"]
    problems, seen = run_as(reader, world, b_targets(world), [], outside_path=None, also_get_variants=False,
                            hide_b_org=False)
    assert not problems, "Writes by a read-only user:\n" + "\n".join(problems)
    # Positive control: the path arguments really point at B's data, which the reader may read.
    b = world.b_members[0]
    urls = [f"/api/members/{b.pk}/"]
    if any(r.name == "members:detail" for r in all_routes()):
        urls.append(f"/dang-vien/{b.pk}/")
    if any(r.name == "members:list_pdf" for r in all_routes()):  # the printed lists are read, not skipped
        urls.append(f"/dang-vien/danh-sach.pdf?to_chuc={world.b.pk}")
    for url in urls:
        resp = login(reader).get(url)
        assert resp.status_code == 200 and b.full_name in body_text(resp), url
    readable = [k for k, code in seen.items() if k[1] == "get" and code == 200]
    assert len(readable) >= 5, seen


@pytest.mark.parametrize("whose", ["b", "a"])  # two tests, so that the xdist workers share them
def test_member_sees_only_their_own_record(world, whose):
    user = world.users["member_a"]
    own = world.a_members[1]
    others = [m for m in world.a_members + world.b_members if m.pk != own.pk]
    secrets = member_secrets(others)
    targets = b_targets(world) if whose == "b" else a_targets(world)
    problems, _ = run_as(user, world, targets, secrets, outside_path=None, also_get_variants=False)
    assert not problems, "A member sees or changes more than their own record:\n" + "\n".join(problems)
    resp = login(user).get(f"/api/members/{own.pk}/")
    assert resp.status_code == 200 and own.full_name in body_text(resp)


def test_anonymous_is_sent_to_login_everywhere(world):
    targets = b_targets(world)
    secrets = member_secrets(world.a_members + world.b_members)
    problems = []
    anonymous = login(None)
    for route in all_routes():
        if any(target_kind(route, p) is None for p in route.params):
            continue
        url = url_for(route, targets)
        for method in ("get", "post") if route.is_admin else METHODS:
            body = bodies(world, targets)[0]
            resp, changed = changes_outside(
                None, lambda r=route, m=method, u=url, b=body: request(anonymous, r, m, u, b))
            if changed:
                problems.append(f"{method.upper()} {url} [{route.name}] changed {changed} anonymously")
            found = leaked(body_text(resp), secrets, json.dumps(body, ensure_ascii=False))
            if found:
                problems.append(f"{method.upper()} {url} [{route.name}] shows {found} anonymously")
            if route.name in PUBLIC:
                continue
            code = resp.status_code
            location = resp.get("Location", "")
            to_login = code in (301, 302) and ("dang-nhap" in location or "login" in location)
            if not (to_login or code in (401, 403, 404, 405)):
                problems.append(f"{method.upper()} {url} [{route.name}] -> {code} {location} "
                                "for an anonymous user")
    assert not problems, "Routes open to anonymous users:\n" + "\n".join(problems)


def test_the_change_detector_sees_a_write_and_starts_the_next_request_from_the_same_world(world):
    """The proof's cheap "nothing written" path must not hide a write, on either database."""
    m = world.b_members[0]

    def write():
        Member.objects.filter(pk=m.pk).update(phone="0900000001")
        return "done"

    assert changes_outside(world.a.path, write) == ("done", ["members"])
    m.refresh_from_db()
    assert m.phone != "0900000001"  # rolled back
    assert changes_outside(world.a.path, lambda: Member.objects.filter(pk=m.pk).count()) == (1, [])
    assert changes_outside(world.b.path, write)[1] == []  # inside the allowed subtree
