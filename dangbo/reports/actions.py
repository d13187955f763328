"""The one audited action of the reports app: a year-end report was produced. Web (.docx, PDF), the CLI
(`dangbo report year-end`) and the API (/api/reports/year-end/) call it after the report was built and written,
so the audit log shows every copy that left the system, whichever door it went through."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from dangbo.core import audit
from dangbo.core.actions import audited_action, reads
from dangbo.organizations.models import Organization

VIA = {"web": "trang web", "cli": "dòng lệnh", "api": "API"}


@audited_action("report.year_end", scope=reads(
    lambda org, **_kw: org, lambda org, **_kw: _("Bạn không có quyền xem số liệu của «%(org)s».") % {"org": org.name}))
def record_year_end(actor, org: Organization, year: int, *, formats: list[str], via: str) -> None:
    """`formats`: what was produced (".docx", "PDF", "tin bài", "JSON"); `via`: "web", "cli" or "api"."""
    if via not in VIA:
        raise ValueError(f"unknown channel {via!r}")
    audit.record("report.year_end", actor=actor, object_type="organizations.organization", object_id=org.pk,
                 org_path=org.path,
                 summary=f"Lập báo cáo tổng kết năm {year} của {org.name} ({', '.join(formats)}; {VIA[via]})",
                 data={"year": year, "format": formats[0] if len(formats) == 1 else formats, "via": via})
