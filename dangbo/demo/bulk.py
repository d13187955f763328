"""Fast loading of many members for the demo bloc and `dangbo seed`.

The 65-member office of the demo goes through the actions one event at a time. Thousands (or a
million) members cannot, so this module writes `Member` and `MemberEvent` rows directly, in batches
(`core.bulk.RowWriter`: COPY on PostgreSQL, executemany on SQLite), with every projection field computed by the same
`members.actions.states` the actions use; `members.actions.recount()` then rebuilds the counts.
"""

from __future__ import annotations

import random
import time
from bisect import bisect
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import accumulate
from types import SimpleNamespace

from django.utils import timezone

from dangbo.core.bulk import RowWriter, next_id, reset_sequences
from dangbo.members.actions import states
from dangbo.members.bulk import EVENT_COLUMNS, MEMBER_COLUMNS
from dangbo.members.models import ENDED_STATUSES, EventKind, Member, MemberEvent, PoliticalTheory
from dangbo.rules import badges as badge_rules
from dangbo.rules.membership import add_months
from dangbo.rules.text import name_sort_key, search_key

from . import names as N

# -- synthetic members -------------------------------------------------------------------------------------
BADGE_COLUMNS = ["id", "member_id", "years", "awarded_on", "decision_number"]

JOB_TITLES = [
    ("Chuyên viên", 40),
    ("Chuyên viên chính", 14),
    ("Phó Trưởng phòng", 10),
    ("Trưởng phòng", 6),
    ("Kế toán viên", 4),
    ("Văn thư", 3),
    ("Viên chức", 12),
    ("Chuyên viên cao cấp", 1),
    ("Thanh tra viên", 3),
    ("Kiểm soát viên", 2),
    ("Nhân viên", 5),
]


@dataclass
class CellInfo:
    """Where a synthetic member can sit: the cell, its workplace, and who signs its decisions."""

    id: int
    workplace: str
    issuer: str  # the cấp ủy deciding admissions for this cell
    issuer_code: str  # e.g. "ĐUK" in "125-QĐ/ĐUK"
    siblings: list[int] = field(default_factory=list)  # other cells of the same đảng bộ cơ sở


class _Weighted:
    """`rng.choices(values, weights)[0]` with the cumulative weights added up once: the same value from the same
    random number (random.choices bisects the same sums)."""

    def __init__(self, pairs):
        self.values = [v for v, _ in pairs]
        self.cum = list(accumulate(w for _, w in pairs))
        self.total = self.cum[-1] + 0.0
        self.hi = len(self.values) - 1

    def draw(self, rng: random.Random):
        return self.values[bisect(self.cum, rng.random() * self.total, 0, self.hi)]


class MemberFactory:
    """Deterministic synthetic members: each call draws from the factory's own random.Random."""

    def __init__(
        self,
        seed: int,
        today: date,
        *,
        counter_start: int = 0,
        domain: str = "quangnam.gov.vn",
        history: str = "full",
    ):
        self.rng = random.Random(seed)
        self.today = today
        self.counter = counter_start
        self.domain = domain
        self.history = history  # "full": transfers, deaths… ; "simple": admission, ceremony, recognition
        self._keys: dict[str, tuple[str, str]] = {}
        # Weighted draws with their cumulative weights made once (random.choices would add them up on every
        # call: a sixth of the time of a seeded member); the same draws, from the same random numbers.
        self._family = _Weighted(N.FAMILY_NAMES)
        self._title = _Weighted(JOB_TITLES)
        self._place = _Weighted(list(zip(N.PLACES, N.PLACE_WEIGHTS, strict=True)))
        self._theory = _Weighted([(PoliticalTheory.NONE, 10), (PoliticalTheory.ELEMENTARY, 45),
                                  (PoliticalTheory.INTERMEDIATE, 30), (PoliticalTheory.ADVANCED, 12),
                                  (PoliticalTheory.BACHELOR, 3)])
        self._religion = _Weighted(N.RELIGIONS)
        self._decision_no = 0

    # -- small draws --
    def name(self, gender: str) -> str:
        r = self.rng
        family = self._family.draw(r)
        if gender == "F":
            middle = r.choice(N.MIDDLE_FEMALE)
            given = r.choice(N.GIVEN_FEMALE)
        else:
            middle = r.choice(N.MIDDLE_MALE)
            given = r.choice(N.GIVEN_MALE)
        if r.random() < 0.12:  # a second middle name: Nguyễn Thị Thu Hà, Trần Văn Quang Minh
            middle2 = r.choice(N.MIDDLE_FEMALE[4:] if gender == "F" else N.MIDDLE_MALE[3:])
            if middle2 != middle:
                middle = f"{middle} {middle2}"
        return f"{family} {middle} {given}"

    def keys(self, full_name: str) -> tuple[str, str]:
        k = self._keys.get(full_name)
        if k is None:
            k = self._keys[full_name] = (search_key(full_name), name_sort_key(full_name))
        return k

    def days(self, a: int, b: int) -> timedelta:
        return timedelta(days=self.rng.randint(a, b))

    def decision_number(self, code: str) -> str:
        self._decision_no += 1
        return f"{(self._decision_no * 37) % 980 + 12}-QĐ/{code}"

    def decided(self, cell: CellInfo, kind: str, on: date, decided_on: date | None = None, **extra) -> dict:
        """An event decided by the cell's issuing committee: the next decision number, dated `decided_on` (by
        default the day it takes effect)."""
        return dict(kind=kind, effective_date=on, decision_number=self.decision_number(cell.issuer_code),
                    decision_date=decided_on or on, issuer=cell.issuer, **extra)

    # -- one member --
    def member(self, member_id: int, cell: CellInfo, *, other_cells: list[int], ended: bool = False):
        """Returns (member row dict, [event dicts], [badge years and dates])."""
        r, today = self.rng, self.today
        self.counter += 1
        gender = "F" if r.random() < 0.42 else "M"
        full_name = self.name(gender)
        place = self._place.draw(r)
        max_age = 57 if gender == "F" else 60
        age_now = r.randint(24, max_age) if not ended else r.randint(45, 80)
        birth = today - timedelta(days=int(age_now * 365.25) + r.randint(0, 364))
        earliest = max(birth + timedelta(days=int(18.1 * 365.25)), date(1975, 6, 1))
        latest_age = min(age_now - 0.2, 42)
        adm_age = r.uniform(20.5, max(20.6, latest_age)) if r.random() < 0.9 else r.uniform(18.2, 20.5)
        decision = max(earliest, birth + timedelta(days=int(adm_age * 365.25)))
        if decision >= today:
            decision = today - self.days(40, 400)
            if decision < earliest:
                decision = earliest
        ceremony = decision + self.days(7, 38)
        if ceremony > today or (today - decision).days < 120 and r.random() < 0.2:
            ceremony = None  # ceremony still to be held
        official = add_months(ceremony, 12) if ceremony else None
        recog_decision = official + self.days(12, 50) if official else None
        recognised = recog_decision is not None and recog_decision <= today
        # Where the member was admitted: mostly the present cell, sometimes another one (transfer later).
        home, first_org = cell.id, cell.id
        transfer_on = None
        if self.history == "full" and r.random() < 0.14 and (cell.siblings or other_cells):
            first_org = r.choice(cell.siblings if cell.siblings and r.random() < 0.6 else other_cells)
            start = (official or decision) + timedelta(days=60)
            if start < today - timedelta(days=30):
                transfer_on = start + timedelta(days=r.randint(0, (today - timedelta(days=30) - start).days))
            else:
                first_org = home
        events = [self.decided(cell, EventKind.ADMISSION, decision, to_organization_id=first_org)]
        if ceremony:
            events.append(dict(kind=EventKind.CEREMONY, effective_date=ceremony))
        if recognised:
            events.append(self.decided(cell, EventKind.RECOGNITION, official, recog_decision))
        if transfer_on:
            events.append(self.decided(cell, EventKind.TRANSFER, transfer_on, from_organization_id=first_org,
                                       to_organization_id=home))
        last = max(e["effective_date"] for e in events)
        left_on = None
        if self.history == "full" and ended:
            # Members who left: died, retired and moved their membership to where they live, or removed.
            end = last + timedelta(days=r.randint(200, max(201, (today - last).days - 1)))
            end = min(end, today - timedelta(days=1))
            what = r.choices(["death", "transfer_out", "removal"], [5, 4, 1])[0]
            if what == "death":
                events.append(dict(kind=EventKind.DEATH, effective_date=end, note="Từ trần do bệnh."))
            elif what == "transfer_out":
                ward = r.choice(N.RESIDENCE_WARDS)
                events.append(
                    self.decided(
                        cell, EventKind.TRANSFER_OUT, end, external_place=f"Đảng bộ {ward}, Thành ủy Tam Kỳ",
                        note="Nghỉ hưu, chuyển sinh hoạt về nơi cư trú.",
                    )
                )
            else:
                events.append(self.decided(cell, EventKind.REMOVAL, end,
                                           note="Bỏ sinh hoạt đảng 3 tháng trong năm không có lý do."))
            left_on = end
        elif self.history == "full" and recognised:
            x = r.random()
            if x < 0.012 and age_now >= 50:
                start = max(last, today - timedelta(days=900)) + self.days(1, 60)
                if start < today:
                    events.append(
                        dict(
                            kind=EventKind.EXEMPTION,
                            effective_date=start,
                            decision_number=f"{r.randint(1, 30)}-NQ/CB",
                            decision_date=start,
                            note="Điều trị bệnh dài ngày.",
                        )
                    )
            elif x < 0.02 and other_cells:
                start = today - self.days(10, 150)
                if start > last:
                    events.append(
                        self.decided(
                            cell, EventKind.TEMPORARY, start, to_organization_id=r.choice(other_cells),
                            end_date=start + self.days(120, 330), note="Biệt phái công tác có thời hạn.",
                        )
                    )
        events.sort(key=lambda e: e["effective_date"])  # the order replay() reads them in
        # -- projection, with the very function the actions use --
        shell = SimpleNamespace(official_date=official)
        evs = [
            SimpleNamespace(
                kind=e["kind"],
                to_organization_id=e.get("to_organization_id"),
                end_date=e.get("end_date"),
                effective_date=e["effective_date"],
            )
            for e in events
        ]
        for e, state in zip(events, states(evs, shell), strict=True):
            e.update(
                org_after_id=state.org_id,
                host_after_id=state.host_id,
                status_after=state.status,
                exempted_after=state.exempted,
                suspended_after=state.suspended,
            )
        search_name, sort_key = self.keys(full_name)
        serial = (self.counter * 7919 + 12345) % 1_000_000
        block = self.counter // 1_000_000
        cid_place = place if block == 0 else (*place[:3], f"{block % 97:03d}")
        theory = self._theory.draw(r)
        ethnicity = "Kinh"
        if place[1] in N.HIGHLAND and r.random() < 0.7:
            ethnicity = r.choice(N.HIGHLAND_ETHNICITIES)
        religion = self._religion.draw(r)
        row = dict(
            id=member_id,
            full_name=full_name,
            birth_date=birth,
            gender=gender,
            ethnicity=ethnicity,
            religion=religion,
            hometown=N.hometown_text(place),
            residence=f"số {r.randint(1, 220)} đường {r.choice(N.STREETS)}, {r.choice(N.RESIDENCE_WARDS)}, "
            f"thành phố Tam Kỳ, tỉnh Quảng Nam",
            citizen_id=N.citizen_id(cid_place, birth.year, gender, serial),
            card_number=f"{(self.counter * 7907 + 1_234_567) % 100_000_000:08d}" if recognised else None,
            workplace=cell.workplace,
            job_title=self._title.draw(r),
            education="12/12",
            qualification=r.choice(N.QUALIFICATIONS),
            political_theory=theory,
            phone=f"{r.choice(N.PHONE_PREFIXES)}{r.randint(0, 999_999):06d}",
            email="",
            admission_decision_date=decision,
            admission_decision_number=events[0]["decision_number"],
            ceremony_date=ceremony,
            official_date=official,
            organization_id=state.org_id,
            host_organization_id=state.host_id,
            temporary_until=state.temporary_until,
            status=state.status,
            is_exempted=state.exempted,
            is_suspended=state.suspended,
            party_age_start=decision,
            left_on=left_on if state.status in ENDED_STATUSES else None,
            search_name=search_name,
            sort_key=sort_key,
            user_id=None,
            version=1,
        )
        badges = (
            self.badges(decision, official if recognised else None, left_on or today) if recognised else []
        )
        return row, events, badges

    def badges(self, admission: date, official: date | None, until: date) -> list[tuple[int, date]]:
        """Badges already awarded: each milestone at the first occasion after it was reached, up to now."""
        if official is None:
            return []
        out = []
        for years in badge_rules.ALL_MILESTONES:
            reached = max(add_months(admission, 12 * years), official)
            occasion = badge_rules.next_occasion(reached)
            if occasion > until or occasion > self.today:
                break
            if years in badge_rules.milestones_on(occasion):
                out.append((years, occasion))
        return out


class BulkMembers:
    """Collects synthetic members and writes them with their events, badges and (optionally) history."""

    def __init__(self, *, history_rows: bool = False, batch: int = 20_000, paths: dict[int, str] | None = None):
        """`paths`: every organisation's path by id, when the caller has them (the seed): written with the rows,
        instead of an UPDATE of every member afterwards (which rewrote every row and each of its indexes)."""
        self.now = timezone.now()
        self.paths = paths
        self.member_id = self.first_member_id = next_id(Member)
        self.event_id = next_id(MemberEvent)
        from dangbo.members.models import Badge

        self.Badge = Badge
        self.badge_id = next_id(Badge)
        self.members = RowWriter(Member, MEMBER_COLUMNS, batch)
        self.events = RowWriter(MemberEvent, EVENT_COLUMNS, batch * 3)
        self.badge_rows = RowWriter(Badge, BADGE_COLUMNS, batch)
        self.history = None
        if history_rows:
            hmodel = Member.history.model
            self.hist_cols = [f.attname for f in hmodel._meta.concrete_fields if f.attname != "history_id"]
            self.history = RowWriter(hmodel, self.hist_cols, batch)

    def take_id(self) -> int:
        self.member_id += 1
        return self.member_id - 1

    def add(self, row: dict, events: list[dict], badges: list[tuple[int, date]]):
        now = self.now
        # Without `paths`, they are copied from the organisations in one statement at finish() (refresh_paths).
        paths = self.paths
        row = {"org_path": paths[row["organization_id"]] if paths else "",
               "host_path": paths.get(row["host_organization_id"], "") if paths else "",
               **row, "created_at": now, "updated_at": now}
        self.members.add(tuple(row[c] for c in MEMBER_COLUMNS))
        for e in events:
            self.events.add(
                (
                    self.event_id,
                    row["id"],
                    str(e["kind"]),
                    e["effective_date"],
                    e.get("decision_number", ""),
                    e.get("decision_date"),
                    e.get("issuer", ""),
                    e.get("from_organization_id"),
                    e.get("to_organization_id"),
                    e.get("external_place", ""),
                    e.get("end_date"),
                    e.get("note", ""),
                    "demo",
                    e["org_after_id"],
                    e["host_after_id"],
                    str(e["status_after"]),
                    e["exempted_after"],
                    e["suspended_after"],
                    now,
                    None,
                )
            )
            self.event_id += 1
        for years, on in badges:
            self.badge_rows.add((self.badge_id, row["id"], years, on, f"{400 + self.badge_id % 600}-QĐ/TU"))
            self.badge_id += 1
        if self.history is not None:
            h = {
                **row,
                "history_date": now,
                "history_change_reason": "Nạp dữ liệu từ sổ đảng viên giấy",
                "history_type": "+",
                "history_user_id": None,
            }
            self.history.add(tuple(h.get(c) for c in self.hist_cols))

    def finish(self, phases: dict | None = None):
        """The last rows, then the organisation paths and the name-word index; `phases` gets the seconds of each."""
        phases = {} if phases is None else phases
        t = time.perf_counter()
        for w in (self.members, self.events, self.badge_rows, self.history):
            if w is not None:
                w.flush()
        models = [Member, MemberEvent, self.Badge] + ([Member.history.model] if self.history else [])
        reset_sequences(models)
        from dangbo.members.search import index_names

        phases["flush"] = time.perf_counter() - t
        if self.member_id > self.first_member_id:
            from dangbo.members.actions import refresh_paths

            t = time.perf_counter()
            if self.paths is None:
                refresh_paths(Member.objects.filter(id__gte=self.first_member_id, id__lt=self.member_id))
            phases["paths"] = time.perf_counter() - t
            t = time.perf_counter()
            index_names(self.first_member_id, self.member_id - 1)
            phases["name_index"] = time.perf_counter() - t
