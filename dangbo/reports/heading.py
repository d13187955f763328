"""The Party document format of a report's head and foot, per kind of organisation (rules.md §6, HD 36-HD/VPTW
point 1.2.1): the upper body on the first line of the left header (ĐẢNG BỘ …), the issuing body under it (ĐẢNG ỦY …
for a đảng bộ, CHI BỘ … for a chi bộ), the signature block (T/M ĐẢNG ỦY or T/M CHI BỘ; BÍ THƯ or PHÓ BÍ THƯ and the
name of who held it on the document's date, from the committee: `organizations.committee.committee_as_of`) and the
Nơi nhận. One function for every report kind (year-end tables, the written documents, the consolidated report).
"""

from __future__ import annotations

from datetime import date

from dangbo.organizations.models import Organization, OrgKind, Position
from dangbo.rules import documents as doc_rules

SECRETARY, DEPUTY = "BÍ THƯ", "PHÓ BÍ THƯ"
# The keys `party_heading` adds to a report's `organization` beyond its figures' (the format of the paper).
FORMAT_KEYS = ("issuer_name", "committee", "superior_committee", "on_behalf", "signer_title", "signer", "receivers")


def signer_as_of(org: Organization, on: date) -> tuple[str, str]:
    """(title, name) of who signs for `org` on `on`: its bí thư, else its first phó bí thư (the committee as it
    stood that day); ("BÍ THƯ", "") when the register holds no committee then."""
    from dangbo.organizations.committee import committee_as_of

    members = committee_as_of(org, on).members
    for position, title in ((Position.SECRETARY, SECRETARY), (Position.DEPUTY, DEPUTY)):
        for m in members:
            if m.position == position:
                return title, m.full_name
    return SECRETARY, ""


def _below_word(org: Organization) -> str:
    if org.kind == OrgKind.UPPER:
        return "Các tổ chức cơ sở đảng trực thuộc"
    return "Các chi bộ trực thuộc"


_DEFAULT = object()


def party_heading(org: Organization, on: date, *, congress: bool = False, superior=_DEFAULT) -> dict:
    """The head and foot of a report of `org` dated `on` (`congress`: a document presented to its congress;
    `superior`: the upper level the report's figures stood under, when the caller knows it; else the level above
    on `on`)."""
    from dangbo.organizations.queries import deciding_body

    if superior is _DEFAULT:
        superior = deciding_body(org, on)
    committee = doc_rules.committee_name(org.name, org.kind)
    cell = org.kind in doc_rules.CELL_KINDS
    upper_committee = doc_rules.committee_name(superior.name, superior.kind) if superior else ""
    title, signer = signer_as_of(org, on)
    receivers = [f"{upper_committee} (b/c)" if upper_committee else "Cấp ủy cấp trên (b/c)"]
    if not cell:
        receivers.append(_below_word(org))
    receivers.append("Lưu Chi bộ" if cell else "Lưu Văn phòng Đảng ủy")
    return {
        "superior": doc_rules.party_body_name(superior.name).upper() if superior else "",
        "superior_name": superior.name if superior else "", "superior_committee": upper_committee,
        "issuer_name": committee.upper(), "committee": committee,
        "on_behalf": doc_rules.on_behalf(committee, congress=congress, cell=cell),
        "signer_title": title, "signer": signer,
        "receivers": [f"- {r}," for r in receivers[:-1]] + [f"- {receivers[-1]}."],
    }
