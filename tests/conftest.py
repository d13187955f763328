"""Shared fixtures. Tests use the real database (SQLite, or PostgreSQL when DATABASE_URL is set).

Nothing here is autouse and nothing touches the database until a test asks for it, so pure tests
(tests/rules, hypothesis) stay fast. Everything is built through the actions, as the application does.

Fixtures
    PASSWORD        module constant: the password of every user the fixtures create
    make_org        make_org(name, kind=OrgKind.CELL, parent=None, code=None) -> Organization
    make_member     make_member(org, full_name="Nguyễn Văn An", *, official=True, birth_date=...,
                                decision_date=..., **dossier) -> Member   (admit_member, actor=None)
    make_user       make_user(role=None, org=None, *, username=None, member=None) -> User
                    role: "admin" | "office" | "secretary" | "member" | "reader" | None (no role);
                    "member" links the user to `member` (Member.user)
    tree            a small tree: tree.root = "Đảng bộ Cơ quan Thử nghiệm" (đảng bộ cơ sở) with
                    tree.a = "Chi bộ Văn phòng" and tree.b = "Chi bộ Tổng hợp" (chi bộ trực thuộc);
                    tree.orgs = [root, a, b]
    members         members in the tree: members.men (Nguyễn Văn Mến, official, chi bộ A),
                    members.lan (Trần Thị Lan, official, A), members.dung (Đặng Văn Dũng, official, B),
                    members.hoa (Lê Thị Hoa, probationary, B)
    users           one user per role on the tree: users.admin (role admin), users.office (office of
                    root), users.secretary (secretary of A), users.secretary_b (secretary of B),
                    users.member (linked to members.lan), users.reader (reader of root)
    client_as       client_as(user_or_role_name) -> django.test.Client logged in (force_login)
    as_admin, as_office, as_secretary, as_secretary_b, as_member, as_reader
                    logged-in Clients for the users above
    run             run(*argv) -> (exit code, stdout, stderr) of dangbo.cli.main, in-process
    run_json        run_json(*argv) -> (exit code, parsed JSON, stderr): run with --json
"""

import json
from datetime import date, timedelta
from types import SimpleNamespace

import pytest

PASSWORD = "Mat-khau-thu-nghiem-2025"


def pytest_runtest_setup(item):
    # Every test starts in Vietnamese, the default: an English page requested by an earlier test leaves English
    # active in this thread (LocaleMiddleware activates the request's language and nothing resets it), and
    # refusals and labels are lazy, read in the active language.
    from django.utils import translation

    translation.activate("vi")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """The slow modules first, the slowest first, each kept whole: under xdist's --dist loadscope with
    --no-loadscope-reorder (scripts/test) each worker takes the next module when it is free, so a browser journey
    or a module that loads the demo started last would leave the other worker idle at the end of the run.
    `pytest.mark.heavy(minutes)` gives a module's weight (1 without it, and for every browser journey); the order
    inside a module, and between modules of the same weight, is unchanged."""
    def weight(item) -> int:
        heavy = item.get_closest_marker("heavy")
        if heavy is not None:
            return heavy.args[0] if heavy.args else 1
        return 1 if item.get_closest_marker("e2e") else 0

    items.sort(key=lambda item: -weight(item))


def pytest_configure(config):
    # Fixture users log in with force_login or a password only: two-factor authentication is required
    # only where a test asks for it (tests/hardening/test_two_factor.py sets REQUIRE_2FA_ROLES).
    from django.conf import settings

    settings.REQUIRE_2FA_ROLES = ()
    # A test's transaction is rolled back, never committed, so the actions' renewal of the cached figures
    # (core/cached.py, on commit) never runs: off, except where commits happen (test_cached, the journeys).
    settings.CACHED_FIGURES = False
    _scan_static_files_once()


def _scan_static_files_once():
    """WhiteNoise lists every static file when its middleware is built, and the test client builds the
    middleware anew for each Client: 30 ms a client, minutes over the suite. The files do not change during a
    run, so the first scan serves every later client."""
    from whitenoise.middleware import WhiteNoiseMiddleware

    scan = WhiteNoiseMiddleware.add_files_from_finders
    found: dict = {}

    def scan_once(self):
        if not found:
            scan(self)
            found.update(self.files)
        else:
            self.files.update(found)

    WhiteNoiseMiddleware.add_files_from_finders = scan_once


ROLES = ("admin", "office", "secretary", "member", "reader")

_password_hash = None


def _hashed_password() -> str:
    """Hash PASSWORD once per session with the configured (Argon2) hasher: users stay cheap to create."""
    global _password_hash
    if _password_hash is None:
        from django.contrib.auth.hashers import make_password

        _password_hash = make_password(PASSWORD)
    return _password_hash


@pytest.fixture
def make_org(db):
    from dangbo.organizations.actions import found_organization
    from dangbo.organizations.models import OrgKind

    counter = iter(range(1, 10_000))

    def make(name, kind=OrgKind.CELL, parent=None, code=None, **kw):
        code = code or f"T{next(counter):04d}"
        return found_organization(None, code=code, name=name, kind=kind, parent=parent,
                                  founded_on=kw.pop("founded_on", date(1990, 1, 1)), **kw)

    return make


@pytest.fixture
def make_member(db):
    from dangbo.members.actions import admit_member

    counter = iter(range(1, 10_000))

    def make(org, full_name="Nguyễn Văn An", *, official=True, birth_date=date(1980, 5, 17),
             decision_date=date(2010, 3, 2), ceremony_date=None, gender=None, **dossier):
        n = next(counter)
        if gender is None:
            gender = "F" if " Thị " in f" {full_name} " else "M"
        ceremony_date = ceremony_date or decision_date + timedelta(days=10)
        official_date = ceremony_date.replace(year=ceremony_date.year + 1) if official else None
        dossier = {"full_name": full_name, "birth_date": birth_date, "gender": gender,
                   "citizen_id": f"0010{n:08d}", "card_number": f"TN{n:06d}", **dossier}
        return admit_member(None, organization=org, dossier=dossier, decision_date=decision_date,
                            decision_number=f"{n}-QĐ/ĐU", issuer="Đảng ủy cấp trên",
                            ceremony_date=ceremony_date, official_date=official_date,
                            recognition_decision_number=f"{n}-QĐ/CT" if official else "",
                            recognition_decision_date=official_date)

    return make


@pytest.fixture
def make_user(db, django_user_model):
    from dangbo.core.models import RoleAssignment

    counter = iter(range(1, 10_000))

    def make(role=None, org=None, *, username=None, member=None, **fields):
        if role is not None and role not in ROLES:
            raise ValueError(f"unknown role {role!r}")
        username = username or f"{role or 'user'}{next(counter)}"
        user = django_user_model.objects.create(username=username, password=_hashed_password(), **fields)
        if role is not None:
            RoleAssignment.objects.create(user=user, role=role,
                                          organization=None if role == "admin" else org)
        if member is not None:
            from dangbo.members.actions import link_user

            link_user(None, member, user)
            member.refresh_from_db()
        return user

    return make


@pytest.fixture
def tree(make_org):
    from dangbo.organizations.models import OrgKind

    root = make_org("Đảng bộ Cơ quan Thử nghiệm", OrgKind.GRASSROOTS_COMMITTEE, code="TN")
    a = make_org("Chi bộ Văn phòng", OrgKind.CELL, parent=root, code="TN-VP")
    b = make_org("Chi bộ Tổng hợp", OrgKind.CELL, parent=root, code="TN-TH")
    return SimpleNamespace(root=root, a=a, b=b, orgs=[root, a, b])


@pytest.fixture
def demo_office(make_org, make_member):
    """The office the app demos are loaded into: a grassroots committee and two chi bộ of three members each."""
    from dangbo.organizations.models import OrgKind

    office = make_org("Đảng bộ Văn phòng UBND tỉnh", OrgKind.GRASSROOTS_COMMITTEE, code="VPUBND")
    cells = [make_org(f"Chi bộ {n}", OrgKind.CELL, parent=office, code=f"VP-{n}") for n in ("A", "B")]
    for cell in cells:
        for i, name in enumerate(("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường")):
            make_member(cell, f"{name} {cell.code}", birth_date=date(1980 + i, 5, 17))
    return office


@pytest.fixture
def members(tree, make_member):
    return SimpleNamespace(
        men=make_member(tree.a, "Nguyễn Văn Mến", birth_date=date(1975, 8, 19)),
        lan=make_member(tree.a, "Trần Thị Lan", birth_date=date(1984, 2, 3)),
        dung=make_member(tree.b, "Đặng Văn Dũng", birth_date=date(1979, 11, 30)),
        hoa=make_member(tree.b, "Lê Thị Hoa", birth_date=date(1995, 6, 1), official=False,
                        decision_date=date(2024, 9, 2)),
    )


@pytest.fixture
def users(tree, members, make_user):
    return SimpleNamespace(
        admin=make_user("admin", username="quantri"),
        office=make_user("office", tree.root, username="vanphong"),
        secretary=make_user("secretary", tree.a, username="bithu_a"),
        secretary_b=make_user("secretary", tree.b, username="bithu_b"),
        member=make_user("member", tree.a, username="dangvien", member=members.lan),
        reader=make_user("reader", tree.root, username="captren"),
    )


@pytest.fixture
def client_as(users):
    from django.test import Client

    def login(who):
        user = getattr(users, who) if isinstance(who, str) else who
        client = Client()
        client.force_login(user)
        return client

    return login


def _logged_in_as(role):
    @pytest.fixture(name=f"as_{role}")
    def logged_in(client_as):
        return client_as(role)

    return logged_in


as_admin, as_office, as_secretary, as_secretary_b, as_member, as_reader = map(
    _logged_in_as, ("admin", "office", "secretary", "secretary_b", "member", "reader"))


@pytest.fixture
def run(capsys):
    """run(*argv) -> (exit code, stdout, stderr), calling dangbo.cli.main in-process."""
    from dangbo.cli import main

    def call(*argv):
        code = main([str(a) for a in argv])
        out, err = capsys.readouterr()
        return code, out, err

    return call


@pytest.fixture
def run_json(run):
    """run_json(*argv) -> (exit code, parsed --json stdout, stderr)."""

    def call(*argv):
        code, out, err = run(*argv, "--json")
        assert out.strip(), err
        return code, json.loads(out), err

    return call
