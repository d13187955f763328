"""The yearend routes in the scope proof (tests/test_scope_routes.py explains each hook)."""

from datetime import date

from tests.db import outside

KWARGS: dict[str, str] = {"section": "report_section", "key": "report_section", "figure": "typed_figure"}
SEGMENTS: dict[str, str] = {
    "nghi-quyet": "resolution", "ky-danh-gia": "review", "van-ban": "document", "khen-thuong": "commendation",
    "chi-tieu": "target", "van-kien": "report_document", "tong-hop": "submission",
    "documents": "report_document",  # /api/reports/documents/<pk>/
}


def make(kind, org, member):
    from dangbo.documents.models import Document
    from dangbo.recognition.models import Commendation
    from dangbo.resolutions.models import Resolution, Review, Target

    if kind in ("resolution", "review", "target"):
        r = Resolution.objects.filter(organization=org).first()
        if r is None:
            r = Resolution.objects.create(organization=org, org_path=org.path, kind="yearly",
                                          title=f"Nghị quyết năm 2024 của {org.name}", adopted_on=date(2023, 12, 20),
                                          period_start=date(2024, 1, 1), period_end=date(2024, 12, 31))
            Target.objects.create(resolution=r, kind="admissions", label=f"Kết nạp ({member.full_name})", value=1)
            result = {"target": None, "label": f"Kết nạp ({member.full_name})", "kind": "manual", "comparison": "gte",
                      "value": "1", "unit": "", "target_text": "≥ 1", "actual": None, "numerator": None,
                      "denominator": None, "source": "", "url": "", "missing": "chưa nhập số liệu thực hiện",
                      "verdict": "thieu"}
            Review.objects.create(resolution=r, kind="year_end", review_date=date(2024, 12, 25),
                                  computed_at="2024-12-25T00:00:00Z", results=[result])
        return {"resolution": r.pk, "review": r.reviews.first().pk, "target": r.targets.first().pk}[kind]
    if kind == "document":
        d = Document.objects.filter(organization=org).first() or Document.objects.create(
            organization=org, org_path=org.path, direction="in", doc_type="cong_van", symbol="12-CV/ĐUK",
            issued_on=date(2024, 3, 1), summary=f"Giới thiệu đồng chí {member.full_name}")
        return d.pk
    if kind == "typed_figure":  # a typed figure of the organisation's draft, naming the member
        from dangbo.reports.models import TypedFigure

        d = make("report_document", org, member)
        f = TypedFigure.objects.filter(document_id=d).first() or TypedFigure.objects.create(
            document_id=d, section="chinh_tri_tu_tuong", label=f"Số buổi học tập ({member.full_name})", value=4,
            unit="buổi", period_start=date(2024, 1, 1), period_end=date(2024, 12, 31), source="Sổ theo dõi")
        return f.pk
    if kind in ("report_document", "report_section"):
        from dangbo.reports.models import ReportDocument, ReportSection, SectionVersion
        from dangbo.reports.sections import KEYS

        d = ReportDocument.objects.filter(organization=org).first()
        if d is None:  # a draft whose every section names the member (a leak of it would show)
            d = ReportDocument.objects.create(organization=org, org_path=org.path, year=2024, place="Tam Kỳ",
                                              conference_on=date(2024, 12, 20))
            for k in KEYS:
                s = ReportSection.objects.create(document=d, key=k, text=f"Đồng chí {member.full_name} ({org.name})")
                SectionVersion.objects.create(section=s, number=1, text=s.text)
        return d.pk if kind == "report_document" else "han_che"
    if kind == "submission":  # B's figures submitted to the đảng bộ, waiting: accept/return must not reach it
        from dangbo.reports.models import Submission

        s = Submission.objects.filter(organization=org).first() or Submission.objects.create(
            organization=org, org_path=org.path, upper=org.parent, year=2024, state="submitted",
            figures={"figures": {"members_end": 1}, "missing": {}, "self": None,
                     "organization": {"code": org.code, "name": f"{org.name} ({member.full_name})"}})
        return s.pk
    if kind == "commendation":
        c = Commendation.objects.filter(organization=org).first() or Commendation.objects.create(
            organization=org, org_path=org.path, year=2020, member=member, form="giay_khen",
            basis="excellent_year")
        return c.pk
    return None


def snapshot(outside_path):
    from dangbo.documents.models import Document
    from dangbo.members.models import Badge
    from dangbo.recognition.models import Commendation
    from dangbo.resolutions.models import ManualFigure, Resolution, Review, Target

    res = outside(Resolution.objects.all(), outside_path)
    docs = outside(Document.objects.all(), outside_path)
    com = outside(Commendation.objects.all(), outside_path)
    badges = outside(Badge.objects.all(), outside_path, "member__org_path")
    from dangbo.reports.models import ReportDocument, ReportSection, TypedFigure

    rdocs = outside(ReportDocument.objects.all(), outside_path)
    from dangbo.reports.models import Submission

    subs = outside(Submission.objects.all(), outside_path)
    from dangbo.reports.models import PublishedFigures

    published = outside(PublishedFigures.objects.all(), outside_path)
    return {
        "resolutions": sorted(map(tuple, res.values_list("pk", "title", "version"))),
        "targets": sorted(Target.objects.filter(resolution__in=res).values_list("pk", flat=True)),
        "reviews": sorted((r.pk, str(r.results), r.computed_at) for r in Review.objects.filter(resolution__in=res)),
        "manual_figures": ManualFigure.objects.filter(review__resolution__in=res).count(),
        "documents": sorted(map(tuple, docs.values_list("pk", "symbol", "summary", "version"))),
        "commendations": sorted(map(tuple, com.values_list("pk", "status", "decision_number", "version"))),
        "badges": sorted(map(tuple, badges.values_list("pk", "member_id", "years"))),
        "submissions": sorted(map(tuple, subs.values_list("pk", "state", "version", "comment", "times"))),
        "report_documents": sorted(map(tuple, rdocs.values_list("pk", "state", "symbol", "version", "approved_on"))),
        "report_sections": sorted(map(tuple, ReportSection.objects.filter(document__in=rdocs).values_list(
            "pk", "text", "version", "figures"))),
        "published_figures": sorted(map(tuple, published.values_list("pk", "year", "members_total",
                                                                     "source_document"))),
        "typed_figures": sorted(map(tuple, TypedFigure.objects.filter(document__in=rdocs).values_list(
            "pk", "label", "value", "source"))),
    }


def body_fields(org, member):
    return {
        # resolution (prefix nq), target (ct), review (dg)
        "nq-organization": org.pk, "nq-kind": "yearly", "nq-title": "Nghị quyết do kẻ xâm nhập đặt",
        "nq-adopted_on": "20/12/2024", "nq-period_start": "01/01/2025", "nq-period_end": "31/12/2025",
        "ct-kind": "admissions", "ct-label": "Kết nạp", "ct-comparison": "gte", "ct-value": "3", "ct-period": "year",
        "dg-kind": "year_end", "dg-review_date": "25/12/2024",
        # document (vb)
        "vb-organization": org.pk, "vb-direction": "out", "vb-doc_type": "bao_cao", "vb-issued_on": "02/01/2025",
        "vb-summary": "Báo cáo do kẻ xâm nhập", "vb-term_start": "01/01/2025",
        # commendation propose/decide, badge award
        "form": "giay_khen", "basis": "excellent_year", "member": member.pk, "phien_ban": "",
        "years": 30, "awarded_on": "02/09/2025",
        # report documents (vk: create; sections, approve, issue)
        "vk-organization": org.pk, "vk-year": 2023, "text": "Nội dung do kẻ xâm nhập viết", "version": 1,
        "approved_on": "22/12/2024", "issued_on": "25/12/2024", "signer": "Kẻ xâm nhập", "signer_title": "BÍ THƯ",
        # a typed figure (section, label, value, unit, period, source)
        "section": "chinh_tri_tu_tuong", "label": "Số liệu do kẻ xâm nhập nhập", "value": "7", "unit": "buổi",
        "period_start": "01/01/2024", "period_end": "31/12/2024", "source": "Kẻ xâm nhập",
        "conference_on": "21/12/2024", "place": "Nơi kẻ xâm nhập ghi",  # the document's date
        # submissions to the level above (submit, return)
        "organization": org.pk, "year": 2024, "comment": "Kẻ xâm nhập trả lại",
    }
