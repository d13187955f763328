"""`dangbo seed --members N`: a deterministic synthetic register of any size, for benchmarks.

About N/100 organisations: one root (đảng bộ cấp trên), provinces, blocs, then grassroots organisations
(đảng bộ cơ sở with 3–6 chi bộ, or chi bộ cơ sở). N members, each with an admission event, a ceremony and
(for most) a recognition, written in bulk with their projections; then the counts are rebuilt. The same
N, seed and date give the same data.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from datetime import date

from django.db import connection, transaction
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from dangbo.core import audit
from dangbo.core.actions import fail
from dangbo.core.bulk import RowWriter, deferred_indexes, next_id, reset_sequences
from dangbo.members.models import Badge, Member, MemberEvent, NameWord, Status
from dangbo.organizations.actions import found_organization
from dangbo.organizations.models import STEP, Organization, OrgEvent, OrgKind, encode_step

from . import national
from .bulk import BulkMembers, CellInfo, MemberFactory

PROVINCES = [name for name, _weight in national.PROVINCES]
BLOC_KINDS = [
    "Đảng bộ Khối các cơ quan",
    "Đảng bộ Khối doanh nghiệp",
    "Đảng bộ Công an",
    "Đảng bộ Quân sự",
    "Đảng bộ xã",
    "Đảng bộ phường",
]
AGENCIES = [
    "Sở Tài chính",
    "Sở Xây dựng",
    "Sở Y tế",
    "Sở Nội vụ",
    "Sở Tư pháp",
    "Sở Công Thương",
    "Sở Giáo dục và Đào tạo",
    "Sở Nông nghiệp và Môi trường",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Thanh tra",
    "Bệnh viện Đa khoa",
    "Trường Trung học phổ thông",
    "Trường Tiểu học",
    "Công ty Cổ phần",
    "Trung tâm Y tế",
    "Ủy ban nhân dân",
    "Hợp tác xã",
    "Ngân hàng",
    "Kho bạc Nhà nước",
    "Thôn",
    "Khu phố",
]
CELL_NAMES = [
    "Chi bộ Văn phòng",
    "Chi bộ Phòng Tổ chức",
    "Chi bộ Phòng Nghiệp vụ",
    "Chi bộ Khối Chuyên môn",
    "Chi bộ Phòng Kế hoạch",
    "Chi bộ Tổ Kỹ thuật",
]

ORG_COLUMNS = [
    "id",
    "code",
    "name",
    "kind",
    "level",
    "parent_id",
    "path",
    "depth",
    "status",
    "founded_on",
    "ended_on",
    "successor_id",
    "address",
    "official_count",
    "probationary_count",
    "version",
]
ORG_EVENT_COLUMNS = [
    "id",
    "organization_id",
    "kind",
    "effective_date",
    "decision_number",
    "decision_date",
    "issuer",
    "data",
    "note",
    "created_at",
    "created_by_id",
]


@dataclass
class SeedResult:
    members: int
    organizations: int
    events: int
    seconds: float
    root_code: str
    seed: int
    shape: str = "bench"
    phases: dict | None = None  # seconds of each step: where the time goes

    def as_dict(self):
        return {
            "members": self.members,
            "organizations": self.organizations,
            "events": self.events,
            "seconds": round(self.seconds, 2),
            "root": self.root_code,
            "seed": self.seed,
            "shape": self.shape,
            "phases": self.phases or {},
        }


class _Tree:
    def __init__(self, root: Organization, rng: random.Random, founded: date, members: int):
        self.rng = rng
        self.founded = founded
        self.next_id = next_id(Organization)
        self.next_event = next_id(OrgEvent)
        self.orgs = RowWriter(Organization, ORG_COLUMNS)
        self.events = RowWriter(OrgEvent, ORG_EVENT_COLUMNS)
        self.children: dict[int, int] = {}
        self.count = 0
        self.now = timezone.now()
        self.root = root
        self.members = members
        self.paths: dict[int, str] = {root.pk: root.path}  # every organisation's path, written with its members

    def add(self, parent_id: int, parent_path: str, code: str, name: str, kind: str, *, level: str = ""
            ) -> tuple[int, str]:
        n = self.children.get(parent_id, 0)
        self.children[parent_id] = n + 1
        path = parent_path + encode_step(n)
        pk = self.next_id
        self.next_id += 1
        self.paths[pk] = path
        self.orgs.add(
            (
                pk,
                code,
                name,
                kind,
                level,  # the bench shape has no named upper levels; the national one has the 2025 levels
                parent_id,
                path,
                len(path) // STEP,
                "active",
                self.founded,
                None,
                None,
                "",
                0,
                0,
                1,
            )
        )
        self.events.add((self.next_event, pk, "founded", self.founded, "", None, "", {}, "", self.now, None))
        self.next_event += 1
        self.count += 1
        return pk, path


def plan(members: int) -> tuple[int, int, int]:
    """(provinces, blocs per province, grassroots per bloc) for about members/100 organisations."""
    target = max(4, members // 100)
    grassroots = max(1, round(target / 3.3))
    blocs = max(1, round(grassroots / 35))
    provinces = max(1, min(len(PROVINCES), round(blocs / 8)))
    per_province = max(1, round(blocs / provinces))
    per_bloc = max(1, round(grassroots / (provinces * per_province)))
    return provinces, per_province, per_bloc


SHAPES = ("bench", "national")


def _bench_tree(tree: _Tree, root: Organization, rng: random.Random, root_code: str) -> list[CellInfo]:
    """The benchmark shape: provinces, blocs (no named levels), grassroots organisations, chi bộ."""
    provinces, per_province, per_bloc = plan(tree.members)
    cells: list[CellInfo] = []
    for p in range(provinces):
        pname = PROVINCES[p % len(PROVINCES)] + ("" if p < len(PROVINCES) else f" {p // len(PROVINCES) + 1}")
        pid, ppath = tree.add(root.pk, root.path, f"{root_code}-P{p}", f"Đảng bộ tỉnh {pname}", OrgKind.UPPER)
        for b in range(per_province):
            bkind = BLOC_KINDS[b % len(BLOC_KINDS)]
            bid, bpath = tree.add(pid, ppath, f"{root_code}-P{p}-B{b}", f"{bkind} {b + 1} ({pname})", OrgKind.UPPER)
            for g in range(per_bloc):
                agency = f"{rng.choice(AGENCIES)} số {g + 1}"
                code = f"{root_code}-P{p}-B{b}-G{g}"
                workplace = f"{agency}, {pname}"
                if rng.random() < 0.6:
                    gid, gpath = tree.add(bid, bpath, code, f"Đảng bộ {agency}", OrgKind.GRASSROOTS_COMMITTEE)
                    ids = []
                    for c in range(rng.randint(3, 6)):
                        cid, _ = tree.add(gid, gpath, f"{code}-C{c}", CELL_NAMES[c], OrgKind.CELL)
                        ids.append(cid)
                    for cid in ids:
                        cells.append(CellInfo(cid, workplace, f"Đảng ủy {agency}", "ĐU", [i for i in ids if i != cid]))
                else:
                    gid, _ = tree.add(bid, bpath, code, f"Chi bộ {agency}", OrgKind.GRASSROOTS_CELL)
                    cells.append(CellInfo(gid, workplace, f"Ban Thường vụ {bkind}", "ĐUK"))
    return cells


def seed(members: int, seed: int = 42, *, today: date | None = None, progress=None, shape: str = "bench"
         ) -> SeedResult:
    """`shape` "bench": about members/100 organisations under provinces and blocs; "national": the Party's
    2025 levels, 34 provinces, ~107 members a grassroots organisation (demo/national.py)."""
    if members < 1:
        fail("members", "Số đảng viên phải lớn hơn 0.")
    if shape not in SHAPES:
        fail("shape", f"Không có hình dạng dữ liệu thử «{shape}»: chọn một trong {', '.join(SHAPES)}.")
    started, cpu = time.perf_counter(), time.process_time()
    today = today or timezone.localdate()
    root_code = f"THU{seed}"
    if Organization.objects.filter(code=root_code).exists():
        fail(
            "seed",
            f"Dữ liệu thử với seed {seed} đã có (tổ chức mã {root_code}); chọn seed khác hoặc "
            "khôi phục một cơ sở dữ liệu trống.",
        )
    rng = random.Random(seed)
    with transaction.atomic():
        root = found_organization(
            None,
            code=root_code,
            name=f"Đảng bộ Thử nghiệm (seed {seed})" if shape == "bench" else f"Đảng bộ Toàn quốc (thử, seed {seed})",
            kind=OrgKind.UPPER,
            founded_on=date(1976, 1, 1),
        )
        tree = _Tree(root, rng, date(1976, 1, 1), members)
        cells = (national.build(tree, root, rng, root_code) if shape == "national"
                 else _bench_tree(tree, root, rng, root_code))
        tree.orgs.flush()
        tree.events.flush()
        reset_sequences([Organization, OrgEvent])
        phases = {"organizations": time.perf_counter() - started}

        factory = MemberFactory(seed, today, history="simple")
        # A fresh register on PostgreSQL: the member tables' indexes and foreign keys made after the rows are in.
        with deferred_indexes([Member, MemberEvent, Badge, NameWord]):
            bulk = BulkMembers(history_rows=False, paths=tree.paths)
            chunk = max(1, min(10_000, members // 100 or 1))
            done = 0
            for _ in range(members):
                cell = cells[rng.randrange(len(cells))]
                row, events, badges = factory.member(bulk.take_id(), cell, other_cells=[])
                bulk.add(row, events, badges)
                done += 1
                if progress and done % chunk == 0:
                    progress(chunk)
            phases["members"] = time.perf_counter() - started - sum(phases.values())
            bulk.finish(phases)
            t = time.perf_counter()
        phases["indexes"] = time.perf_counter() - t
        if progress and done % chunk:
            progress(done % chunk)
        t = time.perf_counter()
        recount_subtree(root.path)
        phases["counts"] = time.perf_counter() - t
        n_events = bulk.events.written
        audit.record(
            "seed",
            obj=root,
            org_path=root.path,
            summary=f"Sinh dữ liệu thử: {members} đảng viên, {tree.count + 1} tổ chức (seed {seed})",
            data={"members": members, "organizations": tree.count + 1, "seed": seed, "as_of": today},
        )
    if connection.vendor == "postgresql":
        t = time.perf_counter()
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
        phases["analyze"] = time.perf_counter() - t
    # This process's CPU time (the database server's is not in it): on a shared machine, what the seed itself cost.
    phases["python_cpu"] = time.process_time() - cpu
    return SeedResult(members, tree.count + 1, n_events, time.perf_counter() - started, root_code, seed, shape,
                      {k: round(v, 2) for k, v in phases.items()})


def recount_subtree(path: str):
    """Own official/probationary counts for every organisation under `path`, in one statement each."""

    def counted(status):
        sub = (
            Member.objects.filter(organization=OuterRef("pk"), status=status)
            .order_by()
            .values("organization")
            .annotate(c=Count("id"))
            .values("c")
        )
        return Coalesce(Subquery(sub, output_field=IntegerField()), Value(0))

    Organization.objects.filter(path__startswith=path).update(
        official_count=counted(Status.OFFICIAL), probationary_count=counted(Status.PROBATIONARY)
    )
