"""Counts of the document register per year, with the change on the year before."""

from __future__ import annotations

from django.db.models import Count

from dangbo.core.i18n import in_vietnamese
from dangbo.rules import documents as doc_rules

from .models import Direction, Document


def counts_by_year(qs, path: str) -> dict[int, dict[str, int]]:
    rows = (qs.filter(org_path__startswith=path).values_list("issued_on__year", "direction")
            .annotate(n=Count("id")).order_by())
    out: dict[int, dict[str, int]] = {}
    for year, direction, n in rows:
        out.setdefault(year, {Direction.OUT: 0, Direction.IN: 0})[direction] = n
    return out


def year_summary(qs, path: str, year: int) -> dict:
    """Outgoing, incoming and total for `year` and `year - 1`, and the change in percent (None: no base)."""
    counts = counts_by_year(qs.filter(issued_on__year__in=[year - 1, year]), path)
    this, last = counts.get(year, {}), counts.get(year - 1, {})
    out = {"year": year, "out": this.get(Direction.OUT, 0), "in": this.get(Direction.IN, 0),
           "previous_out": last.get(Direction.OUT, 0), "previous_in": last.get(Direction.IN, 0)}
    out["total"] = out["out"] + out["in"]
    out["previous_total"] = out["previous_out"] + out["previous_in"]
    out["change"] = doc_rules.change_percent(out["total"], out["previous_total"])
    return out


def scoped(scope):
    return scope.by_org_path(Document.objects.all())


@in_vietnamese
def export_xlsx(scope, org, out, *, actor, year: int | None = None) -> int:
    """The register of `org`'s subtree (one year or all) in the house .xlsx style of dangbo.exchange; a filed
    register, in Vietnamese whatever the page's language (core/i18n.py)."""
    from dangbo.core import audit
    from dangbo.exchange.exports import Column, sink

    columns = [Column("symbol", "Số, ký hiệu", width=16), Column("issued_on", "Ngày", "date", 12),
               Column("direction", "Sổ", width=12), Column("doc_type", "Tên loại", width=14),
               Column("summary", "Trích yếu", width=60), Column("signer", "Người ký", width=20),
               Column("counterpart", "Nơi nhận / nơi gửi", width=36), Column("org", "Cấp ủy, chi bộ", width=30)]
    qs = scoped(scope).filter(org_path__startswith=org.path).select_related("organization").order_by(
        "direction", "issued_on", "id")
    if year:
        qs = qs.filter(issued_on__year=year)
    title = f"Sổ văn bản đi, đến – {org.name}" + (f" – năm {year}" if year else "")
    sk = sink("xlsx", out, columns, title, "", sheet="Sổ văn bản")
    for d in qs.iterator(chunk_size=1000):
        sk.write((d.symbol, d.issued_on, d.get_direction_display(), d.get_doc_type_display(), d.summary, d.signer,
                  d.counterpart, d.organization.name))
    n = sk.close()
    # A plain record, not a registered action: an export changes no data; the event only says who took what.
    audit.record("export.documents", actor=actor, org_path=org.path, summary=f"Xuất sổ văn bản ({n} dòng)",
                 data={"organization": org.code, "year": year, "rows": n})
    return n
