"""Demo data of the year-end capability for the demo office (VPUBND): the Đại hội X resolution and yearly
resolutions with their targets (as in ../shared/domain/examples/), reviews, a document register over several
years, commendations and Huy hiệu Đảng awards. Everything goes through the apps' actions (audited)."""

from __future__ import annotations

import random
from datetime import date, timedelta

OFFICE = "VPUBND"
BLOC_ISSUER = "Đảng ủy Khối các cơ quan tỉnh"
# Outgoing and incoming documents per year: a party office's own register (not the state office's volume).
DOCUMENT_VOLUME = {2017: (96, 171), 2018: (104, 180), 2019: (110, 188), 2020: (118, 193), 2021: (112, 190),
                   2022: (109, 184), 2023: (115, 191), 2024: (121, 197), 2025: (126, 204), 2026: (118, 199)}
OUT_TYPES = [("bao_cao", 30), ("ke_hoach", 15), ("nghi_quyet", 8), ("quyet_dinh", 15), ("thong_bao", 12),
             ("cong_van", 15), ("huong_dan", 5)]
IN_TYPES = [("huong_dan", 20), ("ke_hoach", 20), ("cong_van", 30), ("thong_bao", 15), ("quyet_dinh", 15)]
# Đại hội IX (2015), X (16/6/2020) and XI (15/7/2025, congresses/demo.py): the term of the cấp ủy starts the day
# after the congress.
TERMS = [(date(2015, 6, 13), date(2020, 6, 16)), (date(2020, 6, 17), date(2025, 7, 15)),
         (date(2025, 7, 16), date(2030, 7, 31))]


def _term_start(d: date) -> date:
    return next(start for start, end in TERMS if start <= d <= end)


def _pick(rng, weighted):
    keys, weights = zip(*weighted, strict=True)
    return rng.choices(keys, weights)[0]


def load(today: date) -> dict:
    from dangbo.documents.actions import register_document
    from dangbo.evaluations.models import OrgRating
    from dangbo.members.actions import award_badge
    from dangbo.members.models import Member
    from dangbo.organizations.models import Organization
    from dangbo.recognition import actions as rec
    from dangbo.recognition.models import Basis, Form
    from dangbo.recognition.queries import badge_list
    from dangbo.resolutions import actions as res
    from dangbo.resolutions.models import Level, ResolutionKind, ReviewKind, TargetKind
    from dangbo.rules import badges as badge_rules
    from dangbo.rules import targets as tr
    from dangbo.rules.ratings import Level as RatingLevel

    rng = random.Random(2020)
    office = Organization.objects.get(code=OFFICE)
    cells = list(Organization.objects.filter(parent=office, status="active").order_by("path"))

    def congress_resolution(ordinal, adopted_on, period_end, targets):
        """A congress's resolution for its term, with its targets (kind, label, comparison, value, level, period)."""
        r = res.create_resolution(
            None, organization=office, kind=ResolutionKind.CONGRESS,
            title=f"Nghị quyết Đại hội Đảng bộ Văn phòng UBND tỉnh lần thứ {ordinal}, nhiệm kỳ "
                  f"{adopted_on.year} – {period_end.year}",
            number="01-NQ/ĐH", adopted_on=adopted_on, period_start=adopted_on + timedelta(days=1),
            period_end=period_end)
        for kind, label, comp, value, level, period in targets:
            res.add_target(None, r, kind=kind, label=label, comparison=comp, value=value, level=level, period=period)
        return r

    x = congress_resolution("X", date(2020, 6, 16), date(2025, 7, 15), [
        (TargetKind.MEMBERS_LEVEL, "Hằng năm đảng viên hoàn thành nhiệm vụ trở lên", tr.GTE, 100, Level.COMPLETED,
         "year"),
        (TargetKind.MEMBERS_LEVEL, "Đảng viên hoàn thành tốt nhiệm vụ trở lên", tr.GTE, 90, Level.GOOD, "year"),
        (TargetKind.ORGS_LEVEL, "Chi bộ trực thuộc đạt mức hoàn thành tốt nhiệm vụ trở lên", tr.GTE, 100, Level.GOOD,
         "year"),
        (TargetKind.COMMITMENT, "Đảng viên xây dựng bản cam kết tu dưỡng, rèn luyện", tr.GTE, 100, "", "year"),
        (TargetKind.ADMISSIONS, "Kết nạp đảng viên mới trong nhiệm kỳ", tr.FROM_UP, 5, "", "term"),
    ])
    res.run_review(None, x, kind=ReviewKind.YEAR_END, review_date=date(2020, 12, 25))
    res.run_review(None, x, kind=ReviewKind.MID_YEAR, review_date=date(2021, 6, 30))
    res.run_review(None, x, kind=ReviewKind.END_OF_TERM, review_date=date(2025, 6, 10))
    # Đại hội XI (15/7/2025, congresses/demo.py) adopted the resolution of the current term.
    xi = congress_resolution("XI", date(2025, 7, 15), date(2030, 7, 31), [
        (TargetKind.MEMBERS_LEVEL, "Hằng năm đảng viên hoàn thành nhiệm vụ trở lên", tr.GTE, 100, Level.COMPLETED,
         "year"),
        (TargetKind.ORGS_LEVEL, "Chi bộ trực thuộc đạt mức hoàn thành tốt nhiệm vụ trở lên", tr.GTE, 100, Level.GOOD,
         "year"),
        (TargetKind.ADMISSIONS, "Kết nạp đảng viên mới trong nhiệm kỳ", tr.FROM_UP, 6, "", "term"),
    ])
    # A target for each chi bộ (issue 12), checked in each one: Đại hội XI's only (the years before 2025 unchanged).
    res.add_target(None, xi, kind=TargetKind.MEMBERS_LEVEL, label="Chi bộ trực thuộc có đảng viên hoàn thành nhiệm vụ "
                   "trở lên", comparison=tr.GTE, value=100, level=Level.COMPLETED, per_unit=True, period="year")
    if date(2025, 12, 25) <= today:
        res.run_review(None, xi, kind=ReviewKind.YEAR_END, review_date=date(2025, 12, 25))

    for year in (2020, 2021, 2025, 2026):
        if date(year, 1, 5) > today + timedelta(days=366):
            continue
        y = res.create_resolution(None, organization=office, kind=ResolutionKind.YEARLY,
                                  title=f"Nghị quyết về nhiệm vụ công tác xây dựng Đảng năm {year}",
                                  number=f"{rng.randint(20, 40)}-NQ/ĐU", adopted_on=date(year - 1, 12, 28),
                                  period_start=date(year, 1, 1), period_end=date(year, 12, 31))
        # 2026's resolution words it as a range (issue 12); the years before keep «từ 1 trở lên».
        res.add_target(None, y, kind=TargetKind.ADMISSIONS, label="Kết nạp đảng viên mới", comparison=tr.FROM_UP,
                       value="từ 5 đến 7" if year >= 2026 else 1, period="year")
        res.add_target(None, y, kind=TargetKind.MEMBERS_LEVEL, label="Đảng viên hoàn thành nhiệm vụ trở lên",
                       comparison=tr.GTE, value=100, level=Level.COMPLETED)
        res.add_target(None, y, kind=TargetKind.MEETINGS, label="Chi bộ sinh hoạt định kỳ đủ 12 kỳ trong năm",
                       comparison=tr.GTE, value=100)
        res.add_target(None, y, kind=TargetKind.MANUAL, label="Lớp bồi dưỡng lý luận chính trị tổ chức trong năm",
                       comparison=tr.FROM_UP, value=2)
        if date(year, 12, 25) <= today:
            res.run_review(None, y, kind=ReviewKind.YEAR_END, review_date=date(year, 12, 25),
                           manual={y.targets.get(kind=TargetKind.MANUAL).pk: 3})

    def register_year(year: int) -> int:
        """The year's outgoing and incoming documents (the outgoing ones numbered in the term, in date order)."""
        n_out, n_in = DOCUMENT_VOLUME[year]
        docs = 0
        days = (date(year, 12, 31) - date(year, 1, 1)).days
        for direction, n, types in (("out", n_out, OUT_TYPES), ("in", n_in, IN_TYPES)):
            for i in range(n):
                d = date(year, 1, 2) + timedelta(days=int(days * (i + rng.random()) / n))
                if d > today:
                    break
                t = _pick(rng, types)
                if direction == "out":
                    register_document(None, organization=office, direction="out", doc_type=t, issued_on=d,
                                      term_start=_term_start(d), summary=f"{_summary(t)} ({d:%m/%Y})",
                                      signer="Nguyễn Văn Hùng", counterpart="Các chi bộ trực thuộc; lưu VP")
                else:
                    register_document(None, organization=office, direction="in", doc_type=t, issued_on=d,
                                      symbol=f"{rng.randint(1, 400)}-{_abbr(t)}/ĐUK",
                                      summary=f"{_summary(t)} của {BLOC_ISSUER} ({d:%m/%Y})",
                                      signer="", counterpart=BLOC_ISSUER)
                docs += 1
        return docs

    # The years up to 2025 now; 2026 after the written 2025 report is issued (26/12/2025), so that its number
    # follows 2025's documents in the register's order.
    docs = sum(register_year(y) for y in DOCUMENT_VOLUME if y <= 2025)

    commendations = 0
    for year in (2019, 2020, 2024, 2025):
        if date(year, 12, 31) > today:
            continue
        # The chi bộ commended is the one rated excellent that year (the published 2020 figures name none).
        cell = next((r.organization for r in OrgRating.objects.filter(
            year=year, status="decided", level=RatingLevel.EXCELLENT, organization__parent=office)), None)
        cell = cell or cells[year % len(cells)]
        c = rec.propose(None, organization=office, year=year, form=Form.CERTIFICATE, basis=Basis.EXEMPLARY_ORG,
                        recipient_org=cell)
        rec.decide(None, c, decision_number=f"{rng.randint(100, 300)}-QĐ/ĐUK", decision_date=date(year + 1, 1, 20),
                   issuer=BLOC_ISSUER)
        commendations += 1
        people = list(Member.objects.filter(org_path__startswith=office.path, status="official")
                      .order_by("sort_key")[year % 7::9][:3])
        for m in people:
            c = rec.propose(None, organization=office, year=year, form=Form.CERTIFICATE, basis=Basis.EXCELLENT_YEAR,
                            member=m)
            rec.decide(None, c, decision_number=f"{rng.randint(300, 500)}-QĐ/ĐUK",
                       decision_date=date(year + 1, 1, 20), issuer=BLOC_ISSUER)
            commendations += 1
        if year == 2020:
            c = rec.propose(None, organization=office, year=year, form=Form.MERIT, basis=Basis.EXEMPLARY_ORG_5,
                            recipient_org=office)
            rec.decide(None, c, decision_number="2150-QĐ/TU", decision_date=date(2021, 2, 1),
                       issuer="Ban Thường vụ Tỉnh ủy Quảng Nam")
            commendations += 1

    badges = 0
    members = Member.objects.filter(org_path__startswith=office.path)
    for year in (2020, 2025):
        for occasion in badge_rules.occasions_between(date(year, 1, 1), date(year, 12, 31)):
            if occasion > today:
                continue
            for case in badge_list(members, occasion):
                if case.early:
                    continue
                award_badge(None, case.member, case.milestone, awarded_on=occasion,
                            decision_number=f"{rng.randint(10, 99)}-QĐ/TU")
                badges += 1
    docs += sum(register_year(y) for y in DOCUMENT_VOLUME if y > 2025)
    from .demo_submissions import load as load_submissions

    submitted = load_submissions(today)["submissions"]  # the Khối's organisations submit their 2024 figures
    return {"resolutions": 2 + 4, "documents": docs, "commendations": commendations, "badges": badges,
            "submissions": submitted}


def load_written_documents(today: date) -> dict:
    """The office's written reports, loaded after the 2025 reorganisation (dangbo.demo): the 2025 report, issued on
    26/12/2025, freezes its heading and figures, and by then the office sits under the Đảng bộ UBND tỉnh."""
    from dangbo.organizations.models import Organization

    from .demo_documents import load

    return load(today, Organization.objects.get(code=OFFICE))


SUMMARIES = {
    "bao_cao": "Báo cáo kết quả công tác xây dựng Đảng", "ke_hoach": "Kế hoạch triển khai nhiệm vụ",
    "nghi_quyet": "Nghị quyết lãnh đạo thực hiện nhiệm vụ", "quyet_dinh": "Quyết định về công tác cán bộ",
    "thong_bao": "Thông báo kết luận của Ban Thường vụ", "cong_van": "Công văn về việc triển khai",
    "huong_dan": "Hướng dẫn thực hiện",
}


def _summary(t: str) -> str:
    return SUMMARIES.get(t, "Văn bản")


def _abbr(t: str) -> str:
    from dangbo.rules.documents import TYPES

    return TYPES[t].abbreviation
