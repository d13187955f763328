"""The members of a subtree in the column layout of the national CSDL đảng viên, as far as researched
(docs/csdl-export.md lists each column, confirmed or not, with its source).

The CSDL đảng viên 3.0 owns the member data (QĐ 384-QĐ/TW); its own import layout is not public. The columns
follow the items of the lý lịch đảng viên (mẫu 1-HSĐV) and the phiếu đảng viên (mẫu 2-HSĐV) of Hướng dẫn
09-HD/BTCTW, which the CSDL's record is built from, with the CCCD as the key. Only members on the list
(official and probationary) whose home organisation is in the subtree are written; sensitive columns (CCCD,
religion) only when the user may see them for the whole subtree, as the register's own export does. Every
export is one `export.csdl` audit event with the row count.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import F
from django.utils import timezone

from dangbo.core import audit, replica
from dangbo.core.i18n import VietnameseLabels, in_vietnamese
from dangbo.exchange.exports import Column, ExportResult, XlsxSink, may_export_sensitive
from dangbo.members.models import ACTIVE_STATUSES, Gender, Member, PoliticalTheory, Status
from dangbo.organizations.models import Organization

CONFIRMED = "confirmed"
UNCONFIRMED = "unconfirmed"
HD09 = "Hướng dẫn 09-HD/BTCTW ngày 05/6/2017"
# Items of the đơn xin vào Đảng (mẫu 1-KNĐ, HD 12-HD/BTCTW 2012), which the lý lịch (mục 1–21) repeats.
KND = "Mẫu 1-KNĐ (HD 12-HD/BTCTW ngày 17/5/2012) và lý lịch mẫu 1-HSĐV (mục 1–21 như lý lịch người xin vào Đảng)"


@dataclass(frozen=True)
class CsdlColumn:
    key: str  # a Member field, or a derived value named in `_value`
    header: str
    status: str  # CONFIRMED: the item exists on the form named in `source`; UNCONFIRMED: not found in a text
    source: str
    kind: str = "text"
    width: int = 16
    sensitive: bool = False


COLUMNS: tuple[CsdlColumn, ...] = (
    CsdlColumn("stt", "STT", UNCONFIRMED, "Thói quen của các danh sách; không thấy trong văn bản", "int", 6),
    CsdlColumn("party_record_number", "Số lý lịch đảng viên", CONFIRMED,
               f"{HD09}, mẫu 2-HSĐV (phiếu đảng viên): 6 chữ số và 1–3 ký hiệu của tỉnh (hướng dẫn khai phiếu "
               "của Quận ủy Long Biên, 2012); dangbo chưa lưu: để trống",
               width=14),
    CsdlColumn("card_number", "Số thẻ đảng viên", CONFIRMED, f"{HD09}, mẫu 2-HSĐV: số thẻ đảng viên (8 chữ số với "
               "thẻ cấp từ Chỉ thị 29-CT/TW); thẻ 2025 theo Chỉ thị 51-CT/TW", width=14),
    CsdlColumn("citizen_id", "Số CCCD", UNCONFIRMED, "QĐ 384-QĐ/TW và chiến dịch làm sạch dữ liệu 2025: khóa đối chiếu "
               "CSDL đảng viên với CSDL quốc gia về dân cư (thực tiễn, PARTLY)", width=14, sensitive=True),
    CsdlColumn("full_name", "Họ và tên đang dùng", CONFIRMED,
               f"{HD09}, mẫu 1-HSĐV mục 1 (họ và tên đang dùng)", width=28),
    CsdlColumn("gender", "Giới tính", UNCONFIRMED,
               "Không thấy trong các đoạn đã đọc của lý lịch, phiếu đảng viên", width=8),
    CsdlColumn("birth_date", "Ngày sinh", CONFIRMED, KND, "date", 12),
    CsdlColumn("hometown", "Quê quán", CONFIRMED, KND, width=30),
    CsdlColumn("residence", "Nơi thường trú", CONFIRMED, KND + " (nơi cư trú)", width=30),
    CsdlColumn("ethnicity", "Dân tộc", CONFIRMED, KND, width=10),
    CsdlColumn("religion", "Tôn giáo", CONFIRMED, KND, width=12, sensitive=True),
    CsdlColumn("job_title", "Nghề nghiệp, chức vụ", CONFIRMED, KND + " (nghề nghiệp)", width=22),
    CsdlColumn("workplace", "Đơn vị công tác", UNCONFIRMED, "Không thấy trong các đoạn đã đọc", width=28),
    CsdlColumn("education", "Giáo dục phổ thông", CONFIRMED, KND + " (trình độ học vấn)", width=10),
    CsdlColumn("qualification", "Chuyên môn, nghiệp vụ", UNCONFIRMED, "Không thấy trong các đoạn đã đọc", width=20),
    CsdlColumn("political_theory", "Lý luận chính trị", UNCONFIRMED, "Không thấy trong các đoạn đã đọc", width=12),
    CsdlColumn("admission_decision_date", "Ngày quyết định kết nạp", CONFIRMED,
               f"{HD09}, mẫu 1-HSĐV mục 14: ngày cấp có thẩm quyền ra quyết định kết nạp", "date", 12),
    CsdlColumn("admission_decision_number", "Số quyết định kết nạp", UNCONFIRMED,
               "Không thấy trong các mục đã đọc của lý lịch, phiếu đảng viên", width=14),
    CsdlColumn("ceremony_date", "Ngày kết nạp (lễ kết nạp)", CONFIRMED,
               f"{HD09}, mẫu 1-HSĐV mục 14: ngày và nơi kết nạp vào Đảng", "date", 12),
    CsdlColumn("official_date", "Ngày chính thức", CONFIRMED,
               f"{HD09}, mẫu 1-HSĐV mục 15: ngày và nơi công nhận chính thức", "date", 12),
    CsdlColumn("status", "Đảng viên chính thức / dự bị", UNCONFIRMED,
               "Suy ra từ ngày chính thức; không thấy là một cột riêng", width=12),
    CsdlColumn("org_name", "Chi bộ", CONFIRMED, f"{HD09}, mẫu 2-HSĐV, phần tiêu đề: chi bộ đảng viên đang sinh hoạt",
               width=30),
    CsdlColumn("parent_name", "Đảng bộ", CONFIRMED,
               f"{HD09}, mẫu 2-HSĐV, phần tiêu đề: đảng bộ cơ sở, đảng bộ bộ phận", width=30),
    CsdlColumn("org_code", "Mã tổ chức đảng (dangbo)", UNCONFIRMED,
               "Mã của dangbo, không phải mã của CSDL đảng viên (chưa tìm thấy cách mã hóa của CSDL)", width=14),
    CsdlColumn("phone", "Điện thoại", UNCONFIRMED, "Không thấy trong các mục đã đọc", width=13),
    CsdlColumn("email", "Thư điện tử", UNCONFIRMED, "Không thấy trong các mục đã đọc", width=24),
)

_LABELS = {"gender": VietnameseLabels(Gender), "political_theory": VietnameseLabels(PoliticalTheory, blank=False),
           "status": VietnameseLabels(Status)}
_FIELDS = ("card_number", "citizen_id", "full_name", "gender", "birth_date", "hometown", "residence", "ethnicity",
           "religion", "job_title", "workplace", "education", "qualification", "political_theory",
           "admission_decision_date", "admission_decision_number", "ceremony_date", "official_date", "status",
           "org_name", "parent_name", "org_code", "phone", "email")


def columns(sensitive: bool) -> list[CsdlColumn]:
    return [c for c in COLUMNS if sensitive or not c.sensitive]


def rows(org: Organization, sensitive: bool):
    """Tuples in `columns(sensitive)` order: the subtree's members on the list, in Vietnamese order."""
    cols = columns(sensitive)
    qs = (Member.objects.filter(org_path__startswith=org.path, status__in=list(ACTIVE_STATUSES))
          .annotate(org_name=F("organization__name"), parent_name=F("organization__parent__name"),
                    org_code=F("organization__code"))
          .order_by("sort_key", "id").values_list(*_FIELDS))
    index = {name: i for i, name in enumerate(_FIELDS)}
    for n, r in enumerate(qs.iterator(chunk_size=2000), 1):
        out = []
        for c in cols:
            if c.key == "stt":
                out.append(n)
            elif c.key in index:
                v = r[index[c.key]]
                out.append(_LABELS[c.key].get(v, v) if c.key in _LABELS else v)
            else:
                out.append("")
        yield out


@in_vietnamese
@replica.reading()
def export_csdl(scope, org: Organization, out, *, actor, today: date | None = None) -> ExportResult:
    """Write the .xlsx of `org`'s subtree to the binary file `out`; the caller checked that `scope` reads `org`."""
    today = today or timezone.localdate()
    sensitive = may_export_sensitive(scope, org.path)
    cols = columns(sensitive)
    sink = XlsxSink(out, [Column(c.key, c.header, c.kind, c.width) for c in cols],
                    f"Danh sách đảng viên theo mẫu CSDL đảng viên – {org.name}",
                    f"Ngày {today:%d/%m/%Y}. Cột theo lý lịch (mẫu 1-HSĐV) và phiếu đảng viên (mẫu 2-HSĐV), "
                    "HD 09-HD/BTCTW; thứ tự cột nhập của CSDL đảng viên 3.0 chưa được xác nhận (docs/csdl-export.md)",
                    sheet="Đảng viên")
    for values in rows(org, sensitive):
        sink.write(values)
    n = sink.close()
    # A plain record, not a registered action: an export changes no data; the event only says who took what.
    audit.record("export.csdl", actor=actor, org_path=org.path,
                 summary=f"Xuất danh sách {n} đảng viên theo mẫu CSDL đảng viên"
                         + (" có số CCCD, tôn giáo" if sensitive else ""),
                 data={"organization": org.code, "rows": n, "format": "xlsx", "sensitive": sensitive})
    return ExportResult("csdl", "xlsx", n, sensitive, f"csdl-dang-vien-{org.code}-{today:%Y%m%d}.xlsx")
