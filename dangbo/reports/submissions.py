"""Upper level consolidation (issue 12): each organisation submits its year's figures (and its report document)
to the level above; the level above accepts them or returns them with a comment.

States: draft (nothing sent) → submitted → accepted, or returned with a comment → submitted again. The figures are
a snapshot of `data.build` taken when submitting (`snapshot`): the consolidated report sums those, frozen, so
what the upper level received does not change when the register does. Each change is a registered action: the
organisation (write scope on it) submits; the level above (write scope on the upper organisation) decides.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangbo.core import audit
from dangbo.core.actions import audited_action, check_version, fail, needs, writes, writes_chosen
from dangbo.organizations.models import Organization

SNAPSHOT_VERSION = 1

# The figures an organisation submits, each an integer; (key, label) in the order of the bảng tổng hợp.
MEMBER_FIELDS = [
    ("members_start", "Đảng viên đầu năm"), ("members_end", "Đảng viên cuối năm"),
    ("official", "Chính thức"), ("probationary", "Dự bị"),
    ("admission", "Kết nạp"), ("recognition", "Công nhận chính thức"),
    ("transfer_in", "Chuyển đến"), ("transfer_out", "Chuyển đi"), ("death", "Từ trần"),
    ("expulsion", "Khai trừ"), ("removal", "Xóa tên"), ("resignation", "Xin ra khỏi Đảng"),
]
LEVELS = [("excellent", "HTXSNV"), ("good", "HTTNV"), ("completed", "HTNV"), ("not_completed", "KHTNV")]
RATING_FIELDS = (
    [("rated", "Đảng viên được xếp loại")] + [(f"m_{k}", f"Đảng viên {lbl}") for k, lbl in LEVELS]
    + [("not_rated", "Đảng viên không xếp loại")]
    + [("o_rated", "Chi bộ trực thuộc được xếp loại")] + [(f"o_{k}", f"Chi bộ {lbl}") for k, lbl in LEVELS]
)
OTHER_FIELDS = [("commendations", "Khen thưởng (quyết định)"), ("badges", "Huy hiệu Đảng trao trong năm")]
FIELDS = MEMBER_FIELDS + RATING_FIELDS + OTHER_FIELDS
GROUPS = {"members": [k for k, _l in MEMBER_FIELDS], "ratings": [k for k, _l in RATING_FIELDS],
          "others": [k for k, _l in OTHER_FIELDS]}
SELF_LABELS = dict(LEVELS)


def snapshot(data: dict) -> dict:
    """The figures of `data.build(...)` an organisation submits: flat integers by key (FIELDS), its own rating,
    and `missing` {group: why} for a group it has no data for (never written as 0)."""
    out: dict = {"version": SNAPSHOT_VERSION, "year": data["year"],
                 "organization": {"code": data["organization"]["code"], "name": data["organization"]["name"]},
                 "figures": {}, "missing": {}, "self": None}
    f = out["figures"]
    m = data["members"]
    if m.get("register_empty"):
        out["missing"]["members"] = "chưa có dữ liệu đảng viên trong sổ đến 31/12"
    else:
        f.update(members_start=m["start"]["total"], members_end=m["end"]["total"],
                 official=m["end"]["official"], probationary=m["end"]["probationary"])
        for k in GROUPS["members"][4:]:
            f[k] = m["movements"].get(k, 0)
    r = data["ratings"]
    if "missing" in r:
        out["missing"]["ratings"] = r["missing"]
    elif r.get("scale"):  # another scale, or shares only: never added into the four levels' counts
        out["missing"]["ratings"] = (f"số liệu xếp loại năm {data['year']} theo {r['scale']['document']}"
                                     f"{' (chỉ có tỷ lệ)' if r['scale']['as_shares'] else ''}: không cộng vào 4 mức")
    else:
        mem, orgs = r["members"], r["organizations"]
        f["rated"], f["not_rated"], f["o_rated"] = mem["rated"], mem["not_rated"], orgs["rated"]
        for row in mem["rows"]:
            f[f"m_{row['key']}"] = row["count"]
        for row in orgs["rows"]:
            f[f"o_{row['key']}"] = row["count"]
        out["self"] = r.get("self")
    f["commendations"] = data["commendations"]["total"]
    f["badges"] = data["badges"]["total"]
    return out


def expected(upper: Organization, year: int) -> list[Organization]:
    """The organisations that report to `upper` for `year`: its direct subordinates on 31/12 as the tree then
    stood (`organizations.history.tree_as_of`: one moved away by a decision since still reports for that year;
    one founded later or ended before does not), in the order of the tree."""
    from dangbo.organizations.history import tree_as_of

    for top in tree_as_of(date(year, 12, 31), root=upper):
        if top.org.pk == upper.pk:
            return [n.org for n in top.children]
    return []


def _upper_of(org: Organization, year: int) -> Organization:
    """The level above `org` on 31/12 of `year` (where its report of that year goes)."""
    from dangbo.organizations.history import parent_as_of

    upper = parent_as_of(org, date(year, 12, 31)) if org.parent_id else None
    if upper is None:
        fail("organization", _("«%(org)s» không có cấp trên để nộp báo cáo năm %(year)s."), org=org.name,
             year=year)
    return upper


def _upper_denied(submission=None, **_kw):
    return _("Chỉ cấp ủy cấp trên («%(upper)s») nhận hoặc trả lại báo cáo của «%(org)s».") % {
        "upper": submission.upper.name, "org": submission.organization.name}


def _fresh(submission):
    from .models import Submission

    return Submission.objects.select_related("organization", "upper").get(pk=submission.pk)


@audited_action("report.submit", scope=writes_chosen(
    "Chọn tổ chức đảng.", "Bạn không có quyền nộp báo cáo của «{org.name}»."))
def submit(actor, *, organization: Organization, year: int, version: int | None = None):
    """Submit (again, after a return) `organization`'s figures of `year` to its level above: the snapshot of
    `data.build` is taken now and frozen; its year-end report document, when there is one, goes with it."""
    from dangbo.core.scopes import Scope, scope_for

    from . import data as report_data
    from .models import Kind, ReportDocument, Submission, SubmissionState

    if year is None or not 1930 <= year <= 2100:
        fail("year", _("Năm báo cáo phải từ 1930 đến 2100."))
    if year > timezone.localdate().year:
        fail("year", _("Chưa thể nộp báo cáo năm %(year)s: năm chưa bắt đầu."), year=year)
    upper = _upper_of(organization, year)
    sub = Submission.objects.select_for_update().filter(organization=organization, kind=Kind.YEAR_END,
                                                        year=year).first()
    if sub is not None and sub.state in (SubmissionState.SUBMITTED, SubmissionState.ACCEPTED):
        fail("state", _("Báo cáo năm %(year)s của «%(org)s» đang ở trạng thái «%(state)s»: không nộp lại được."),
             year=year, org=organization.name, state=SubmissionState(sub.state).label)
    if sub is not None:
        check_version(Submission, sub.pk, version, "Báo cáo nộp cấp trên")
    scope = scope_for(actor) if actor is not None else Scope(is_admin=True)  # a system task: the whole register
    figures = snapshot(report_data.build(scope, organization, year))
    figures["taken_at"] = timezone.now().isoformat(timespec="seconds")
    doc = ReportDocument.objects.filter(organization=organization, kind=Kind.YEAR_END, year=year,
                                        period="").first()
    now = timezone.now()
    if sub is None:
        sub = Submission(organization=organization, org_path=organization.path, kind=Kind.YEAR_END, year=year)
    else:
        sub.version += 1
    sub.upper, sub.state, sub.figures, sub.document = upper, SubmissionState.SUBMITTED, figures, doc
    sub.submitted_at, sub.submitted_by, sub.times = now, actor, sub.times + 1
    sub.decided_at = sub.decided_by = None
    sub.save()
    f = figures["figures"]
    audit.record("report.submit", actor=actor, obj=sub, org_path=sub.org_path,
                 summary=f"{organization.name} nộp báo cáo năm {year} lên {upper.name} (lần {sub.times}"
                         + (f"; {f['members_end']} đảng viên" if "members_end" in f else "") + ")",
                 data={"year": year, "upper": upper.pk, "times": sub.times, "document": doc.pk if doc else None,
                       "missing": sorted(figures["missing"])})
    return sub


def _decide_checks(sub, version):
    from .models import Submission, SubmissionState

    if sub.state != SubmissionState.SUBMITTED:
        fail("state", _("Báo cáo của «%(org)s» đang ở trạng thái «%(state)s»: chỉ nhận hoặc trả lại báo cáo đã "
                        "nộp."), org=sub.organization.name, state=SubmissionState(sub.state).label)
    check_version(Submission, sub.pk, version, "Báo cáo nộp cấp trên")


@audited_action("report.submission_accept", scope=writes(lambda submission, **_kw: submission.upper.path,
                                                           _upper_denied))
def accept(actor, submission, *, version: int | None = None):
    """The level above accepts the submitted figures: they count in its consolidated report."""
    from .models import SubmissionState

    sub = _fresh(submission)
    _decide_checks(sub, version)
    sub.state, sub.decided_at, sub.decided_by, sub.comment = SubmissionState.ACCEPTED, timezone.now(), actor, ""
    sub.version += 1
    sub.save()
    audit.record("report.submission_accept", actor=actor, obj=sub, org_path=sub.org_path,
                 summary=f"{sub.upper.name} nhận báo cáo năm {sub.year} của {sub.organization.name}",
                 data={"year": sub.year, "organization": sub.organization_id})
    return sub


@audited_action("report.submission_return", scope=writes(lambda submission, **_kw: submission.upper.path,
                                                           _upper_denied))
def return_(actor, submission, *, comment: str, version: int | None = None):
    """The level above returns the submission with a comment (what to correct); the organisation submits again."""
    from dangbo.rules.text import nfc

    from .models import SubmissionState

    sub = _fresh(submission)
    comment = nfc(comment or "").strip()
    if not comment:
        fail("comment", _("Ghi ý kiến khi trả lại báo cáo của «%(org)s» (cần sửa gì)."), org=sub.organization.name)
    if len(comment) > 2000:
        fail("comment", _("Ý kiến trả lại dài quá 2.000 ký tự."))
    _decide_checks(sub, version)
    sub.state, sub.decided_at, sub.decided_by, sub.comment = SubmissionState.RETURNED, timezone.now(), actor, comment
    sub.version += 1
    sub.save()
    audit.record("report.submission_return", actor=actor, obj=sub, org_path=sub.org_path,
                 summary=f"{sub.upper.name} trả lại báo cáo năm {sub.year} của {sub.organization.name}: {comment}",
                 data={"year": sub.year, "organization": sub.organization_id, "comment": comment})
    return sub


CHANNELS = {"web": "trang web", "cli": "dòng lệnh", "api": "API"}


@audited_action("report.consolidated", scope=needs(
    "read", lambda upper, **_kw: upper.path,
    lambda upper, **_kw: _("Bạn không có quyền xem số liệu của «%(org)s».") % {"org": upper.name}))
def record_consolidated(actor, upper: Organization, year: int, *, formats: list[str], via: str,
                        coverage: dict) -> None:
    """A consolidated report left the system (which files, which door, with what coverage)."""
    if via not in CHANNELS:
        raise ValueError(f"unknown channel {via!r}")
    audit.record("report.consolidated", actor=actor, object_type="organizations.organization", object_id=upper.pk,
                 org_path=upper.path,
                 summary=f"Lập báo cáo tổng hợp năm {year} của {upper.name} ({', '.join(formats)}; "
                         f"{CHANNELS[via]}; {coverage['text']}, tính {coverage['counted']})",
                 data={"year": year, "formats": formats, "via": via, "expected": coverage["expected"],
                       "counted": coverage["counted"]})
