"""Every change to resolutions, targets and reviews: scope check, validation, write, one audit row."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangbo.core import audit
from dangbo.core.actions import audited_action, check_version, fail, unchanged, writes
from dangbo.core.i18n import formatted
from dangbo.rules import targets as target_rules
from dangbo.rules.text import nfc

from . import compute
from .models import Level, ManualFigure, Resolution, ResolutionKind, Review, ReviewKind, Target, TargetKind


def _denied(org) -> str:
    return _("Bạn không có quyền thay đổi dữ liệu của «%(org)s».") % {"org": org.name}


IN_ORGANIZATION = writes(lambda organization, **_: organization, lambda organization, **_: _denied(organization))
ON_RESOLUTION = writes(lambda resolution, **_: resolution.organization,
                       lambda resolution, **_: _denied(resolution.organization))


def _check_particulars(kind: str, title: str, period_start: date, period_end: date) -> None:
    if kind not in ResolutionKind.values:
        fail("kind", _("Chọn loại nghị quyết."))
    if not nfc(title).strip():
        fail("title", _("Nhập tên nghị quyết."))
    if period_end < period_start:
        fail("period_end", _("Ngày kết thúc thực hiện phải sau ngày bắt đầu."))


@audited_action("resolution.create", scope=IN_ORGANIZATION)
def create_resolution(actor, *, organization, kind: str, title: str, adopted_on: date, period_start: date,
                      period_end: date, number: str = "") -> Resolution:
    _check_particulars(kind, title, period_start, period_end)
    r = Resolution.objects.create(organization=organization, org_path=organization.path, kind=kind,
                                  title=nfc(title).strip(), number=nfc(number).strip(), adopted_on=adopted_on,
                                  period_start=period_start, period_end=period_end)
    audit.record("resolution.create", actor=actor, obj=r, org_path=organization.path,
                 summary=f"Thêm nghị quyết «{r.title}» của {organization.name}",
                 data={"kind": kind, "number": r.number, "period": [period_start, period_end]})
    return r


@audited_action("resolution.update",
                scope=writes(lambda r, **_: r.organization, lambda r, **_: _denied(r.organization)))
def update_resolution(actor, r: Resolution, *, kind: str, title: str, adopted_on: date, period_start: date,
                      period_end: date, number: str = "", version: int | None = None) -> Resolution:
    """Correct a resolution's particulars (audited with before and after). Reviews already run keep the figures
    they reported; recompute them if the period changed."""
    _check_particulars(kind, title, period_start, period_end)
    check_version(Resolution, r.pk, version, formatted(_("Nghị quyết «%(title)s»"), title=r.title))
    r.refresh_from_db()
    after = {"kind": kind, "title": nfc(title).strip(), "number": nfc(number).strip(), "adopted_on": adopted_on,
             "period_start": period_start, "period_end": period_end}
    changes = {k: [getattr(r, k), v] for k, v in after.items() if getattr(r, k) != v}
    for k, v in after.items():
        setattr(r, k, v)
    r.save()
    if not changes:
        return unchanged(r)  # saved as it was (the version moved): nothing to audit
    audit.record("resolution.update", actor=actor, obj=r, org_path=r.org_path,
                 summary=f"Sửa nghị quyết «{r.title}»: {', '.join(changes)}", data={"changes": changes})
    return r


@audited_action("resolution.target", scope=ON_RESOLUTION)
def add_target(actor, resolution: Resolution, *, kind: str, label: str, value, comparison: str = target_rules.GTE,
               level: str = "", period: str = "year", value_max=None, per_unit: bool = False,
               version: int | None = None) -> Target:
    """A target as the resolution words it: `value` a number or the words («từ 5 đến 7», «từ 90 trở lên», «không
    quá 2»: rules.targets.parse), or a range given as `comparison` "range" with `value_max`; `per_unit` for «mỗi
    chi bộ …». A target that contradicts a rule (rules.targets.rule_check) is kept as adopted and marked so."""
    if kind not in TargetKind.values:
        fail("kind", _("Chọn loại chỉ tiêu."))
    if comparison not in target_rules.COMPARISONS:
        fail("comparison", _("Chọn phép so sánh."))
    try:
        comparison, value, parsed_max = target_rules.parse(str(value), comparison)
    except target_rules.TargetTextError as exc:
        fail("value", str(exc))
    if parsed_max is not None:
        value_max = parsed_max
    elif comparison == target_rules.RANGE:
        try:
            value_max = None if value_max in (None, "") else Decimal(str(value_max).replace(",", "."))
        except (InvalidOperation, ValueError):
            fail("value_max", _("Cận trên của khoảng phải là một số (ví dụ 7)."))
        if value_max is None:
            fail("value_max", _("Chỉ tiêu là một khoảng: nhập cận trên (ví dụ «từ 5 đến 7»)."))
        if value_max <= value:
            fail("value_max", _("Cận trên của khoảng phải lớn hơn cận dưới."))
    else:
        value_max = None
    if value < 0:
        fail("value", _("Giá trị chỉ tiêu không được âm."))
    if kind in (TargetKind.MEMBERS_LEVEL, TargetKind.ORGS_LEVEL) and level not in Level.values:
        fail("level", _("Chỉ tiêu theo xếp loại phải chọn mức xếp loại."))
    if kind not in (TargetKind.MEMBERS_LEVEL, TargetKind.ORGS_LEVEL):
        level = ""
    if kind not in (TargetKind.ADMISSIONS, TargetKind.MANUAL) and max(value, value_max or 0) > 100:
        fail("value", _("Tỷ lệ không được vượt quá 100%."))
    if per_unit and kind == TargetKind.MANUAL:
        fail("per_unit", _("Chỉ tiêu nhập tay không tính riêng được cho từng đơn vị trực thuộc."))
    if not nfc(label).strip():
        fail("label", _("Nhập nội dung chỉ tiêu."))
    check_version(Resolution, resolution.pk, version, _("Nghị quyết"))
    t = Target.objects.create(resolution=resolution, kind=kind, label=nfc(label).strip(), level=level,
                              comparison=comparison, value=value, value_max=value_max, per_unit=bool(per_unit),
                              period=period, order=resolution.targets.count() + 1)
    contradiction = t.contradiction
    audit.record("resolution.target", actor=actor, obj=t, org_path=resolution.org_path,
                 summary=f"Thêm chỉ tiêu «{t.label}» vào nghị quyết «{resolution.title}»"
                         + (" (trái quy định)" if contradiction else ""),
                 data={"kind": kind, "comparison": comparison, "value": value, "value_max": value_max,
                       "per_unit": bool(per_unit), "level": level, "period": period,
                       "contradicts": str(contradiction.message) if contradiction else ""})
    return t


@audited_action("resolution.review", scope=ON_RESOLUTION)
def run_review(actor, resolution: Resolution, *, kind: str, review_date: date, manual: dict | None = None,
               review: Review | None = None) -> Review:
    """Compute every target as of `review_date` and keep the figures on the review (recompute: pass `review`)."""
    if kind not in ReviewKind.values:
        fail("kind", _("Chọn kỳ sơ kết, tổng kết."))
    if review_date < resolution.period_start:
        fail("review_date", _("Ngày tính phải sau ngày bắt đầu thực hiện nghị quyết."))
    manual = {int(k): Decimal(str(v).replace(",", ".")) for k, v in (manual or {}).items() if str(v).strip()}
    if review is None:
        review = Review.objects.create(resolution=resolution, kind=kind, review_date=review_date,
                                       computed_at=timezone.now(), computed_by=actor if getattr(actor, "pk", None)
                                       else None)
    for target_id, value in manual.items():
        ManualFigure.objects.update_or_create(review=review, target_id=target_id, defaults={"value": value})
    figures = {f.target_id: f.value for f in review.manual_figures.all()}
    review.results = compute.compute_all(resolution, review.review_date, review.kind, figures)
    review.computed_at = timezone.now()
    review.save(update_fields=["results", "computed_at"])
    audit.record("resolution.review", actor=actor, obj=review, org_path=resolution.org_path,
                 summary=f"{review.get_kind_display()} nghị quyết «{resolution.title}» tính đến "
                         f"{review.review_date:%d/%m/%Y}",
                 data={"results": [{"target": r["target"], "actual": r["actual"], "verdict": r["verdict"]}
                                   for r in review.results]})
    return review


@audited_action("resolution.target_remove", scope=writes(lambda target, **_: target.resolution.organization,
                                                           lambda target, **_: _denied(target.resolution.organization)))
def remove_target(actor, target: Target) -> None:
    """Remove a target entered by mistake; reviews already run keep the figures they reported."""
    resolution = target.resolution
    label = target.label
    target_id = target.pk
    target.delete()
    audit.record("resolution.target_remove", actor=actor, object_type="resolutions.target", object_id=target_id,
                 org_path=resolution.org_path,
                 summary=f"Xóa chỉ tiêu «{label}» của nghị quyết «{resolution.title}»", data={"label": label})
