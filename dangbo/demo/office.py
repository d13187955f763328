"""Đảng bộ Văn phòng UBND tỉnh: 5 chi bộ and about 65 members, every event recorded through the actions.

Each member has a story: a list of dated steps (admission, ceremony, recognition, transfers, exemption,
death, removal…). All steps of all members, plus the 2025 merger of the Chi bộ Phòng Nội chính into the
Chi bộ Phòng Tổng hợp, are replayed in date order through `members.actions` and
`organizations.actions` with actor=None, so histories, counts and the audit chain are the real thing.

Stories older than 2025 are fixed; the few that must stay "due" (a probation ending soon, an overdue
ceremony, a 30-year badge at the next occasion, a temporary transfer still running) are placed relative to
the day the demo is loaded.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone

from dangbo.members.actions import admit_member, award_badge, record_event
from dangbo.members.models import EventKind, Member, PoliticalTheory
from dangbo.organizations.actions import found_organization, merge_organizations, rename_organization
from dangbo.organizations.models import Organization, OrgKind
from dangbo.rules import badges as badge_rules
from dangbo.rules.membership import add_months

from . import names as N
from .bloc import PROVINCE_REESTABLISHED
from .bulk import CellInfo

OFFICE_CODE = "VPUBND"
OLD_PROVINCE = "Quảng Nam – Đà Nẵng"
BLOC_ISSUER_OLD = f"Ban Thường vụ Đảng ủy Khối các cơ quan tỉnh {OLD_PROVINCE}"
BLOC_ISSUER = "Ban Thường vụ Đảng ủy Khối các cơ quan tỉnh"
OFFICE_ISSUER = "Đảng ủy Văn phòng UBND tỉnh"
MERGE_DATE = date(2025, 3, 1)
RETIRED = "Nghỉ hưu, chuyển sinh hoạt đảng về nơi cư trú."  # the note of a retired member's transfer out

# code, name, department (workplace), founded, share of generic members
CELLS = [
    ("TH", "Chi bộ Phòng Tổng hợp", "Phòng Tổng hợp", date(1983, 3, 15), 10),
    ("KT", "Chi bộ Phòng Kinh tế", "Phòng Kinh tế", date(1990, 6, 1), 11),
    ("KGVX", "Chi bộ Phòng Khoa giáo – Văn xã", "Phòng Khoa giáo – Văn xã", date(1997, 2, 20), 10),
    ("HCTC", "Chi bộ Phòng Hành chính – Tổ chức", "Phòng Hành chính – Tổ chức", date(1983, 3, 15), 11),
    ("CBTH", "Chi bộ Trung tâm Công báo – Tin học", "Trung tâm Công báo – Tin học", date(2006, 4, 3), 8),
    ("NC", "Chi bộ Phòng Nội chính", "Phòng Nội chính", date(2021, 3, 1), 6),  # split from TH, merged back 2025
]
# Three chi bộ of units that left the office in the 2019 reorganisation (their chi bộ merged into chi bộ of other
# organisations of the bloc): 8 chi bộ in 2018, 5 from then on.
EXTRA_CELLS = [
    ("TCD", "Chi bộ Ban Tiếp công dân tỉnh", "Ban Tiếp công dân tỉnh", date(2004, 9, 1), 0),
    ("NK", "Chi bộ Nhà khách UBND tỉnh", "Nhà khách UBND tỉnh", date(1998, 5, 4), 0),
    ("HNT", "Chi bộ Trung tâm Hội nghị tỉnh", "Trung tâm Hội nghị tỉnh", date(2009, 10, 12), 0),
]
EXTRAS_LEFT = date(2019, 10, 1)
# The register must give the published figures (../shared/domain/examples/): 95 members rated for 2018
# (22 + 73), 50 official members convened to Đại hội X on 16/6/2020, 65 rated for 2020 (15 + 49 + 1).
PUBLISHED_2018 = (date(2018, 12, 31), 95)
CONVENED_X = (date(2020, 6, 16), 50)
PUBLISHED_2020 = (date(2020, 12, 31), 65)
TITLES = {
    "TH": ["Phó Trưởng phòng Tổng hợp", "Chuyên viên chính", "Chuyên viên", "Chuyên viên"],
    "KT": [
        "Trưởng phòng Kinh tế",
        "Phó Trưởng phòng Kinh tế",
        "Chuyên viên chính",
        "Chuyên viên",
        "Chuyên viên",
    ],
    "KGVX": ["Trưởng phòng Khoa giáo – Văn xã", "Chuyên viên chính", "Chuyên viên", "Chuyên viên"],
    "HCTC": [
        "Trưởng phòng Hành chính – Tổ chức",
        "Kế toán trưởng",
        "Văn thư",
        "Lái xe",
        "Chuyên viên",
        "Nhân viên phục vụ",
        "Chuyên viên",
    ],
    "CBTH": ["Giám đốc Trung tâm", "Phó Giám đốc Trung tâm", "Viên chức", "Kỹ sư phần mềm", "Viên chức"],
    "NC": ["Trưởng phòng Nội chính", "Chuyên viên chính", "Chuyên viên"],
}


def drop_old_province(org: Organization, decision_number: str, decision_date: date, issuer: str):
    """The province re-established (1/1/1997): `org`'s name, founded «… Quảng Nam – Đà Nẵng», loses the old
    province, by decision `decision_number` of `issuer`."""
    rename_organization(None, org, name=org.name.removesuffix(f" {OLD_PROVINCE}"),
                        effective_date=PROVINCE_REESTABLISHED, decision_number=decision_number,
                        decision_date=decision_date, issuer=issuer)


@dataclass
class Step:
    on: date
    kind: str  # "admit" or an EventKind value
    args: dict = field(default_factory=dict)


def decided(on: date, kind: str, number: str, issuer: str, *, signed: date | None = None, note: str = "",
            **args) -> Step:
    """A step taken by decision `number` of `issuer`, signed on `signed` (by default the day it takes effect);
    `args` are the event's own (where to, until when), `note` its note."""
    decision = {"decision_number": number, "decision_date": signed or on, "issuer": issuer}
    return Step(on, kind, {**args, **decision, **({"note": note} if note else {})})


@dataclass
class Story:
    key: str
    dossier: dict
    steps: list[Step]
    badges_at: dict[int, date] = field(default_factory=dict)  # fixed award dates (the 2019 ceremony)
    member: Member | None = None


class OfficeBuilder:
    def __init__(self, bloc: Organization, bloc_cells: dict[str, CellInfo], today: date, seed: int = 1985):
        self.bloc = bloc
        self.bloc_cells = bloc_cells
        self.today = today
        self.rng = random.Random(seed)
        self.cells: dict[str, Organization] = {}
        self.office: Organization | None = None
        self.stories: list[Story] = []
        self._names: set[str] = set()
        self._counter = 990_000  # CCCD/card serials apart from the bulk members'
        self._no = 0

    # -- the organisations --------------------------------------------------------------------------
    def found(self):
        self.office = found_organization(
            None,
            code=OFFICE_CODE,
            name=f"Đảng bộ Văn phòng UBND tỉnh {OLD_PROVINCE}",
            kind=OrgKind.GRASSROOTS_COMMITTEE,
            parent=self.bloc,
            founded_on=date(1983, 3, 15),
            decision_number="27-QĐ/ĐUK",
            decision_date=date(1983, 3, 1),
            issuer=BLOC_ISSUER_OLD,
            address="62 Hùng Vương, thành phố Tam Kỳ, tỉnh Quảng Nam",
        )
        for code, name, _dept, founded, _share in CELLS + EXTRA_CELLS:
            self.cells[code] = found_organization(
                None,
                code=f"{OFFICE_CODE}-{code}",
                name=name,
                kind=OrgKind.CELL,
                parent=self.office,
                founded_on=founded,
                decision_number=f"{founded.year % 100 + 3}-QĐ/ĐU",
                decision_date=founded,
                issuer=OFFICE_ISSUER,
            )
        return self.office

    def rename_for_new_province(self):
        drop_old_province(self.office, "05-QĐ/ĐUK", date(1997, 1, 6), BLOC_ISSUER)

    # -- helpers ------------------------------------------------------------------------------------
    def no(self, suffix: str) -> str:
        self._no += 1
        return f"{(self._no * 53) % 390 + 8}-{suffix}"

    def issuer(self, on: date) -> str:
        return BLOC_ISSUER_OLD if on < date(1997, 1, 1) else BLOC_ISSUER

    def dossier(
        self,
        full_name: str,
        gender: str,
        birth: date,
        cell: str,
        title: str,
        *,
        theory: str = PoliticalTheory.INTERMEDIATE,
        qualification: str | None = None,
        place=None,
        ethnicity: str = "Kinh",
        religion: str = "Không",
    ) -> dict:
        r = self.rng
        assert full_name not in self._names, full_name
        self._names.add(full_name)
        self._counter += 1
        place = place or r.choices(N.PLACES, N.PLACE_WEIGHTS)[0]
        dept = next(c[2] for c in CELLS + EXTRA_CELLS if c[0] == cell)
        serial = (self._counter * 7919 + 12345) % 1_000_000
        return {
            "full_name": full_name,
            "birth_date": birth,
            "gender": gender,
            "ethnicity": ethnicity,
            "religion": religion,
            "hometown": N.hometown_text(place),
            "residence": f"số {r.randint(1, 180)} đường {r.choice(N.STREETS)}, "
            f"{r.choice(N.RESIDENCE_WARDS)}, thành phố Tam Kỳ, tỉnh Quảng Nam",
            "citizen_id": N.citizen_id(place, birth.year, gender, serial),
            "workplace": f"{dept}, Văn phòng UBND tỉnh",
            "job_title": title,
            "education": "12/12" if birth.year >= 1970 else "10/10",
            "qualification": qualification or r.choice(N.QUALIFICATIONS),
            "political_theory": theory,
            "phone": f"{r.choice(N.PHONE_PREFIXES)}{r.randint(0, 999_999):06d}",
            "email": N.email_for(full_name),
        }

    def card(self) -> str:
        return f"{(self._counter * 7907 + 1_234_567) % 100_000_000:08d}"

    def admission(
        self, decision: date, org: Organization, *, ceremony_days=None, recognise=True, recognition_days=None
    ) -> list[Step]:
        """Decision, ceremony (7–30 days later), recognition decision (2–7 weeks after 12 months)."""
        r = self.rng
        issuer = self.issuer(decision)
        steps = [
            Step(decision, "admit", {"org": org, "decision_number": self.no("QĐ/ĐUK"), "issuer": issuer})
        ]
        if ceremony_days is None:
            ceremony_days = r.randint(7, 30)
        if ceremony_days is not False:
            ceremony = decision + timedelta(days=ceremony_days)
            steps.append(Step(ceremony, EventKind.CEREMONY))
            if recognise:
                rd = add_months(ceremony, 12) + timedelta(days=recognition_days or r.randint(12, 45))
                steps.append(decided(rd, EventKind.RECOGNITION, self.no("QĐ/ĐUK"), self.issuer(rd)))
        return steps

    def transfer(self, on: date, to: Organization, *, within_office=True) -> Step:
        number = self.no("QĐ/ĐU" if within_office else "QĐ/ĐUK")
        issuer = OFFICE_ISSUER if within_office else BLOC_ISSUER
        return decided(on, EventKind.TRANSFER, number, issuer, signed=on - timedelta(days=3), to_organization=to)

    def name(self, gender: str) -> str:
        r = self.rng
        fam = r.choices([f for f, _ in N.FAMILY_NAMES], [w for _, w in N.FAMILY_NAMES])[0]
        while True:
            if gender == "F":
                nm = f"{fam} {r.choice(N.MIDDLE_FEMALE)} {r.choice(N.GIVEN_FEMALE)}"
            else:
                nm = f"{fam} {r.choice(N.MIDDLE_MALE)} {r.choice(N.GIVEN_MALE)}"
            if nm not in self._names and nm != "Nguyễn Văn Mến":
                return nm
            fam = r.choices([f for f, _ in N.FAMILY_NAMES], [w for _, w in N.FAMILY_NAMES])[0]

    def bloc_cell_existing_on(self, on: date) -> Organization:
        """A cell of another grassroots organisation in the bloc that existed on `on`."""
        ids = sorted(c.id for c in self.bloc_cells.values())
        orgs = [
            o
            for o in Organization.objects.filter(pk__in=ids).order_by("path")
            if o.founded_on and o.founded_on <= on
        ]
        return self.rng.choice(orgs)

    # -- the people ---------------------------------------------------------------------------------
    def characters(self):
        """Named members whose stories show what the register keeps."""
        c, t = self.cells, self.today
        place_bt = next(p for p in N.PLACES if p[0] == "xã Bình Triều")
        place_dp = next(p for p in N.PLACES if p[0] == "xã Điện Phương")
        place_tx = next(p for p in N.PLACES if p[0] == "xã Tam Xuân 1")
        place_ng = next(p for p in N.PLACES if p[0] == "thị trấn Thạnh Mỹ")

        # Chánh Văn phòng, Bí thư Đảng ủy: admitted at the Sở Kế hoạch và Đầu tư, moved to the office.
        skhdt = Organization.objects.get(code="SKHDT-01")
        d = self.dossier(
            "Nguyễn Văn Mến",
            "M",
            date(1972, 3, 14),
            "TH",
            "Chánh Văn phòng UBND tỉnh",
            theory=PoliticalTheory.ADVANCED,
            qualification="Thạc sĩ Quản lý kinh tế",
            place=place_bt,
        )
        steps = self.admission(date(1999, 8, 20), skhdt)
        steps += [
            self.transfer(date(2008, 4, 1), c["KT"], within_office=False),
            self.transfer(date(2016, 9, 15), c["TH"]),
        ]
        self.stories.append(Story("men", d, steps))

        # 30 years of party age in January 2019 (the badge handed over at the year-end conference), retired.
        d = self.dossier(
            "Ngô Thượng Quế",
            "M",
            date(1961, 10, 2),
            "TH",
            "Phó Chánh Văn phòng UBND tỉnh",
            theory=PoliticalTheory.ADVANCED,
            qualification="Cử nhân Kinh tế",
            place=place_dp,
        )
        steps = self.admission(date(1988, 11, 25), c["TH"])
        steps.append(decided(date(2021, 11, 1), EventKind.TRANSFER_OUT, "112-QĐ/ĐUK", BLOC_ISSUER,
                             signed=date(2021, 10, 25), note=RETIRED,
                             external_place="Chi bộ Khối phố 5, Đảng bộ phường An Mỹ, Thành ủy Tam Kỳ"))
        self.stories.append(Story("que", d, steps, badges_at={30: date(2019, 1, 10)}))

        # Admitted 1985 and still working: badges for 30 and 40 years already awarded.
        d = self.dossier(
            "Trương Công Lực",
            "M",
            date(1966, 2, 27),
            "HCTC",
            "Phó Trưởng phòng Hành chính – Tổ chức",
            qualification="Cử nhân Hành chính",
        )
        self.stories.append(Story("luc", d, self.admission(date(1985, 10, 18), c["HCTC"])))

        # Reaches 30 years of party age by the next awarding occasion.
        occasion = badge_rules.next_occasion(t)
        adm = add_months(occasion, -360) - timedelta(days=25)
        d = self.dossier(
            "Phan Văn Bình",
            "M",
            date(1969, 5, 10),
            "TH",
            "Phó Chánh Văn phòng UBND tỉnh",
            theory=PoliticalTheory.ADVANCED,
            qualification="Thạc sĩ Luật kinh tế",
            place=place_tx,
        )
        steps = self.admission(adm, c["HCTC"])
        steps.append(self.transfer(date(2012, 3, 1), c["TH"]))
        self.stories.append(Story("binh", d, steps))

        # Exempted from duties and meetings for long treatment.
        d = self.dossier(
            "Hồ Thị Lệ Thu",
            "F",
            date(1970, 7, 30),
            "KGVX",
            "Chuyên viên chính",
            qualification="Cử nhân Ngữ văn",
        )
        steps = self.admission(date(1995, 3, 2), c["HCTC"])
        steps.append(self.transfer(date(1997, 3, 10), c["KGVX"]))
        steps.append(decided(date(2025, 4, 14), EventKind.EXEMPTION, "03-NQ/CB", "Chi bộ Phòng Khoa giáo – Văn xã",
                             note="Điều trị bệnh dài ngày."))
        self.stories.append(Story("thu", d, steps))

        # Died in office.
        d = self.dossier(
            "Phạm Quang Vinh",
            "M",
            date(1970, 1, 12),
            "KT",
            "Trưởng phòng Kinh tế",
            theory=PoliticalTheory.ADVANCED,
            qualification="Thạc sĩ Kinh tế phát triển",
        )
        steps = self.admission(date(1994, 6, 20), c["KT"])
        steps.append(Step(date(2022, 8, 14), EventKind.DEATH, {"note": "Từ trần do bệnh hiểm nghèo."}))
        self.stories.append(Story("vinh", d, steps))

        # Probationary member who did not qualify: removed (xóa tên) after probation.
        d = self.dossier(
            "Đỗ Minh Khang",
            "M",
            date(1996, 4, 2),
            "CBTH",
            "Viên chức",
            theory=PoliticalTheory.NONE,
            qualification="Kỹ sư Công nghệ thông tin",
        )
        steps = self.admission(date(2021, 6, 15), c["CBTH"], ceremony_days=17, recognise=False)
        steps.append(decided(date(2022, 8, 26), EventKind.REMOVAL, "208-QĐ/ĐUK", BLOC_ISSUER,
                             note="Hết thời kỳ dự bị không đủ tư cách đảng viên chính thức."))
        self.stories.append(Story("khang", d, steps))

        # Temporary transfer still running: a course at the Trường Chính trị tỉnh.
        tct = Organization.objects.get(code="TCT")
        d = self.dossier(
            "Lê Thị Thu Hà",
            "F",
            date(1984, 11, 5),
            "KGVX",
            "Phó Trưởng phòng Khoa giáo – Văn xã",
            theory=PoliticalTheory.ELEMENTARY,
            qualification="Cử nhân Văn học",
        )
        steps = self.admission(date(2009, 5, 19), c["KGVX"])
        steps.append(decided(date(2019, 3, 4), EventKind.TEMPORARY, "14-QĐ/ĐU", OFFICE_ISSUER, signed=date(2019, 3, 1),
                             note="Tăng cường Phòng Tổng hợp.", to_organization=c["TH"], end_date=date(2019, 12, 31)))
        steps.append(Step(date(2019, 12, 31), EventKind.TEMPORARY_END))
        start = t - timedelta(days=75)
        steps.append(decided(start, EventKind.TEMPORARY, self.no("QĐ/ĐU"), OFFICE_ISSUER,
                             signed=start - timedelta(days=5),
                             note="Học lớp Trung cấp lý luận chính trị – hành chính hệ tập trung.",
                             to_organization=tct, end_date=add_months(start, 9)))
        self.stories.append(Story("ha", d, steps))

        # Probation ending in three weeks.
        ceremony = add_months(t + timedelta(days=21), -12)
        d = self.dossier(
            "Nguyễn Thị Mỹ Duyên",
            "F",
            date(1998, 9, 12),
            "CBTH",
            "Viên chức",
            theory=PoliticalTheory.NONE,
            qualification="Cử nhân Báo chí",
        )
        steps = self.admission(ceremony - timedelta(days=18), c["CBTH"], ceremony_days=18, recognise=False)
        self.stories.append(Story("duyen", d, steps))

        # Admission decided 55 days ago; ceremony not yet held (overdue).
        d = self.dossier(
            "Trần Quốc Huy",
            "M",
            date(1997, 12, 1),
            "KT",
            "Chuyên viên",
            theory=PoliticalTheory.NONE,
            qualification="Cử nhân Kinh tế",
        )
        self.stories.append(
            Story("huy", d, self.admission(t - timedelta(days=55), c["KT"], ceremony_days=False))
        )

        # Probation ended two months ago; recognition overdue.
        ceremony = add_months(t - timedelta(days=60), -12)
        d = self.dossier(
            "Võ Thị Ngọc Ánh",
            "F",
            date(1995, 2, 14),
            "HCTC",
            "Kế toán viên",
            theory=PoliticalTheory.NONE,
            qualification="Cử nhân Kế toán",
        )
        steps = self.admission(ceremony - timedelta(days=12), c["HCTC"], ceremony_days=12, recognise=False)
        self.stories.append(Story("anh", d, steps))

        # An ordinary probationer, admitted half a year ago; from the Cơ Tu people of Nam Giang.
        d = self.dossier(
            "A Lăng Thị Hoa",
            "F",
            date(1999, 10, 8),
            "KGVX",
            "Chuyên viên",
            theory=PoliticalTheory.NONE,
            qualification="Cử nhân Sư phạm Toán",
            place=place_ng,
            ethnicity="Cơ Tu",
        )
        self.stories.append(
            Story(
                "hoa",
                d,
                self.admission(t - timedelta(days=190), c["KGVX"], ceremony_days=14, recognise=False),
            )
        )

        # Moved to the Sở Nội vụ in 2023 (transfer inside the bloc).
        snv = Organization.objects.get(code="SNV-01")
        d = self.dossier(
            "Lương Thị Hạnh",
            "F",
            date(1982, 4, 23),
            "HCTC",
            "Chuyên viên chính",
            qualification="Cử nhân Hành chính",
        )
        steps = self.admission(date(2007, 9, 7), c["HCTC"])
        steps.append(self.transfer(date(2023, 7, 1), snv, within_office=False))
        self.stories.append(Story("hanh", d, steps))

        # Two retirements.
        for name, gender, birth, cell, adm, out in [
            ("Huỳnh Văn Tám", "M", date(1963, 4, 8), "KT", date(1990, 7, 2), date(2024, 5, 1)),
            ("Đinh Thị Kim Liên", "F", date(1968, 9, 17), "KGVX", date(1997, 5, 3), date(2025, 10, 1)),
        ]:
            d = self.dossier(name, gender, birth, cell, "Chuyên viên chính")
            steps = self.admission(adm, c[cell])
            ward = self.rng.choice(N.RESIDENCE_WARDS)
            steps.append(decided(out, EventKind.TRANSFER_OUT, self.no("QĐ/ĐUK"), BLOC_ISSUER,
                                 signed=out - timedelta(days=7), note=RETIRED,
                                 external_place=f"Đảng bộ {ward}, Thành ủy Tam Kỳ"))
            self.stories.append(Story(name, d, steps))

    def generic(self):
        """The other members: ordinary careers, some admitted elsewhere, some moved between chi bộ."""
        r = self.rng
        quota = [code for code, *_rest, share in CELLS for _ in range(share)]
        r.shuffle(quota)
        titles = {k: list(v) for k, v in TITLES.items()}
        for i, cell in enumerate(quota):
            gender = "F" if r.random() < 0.45 else "M"
            birth = date(r.randint(1968 if gender == "M" else 1971, 1999), r.randint(1, 12), r.randint(1, 28))
            join = max(birth + timedelta(days=int(r.uniform(23, 30) * 365.25)), date(1986, 1, 1))
            latest = date(2022, 6, 30) if cell == "NC" else date(2024, 9, 30)
            if join > latest:
                join = latest - timedelta(days=r.randint(0, 400))
            decision = join + timedelta(days=r.randint(200, 2500))
            decision = max(decision, birth + timedelta(days=int(18.5 * 365.25)))
            if decision > latest:
                decision = latest - timedelta(days=r.randint(0, 300))
            theory = r.choices(
                [
                    PoliticalTheory.ELEMENTARY,
                    PoliticalTheory.INTERMEDIATE,
                    PoliticalTheory.ADVANCED,
                    PoliticalTheory.NONE,
                ],
                [40, 35, 10, 15],
            )[0]
            title = (
                titles[cell].pop(0) if titles[cell] else r.choice(["Chuyên viên", "Chuyên viên", "Viên chức"])
            )
            d = self.dossier(self.name(gender), gender, birth, cell, title, theory=theory)
            home = self.cells[cell]
            came_from_outside = decision.year >= 1998 and r.random() < 0.35
            first = self.bloc_cell_existing_on(decision) if came_from_outside else home
            if not came_from_outside and (r.random() < 0.2 or home.founded_on > decision):
                options = [
                    k for k, *_ in CELLS if k != cell and self.cells[k].founded_on <= decision and k != "NC"
                ]
                first = self.cells[r.choice(options)] if options else home
            steps = self.admission(decision, first)
            if first.pk != home.pk:
                after = max(steps[-1].on + timedelta(days=30), home.founded_on)
                span = max(1, (latest - after).days)
                steps.append(
                    self.transfer(
                        after + timedelta(days=r.randint(0, span)), home, within_office=not came_from_outside
                    )
                )
            self.stories.append(Story(f"g{i}", d, steps))

    # -- the published figures ----------------------------------------------------------------------
    def _state(self, story: Story, on: date) -> tuple[bool, bool]:
        """(in the office's register on `on`, official) from the story's steps (events on `on` count)."""
        where, official = None, False
        for s in sorted(story.steps, key=lambda s: s.on):
            if s.on > on:
                break
            if s.kind == "admit":
                where = s.args["org"].pk
            elif s.kind == EventKind.RECOGNITION:
                official = True
            elif s.kind == EventKind.TRANSFER:
                where = s.args["to_organization"].pk
            elif s.kind in (EventKind.TRANSFER_OUT, EventKind.DEATH, EventKind.REMOVAL):
                where = None
        extras = {self.cells[c[0]].pk for c in EXTRA_CELLS}
        if where in extras and on >= EXTRAS_LEFT:
            where = None
        office = {c.pk for c in self.cells.values()}
        return where in office, official

    def count(self, on: date, *, official_only=False) -> int:
        states = [self._state(story, on) for story in self.stories]
        return sum(1 for inside, official in states if inside and (official or not official_only))

    def _filler(self, key: str, admitted: date, first: Organization, moves: list[Step]):
        gender = "F" if self.rng.random() < 0.45 else "M"
        birth = date(admitted.year - self.rng.randint(24, 34), self.rng.randint(1, 12), self.rng.randint(1, 28))
        code = next((c for c, o in self.cells.items() if o.pk == first.pk), "HCTC")
        d = self.dossier(self.name(gender), gender, birth, code, "Chuyên viên")
        self.stories.append(Story(key, d, self.admission(admitted, first) + moves))

    def balance(self):
        """Add the members who make the register give the published figures: officials who were there for the
        2020 congress and moved on in 2021–2024, a group transferred in during the second half of 2020 (moved on
        by 2025), and the members of the three chi bộ that left in 2019. Today's register is unchanged."""
        r = self.rng
        homes = [self.cells[k] for k in ("TH", "KT", "KGVX", "HCTC", "CBTH")]

        def leave(after: date, until: date) -> Step:
            on = after + timedelta(days=r.randint(0, (until - after).days))
            return self.transfer(on, self.bloc_cell_existing_on(on), within_office=False)

        on, target = CONVENED_X
        for i in range(target - self.count(on, official_only=True)):
            admitted = date(r.randint(2006, 2016), r.randint(1, 12), r.randint(1, 28))
            self._filler(f"x{i}", admitted, homes[i % len(homes)],
                         [leave(date(2021, 2, 1), date(2024, 11, 30))])
        on, target = PUBLISHED_2020
        for i in range(target - self.count(on)):
            admitted = date(r.randint(2005, 2017), r.randint(1, 12), r.randint(1, 28))
            came = date(2020, 8, 3) + timedelta(days=r.randint(0, 120))
            first = self.bloc_cell_existing_on(admitted)
            self._filler(f"in{i}", admitted, first,
                         [self.transfer(came, homes[(i + 2) % len(homes)], within_office=False),
                          leave(date(2021, 6, 1), date(2025, 6, 30))])
        on, target = PUBLISHED_2018
        extras = [self.cells[c[0]] for c in EXTRA_CELLS]
        for i in range(target - self.count(on)):
            cell = extras[i % len(extras)]
            admitted = max(cell.founded_on + timedelta(days=60),
                           date(r.randint(1995, 2016), r.randint(1, 12), r.randint(1, 28)))
            self._filler(f"e{i}", admitted, cell, [])
        assert self.count(PUBLISHED_2018[0]) == PUBLISHED_2018[1]
        assert self.count(CONVENED_X[0], official_only=True) == CONVENED_X[1]
        assert self.count(PUBLISHED_2020[0]) == PUBLISHED_2020[1]

    def leave_office_2019(self):
        """The three chi bộ merge into chi bộ of other organisations of the bloc (their members move with them)."""
        for code, *_ in EXTRA_CELLS:
            merge_organizations(None, [self.cells[code]], self.bloc_cell_existing_on(EXTRAS_LEFT),
                                effective_date=EXTRAS_LEFT, decision_number="86-QĐ/ĐUK",
                                decision_date=EXTRAS_LEFT - timedelta(days=10), issuer=BLOC_ISSUER)

    # -- replay everything in date order ------------------------------------------------------------
    def run(self):
        steps = [
            (s.on, 0 if s.kind == "admit" else 1, n, j, story, s)
            for n, story in enumerate(self.stories)
            for j, s in enumerate(story.steps)
        ]
        steps.append((MERGE_DATE, 2, -1, -1, None, None))
        steps.append((EXTRAS_LEFT, 2, -2, -1, None, "extras"))
        steps.sort(key=lambda x: x[:4])
        for on, _o, _n, _j, story, step in steps:
            assert on <= self.today, (story and story.key, step)
            if step == "extras":
                self.leave_office_2019()
                continue
            if story is None:
                merge_organizations(
                    None,
                    [self.cells["NC"]],
                    self.cells["TH"],
                    effective_date=MERGE_DATE,
                    decision_number="45-QĐ/ĐU",
                    decision_date=date(2025, 2, 24),
                    issuer=OFFICE_ISSUER,
                )
                continue
            self.apply(story, step)

    def apply(self, story: Story, step: Step):
        if step.kind == "admit":
            a = step.args
            story.member = admit_member(
                None,
                organization=a["org"],
                dossier=story.dossier,
                decision_date=step.on,
                decision_number=a["decision_number"],
                issuer=a["issuer"],
                source="demo",
            )
            return
        kw = dict(step.args)
        if step.kind == EventKind.RECOGNITION:
            kw.pop("decision_date", None)
            ev = record_event(None, story.member, step.kind, decision_date=step.on, source="demo", **kw)
            # The party card is issued with the recognition decision (rules.md §3.6).
            from dangbo.members.actions import update_dossier

            self._counter += 1
            update_dossier(None, Member.objects.get(pk=story.member.pk), {"card_number": self.card()})
            return ev
        return record_event(None, story.member, step.kind, effective_date=step.on, source="demo", **kw)

    def award_badges(self):
        """Badges already handed over: each milestone at the first occasion after it was reached."""
        for story in self.stories:
            m = Member.objects.get(pk=story.member.pk)
            if not m.official_date or m.party_age_start is None:
                continue
            until = min(m.left_on or self.today, self.today)
            for years in badge_rules.ALL_MILESTONES:
                reached = max(add_months(m.party_age_start, 12 * years), m.official_date)
                on = story.badges_at.get(years) or badge_rules.next_occasion(reached)
                if on > until or years not in badge_rules.milestones_on(on):
                    break
                award_badge(None, m, years, awarded_on=on, decision_number=f"{(m.pk * 13) % 900 + 50}-QĐ/TU")


def build_office(
    bloc: Organization, bloc_cells: dict[str, CellInfo], today: date | None = None
) -> OfficeBuilder:
    b = OfficeBuilder(bloc, bloc_cells, today or timezone.localdate())
    b.found()
    b.rename_for_new_province()
    b.characters()
    b.generic()
    b.balance()
    b.run()
    b.award_badges()
    return b
