"""Members' rows against the register: matched by CCCD, card number, then name and birth date; a match becomes
an update (field by field) or unchanged, no match a new member."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db import connection

from dangbo.core.scopes import scope_for
from dangbo.members.models import ACTIVE_STATUSES, EventKind, Gender, Member, MemberEvent, PoliticalTheory, Status
from dangbo.rules import membership as rules
from dangbo.rules.text import format_date

from ..pipeline.rows import Change, Duplicate, Note, Preview, RowResult, chunked, display_text, row_error
from .member_rows import DOSSIER_KEYS, EVENT_DATE_KEYS, LABELS, REQUIRED_FOR_CREATE

MATCH_FIELDS = ["id", "organization_id", "org_path", "status", "full_name", "search_name",
                "admission_decision_date", "ceremony_date", "official_date", *DOSSIER_KEYS]
MATCH_FIELDS = list(dict.fromkeys(MATCH_FIELDS))


BIG_CHUNK = 5000


def _any(column: str, values: list):
    """Members whose `column` is one of `values`: one array parameter on PostgreSQL (= ANY), IN elsewhere."""
    if connection.vendor == "postgresql":
        table = Member._meta.db_table
        return Member.objects.extra(where=[f'"{table}"."{column}" = ANY(%s)'], params=[list(values)]).order_by()
    return Member.objects.filter(**{f"{column}__in": values}).order_by()


SLIM_KEYS = ("full_name", "birth_date", "citizen_id", "card_number")


KEY_FIELDS = ("id", "citizen_id", "card_number")


def match_register(pv: Preview, actor, today: date):
    """Find each row's member: small key -> id maps first, then full records a chunk of rows at a time
    (a 100,000-row re-import never holds 100,000 member records at once)."""
    candidates = [r for r in pv.rows if r.action != "error"]
    cids = sorted({r.data["citizen_id"] for r in candidates if r.data.get("citizen_id")})
    cards = sorted({r.data["card_number"] for r in candidates if r.data.get("card_number")})
    by_cid: dict[str, int] = {}
    by_card: dict[str, int] = {}
    by_name: dict[tuple, list[tuple]] = defaultdict(list)
    for chunk in chunked(cids, BIG_CHUNK):
        by_cid.update((c, pk) for pk, c in _any("citizen_id", chunk).values_list("id", "citizen_id"))
    for chunk in chunked(cards, BIG_CHUNK):
        by_card.update((c, pk) for pk, c in _any("card_number", chunk).values_list("id", "card_number"))
    # Name + birth date: chunks of rows, each one query on both columns (never all namesakes of a register).
    pairs = sorted({(r.name_key, r.data["birth_date"]) for r in candidates if r.name_key and r.data.get("birth_date")})
    for chunk in chunked(pairs, 1000):
        qs = Member.objects.filter(search_name__in={n for n, _ in chunk}, birth_date__in={b for _, b in chunk}
                                   ).order_by()
        for pk, name, birth, cid, card in qs.values_list("id", "search_name", "birth_date", *KEY_FIELDS[1:]):
            by_name[(name, birth)].append((pk, cid, card))
    claimed: dict[int, int] = {}
    matched: list[tuple[RowResult, int, str]] = []
    for r in candidates:
        d = r.data
        pk, how = None, ""
        by_c = by_cid.get(d.get("citizen_id")) if d.get("citizen_id") else None
        by_k = by_card.get(d.get("card_number")) if d.get("card_number") else None
        if by_c and by_k and by_c != by_k:
            row_error(r, LABELS["card_number"], d["card_number"],
                 f"Số CCCD {d['citizen_id']} và số thẻ {d['card_number']} thuộc hai đảng viên khác nhau trong sổ.")
            continue
        if by_c:
            pk, how = by_c, "Số CCCD"
        elif by_k:
            pk, how = by_k, "Số thẻ đảng viên"
        elif d.get("full_name") and d.get("birth_date"):
            # A namesake whose identifiers differ from the row's is another person, not a match.
            same = [x for x in by_name.get((r.name_key, d["birth_date"]), []) if _compatible(x, d)]
            if len(same) > 1:
                row_error(r, LABELS["full_name"], d["full_name"],
                     f"Có {len(same)} đảng viên cùng họ tên và ngày sinh trong sổ; hãy ghi số CCCD hoặc số thẻ.")
                continue
            if same:
                pk, how = same[0][0], "Họ tên và ngày sinh"
        if pk is None:
            _as_create(r, pv, today)
            continue
        first = claimed.setdefault(pk, r.row)
        if first != r.row:
            pv.duplicates.append(Duplicate(r.row, first, f"Cùng một đảng viên trong sổ với dòng {first}", True))
            row_error(r, how, d.get("full_name", ""), f"Dòng {first} đã khớp với cùng đảng viên này trong sổ.")
            continue
        matched.append((r, pk, how))
    del by_cid, by_card, by_name, claimed
    scope = scope_for(actor) if actor is not None else None
    fields = MATCH_FIELDS
    if "transfer_in_date" in pv.columns:
        # The register's transfer-in date (the latest TRANSFER_IN event), compared like the other event dates.
        fields = [*MATCH_FIELDS, "transfer_in_date"]
    for chunk in chunked(matched, BIG_CHUNK):
        qs = _any("id", [pk for _, pk, _ in chunk])
        if "transfer_in_date" in pv.columns:
            qs = qs.annotate(transfer_in_date=_latest_transfer_in())
        found = {m["id"]: m for m in qs.values(*fields)}
        for r, pk, how in chunk:
            m = found[pk]
            d = r.data
            if scope is not None and not scope.can_write_path(m["org_path"]):
                row_error(r, how, d.get("citizen_id") or d.get("card_number") or d.get("full_name"),
                     f"{how} trùng với một đảng viên đã có trong sổ, thuộc tổ chức đảng ngoài phạm vi của bạn.")
                continue
            r.member_id, r.member_name, r.matched_by = m["id"], m["full_name"], how
            _as_update(r, m, pv, today)
            if r.action == "unchanged":
                # Nothing to write: keep what the preview page shows, not the whole row.
                r.data = {k: d[k] for k in SLIM_KEYS if k in d}
                r.org = None


def _latest_transfer_in():
    from django.db.models import OuterRef, Subquery

    return Subquery(MemberEvent.objects.filter(member=OuterRef("pk"), kind=EventKind.TRANSFER_IN)
                    .order_by("-effective_date", "-id").values("effective_date")[:1])


def _compatible(ids: tuple, d: dict) -> bool:
    """ids: (member id, citizen_id, card_number) of a namesake."""
    for value, key in ((ids[1], "citizen_id"), (ids[2], "card_number")):
        if value and d.get(key) and value != d[key]:
            return False
    return True


def _as_create(r: RowResult, pv: Preview, today: date):
    d = r.data

    def col(key):
        return pv.headers[pv.columns[key]] if key in pv.columns else LABELS[key]

    for key in REQUIRED_FOR_CREATE:
        if not d.get(key):
            row_error(r, col(key), "", f"Chưa có {LABELS[key].lower()} (bắt buộc khi thêm đảng viên mới).")
    official = d.get("official_date")
    if official and official > today:
        row_error(r, col("official_date"), official,
             f"Ngày chính thức {format_date(official)} ở tương lai: đảng viên chưa hết 12 tháng dự bị; "
             "để trống ngày chính thức.")
    elif official and not d.get("ceremony_date"):
        # Old registers often lack the ceremony date: the member is official from the date given, and the
        # ceremony date stays unknown (never computed back from the official date).
        message = (f"Không có ngày lễ kết nạp: ghi là đảng viên chính thức từ {format_date(official)}, "
                   "ngày lễ kết nạp để trống (chưa rõ).")
        pv.notes.append(Note(r.row, col("ceremony_date"), "ceremony_date", "", "", message))
        r.warnings.append(message)
    if r.action != "error":
        r.action = "create"


def _display(key: str, v) -> str:
    if v is None or v == "":
        return ""
    if key == "gender":
        return Gender(v).label if v in Gender.values else str(v)
    if key == "political_theory":
        return PoliticalTheory(v).label if v in PoliticalTheory.values else str(v)
    return display_text(v)


def _as_update(r: RowResult, m: dict, pv: Preview, today: date):
    d = r.data
    if r.org is not None and r.org.pk != m["organization_id"]:
        row_error(r, LABELS["organization"], d.get("organization", ""),
             f"Đảng viên {m['full_name']} đang sinh hoạt ở tổ chức khác; chuyển sinh hoạt phải ghi bằng sự kiện "
             "chuyển sinh hoạt, không bằng nhập tệp.")
        return
    for key in (*EVENT_DATE_KEYS, "transfer_in_date"):
        v = d.get(key)
        if v and v != m.get(key):
            row_error(r, LABELS[key], v, f"{LABELS[key]} trong tệp ({format_date(v)}) khác với sổ "
                                    f"({display_text(m.get(key)) or 'chưa có'}); ngày của sự kiện sinh hoạt "
                                    "đảng không sửa bằng nhập tệp.")
    if r.action == "error":
        return
    changes = []
    for key in DOSSIER_KEYS:
        if key not in pv.columns:
            continue
        v = d.get(key)
        if v is None or v == "":
            continue  # an empty cell keeps what the register holds
        cur = m.get(key)
        if (cur or "") != v if not isinstance(v, date) else cur != v:
            changes.append(Change(key, LABELS[key], _display(key, cur), _display(key, v)))
    if changes and m["status"] not in ACTIVE_STATUSES:
        row_error(r, LABELS["full_name"], m["full_name"],
             f"Đảng viên {m['full_name']} {Status(m['status']).label.lower()}; không cập nhật hồ sơ bằng nhập tệp.")
        return
    if any(c.field == "birth_date" for c in changes) and m["admission_decision_date"]:
        for f in rules.check_admission(d["birth_date"], m["admission_decision_date"]):
            if f.severity == rules.ERROR:
                row_error(r, LABELS["birth_date"], d["birth_date"], f.message)
                return
    r.changes = changes
    r.action = "update" if changes else "unchanged"
