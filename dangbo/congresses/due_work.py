"""The meeting findings on the "việc đến hạn" list (members.queries.due_work, via core.registry): a quarter with
no thematic meeting (CT 50), meetings by tổ đảng over the yearly cap (HD 03-HD/TW, a setting). Scoped here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

from dangbo.core.scopes import Scope
from dangbo.members.queries import DueItem
from dangbo.organizations.models import CELL_KINDS, Organization

from . import queries

LABELS = {"thematic": _("Quý không có sinh hoạt chuyên đề"),
          "party_group": _("Sinh hoạt theo tổ đảng quá số lần trong năm"),
          "party_group_size": _("Sinh hoạt theo tổ đảng ở chi bộ ít đảng viên")}


@dataclass(frozen=True)
class CellSubject:
    """A chi bộ standing where the due-work list names a person (its name, organisation, no card)."""

    organization: Organization
    full_name: str
    card_number: str = ""
    sort_key: str = ""

    @property
    def organization_id(self) -> int:
        return self.organization.pk

    @property
    def pk(self) -> None:
        return None


def due_items(scope: Scope, today: date, org_path: str = "") -> list[DueItem]:
    cells = scope.organizations(Organization.objects.filter(kind__in=CELL_KINDS))
    if org_path:
        cells = cells.filter(path__startswith=org_path)
    return [DueItem(CellSubject(f.organization, f.organization.name), f"meeting_{f.key}", LABELS[f.key], f.due,
                    True, f.message, link=queries.meetings_url(f.organization, f.year))
            for f in queries.meeting_findings(cells, today)]
