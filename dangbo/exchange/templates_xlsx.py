"""Downloadable import templates (.xlsx): organisations, and members with their history.

Sheet 1 holds the header row (the canonical headers of `dangbo.exchange.parsing.headers`, the same ones the member
export writes) and ONE example row, in grey italics, that the user overwrites or deletes. Sheet "Hướng dẫn"
explains every column (required or not, format, example). Coded columns get drop-down lists (data
validation): gender, political theory level, organisation kind, and the organisation codes the user may
import into (their writable scope), listed on the sheet "Danh mục" so a long list still works.
"""

from __future__ import annotations

from datetime import date

from dangbo.core.i18n import VietnameseLabels, in_vietnamese
from dangbo.core.scopes import Scope
from dangbo.members.models import PoliticalTheory
from dangbo.organizations.models import CELL_KINDS, Organization, OrgKind, OrgStatus

from .exports import MEMBER_COLUMNS, ORG_IMPORT_COLUMNS, Column

DATA_ROWS = 5000  # rows covered by the drop-down lists and the date format
GUIDE_SHEET = "Hướng dẫn"
LISTS_SHEET = "Danh mục"
GENDERS = ["Nam", "Nữ"]
THEORY = VietnameseLabels(PoliticalTheory, blank=False)  # the template is Vietnamese whatever the page's language
KINDS = VietnameseLabels(OrgKind)


def _codes(scope: Scope, cells_only: bool) -> list[tuple[str, str]]:
    qs = scope.writable_organizations(Organization.objects.filter(status=OrgStatus.ACTIVE))
    if cells_only:
        qs = qs.filter(kind__in=[k.value for k in CELL_KINDS])
    return list(qs.order_by("path").values_list("code", "name"))


def _fmt(col: Column) -> str:
    if col.kind == "date":
        return "Ngày/tháng/năm (dd/mm/yyyy)"
    return {"gender": "Chọn Nam hoặc Nữ", "political_theory": "Chọn trong danh sách",
            "organization": "Mã chi bộ (chọn trong danh sách) hoặc tên chi bộ",
            "kind": "Chọn trong danh sách", "parent_code": "Mã tổ chức (chọn trong danh sách)",
            "citizen_id": "Chữ số, nhập dạng chữ", "card_number": "Chữ số, nhập dạng chữ"}.get(col.key, "Chữ")


def _example_text(v) -> str:
    return f"{v:%d/%m/%Y}" if isinstance(v, date) else str(v or "")


@in_vietnamese
def build_template(kind: str, scope: Scope, out) -> str:
    """Write the template for "member" or "organization" to `out`; returns a file name."""
    from dangbo.exchange.workbook import xlsx_workbook

    member = kind == "member"
    columns = MEMBER_COLUMNS if member else ORG_IMPORT_COLUMNS
    codes = _codes(scope, cells_only=member)
    wb = xlsx_workbook(out)
    head = wb.add_format({"bold": True, "border": 1, "text_wrap": True, "valign": "vcenter", "bg_color": "#F2F2F2"})
    head_req = wb.add_format({"bold": True, "border": 1, "text_wrap": True, "valign": "vcenter",
                              "bg_color": "#FCE4D6"})
    text = wb.add_format({"num_format": "@"})
    dates = wb.add_format({"num_format": "dd/mm/yyyy"})
    example = wb.add_format({"italic": True, "font_color": "#808080", "num_format": "@"})
    example_date = wb.add_format({"italic": True, "font_color": "#808080", "num_format": "dd/mm/yyyy"})
    ws = wb.add_worksheet("Đảng viên" if member else "Tổ chức đảng")
    guide = wb.add_worksheet(GUIDE_SHEET)
    lists = wb.add_worksheet(LISTS_SHEET)

    # Lists for the drop-downs: column A = codes in scope, B = their names.
    lists.write_row(0, 0, ["Mã", "Tên"])
    for i, (code, name) in enumerate(codes, start=1):
        lists.write_string(i, 0, code)
        lists.write_string(i, 1, name)
    code_range = f"='{LISTS_SHEET}'!$A$2:$A${max(len(codes), 1) + 1}"
    choices = {"gender": GENDERS, "political_theory": list(THEORY.values()), "kind": list(KINDS.values())}
    code_keys = {"organization", "parent_code"}

    examples = {"organization": codes[0][0] if codes else "", "parent_code": codes[0][0] if codes else ""}
    for i, col in enumerate(columns):
        ws.set_column(i, i, col.width, dates if col.kind == "date" else text)
        ws.write_string(0, i, col.header, head_req if col.required else head)
        value = examples.get(col.key, col.example)
        if isinstance(value, date):
            ws.write_datetime(1, i, value, example_date)
        elif value:
            ws.write_string(1, i, str(value), example)
        if col.key in choices:
            ws.data_validation(1, i, DATA_ROWS, i, {
                "validate": "list", "source": choices[col.key], "error_type": "warning",
                "error_title": col.header, "error_message": "Giá trị không có trong danh sách."})
        elif col.key in code_keys and codes:
            ws.data_validation(1, i, DATA_ROWS, i, {
                "validate": "list", "source": code_range, "error_type": "warning",
                "error_title": col.header,
                "error_message": "Mã không có trong danh sách tổ chức bạn được cập nhật."})
        elif col.kind == "date":
            ws.data_validation(1, i, DATA_ROWS, i, {
                "validate": "date", "criteria": ">=", "value": date(1900, 1, 1), "error_type": "warning",
                "input_title": col.header, "input_message": "Ngày/tháng/năm, ví dụ 25/12/1980",
                "error_message": "Ngày không hợp lệ (dd/mm/yyyy)."})
    ws.set_row(0, 32)
    ws.freeze_panes(1, 1 if member else 0)
    ws.write_comment(1, 0, "Dòng ví dụ: ghi đè hoặc xóa dòng này trước khi nhập.")

    # The guide.
    bold = wb.add_format({"bold": True, "font_size": 13})
    wrap = wb.add_format({"text_wrap": True, "valign": "top", "border": 1})
    guide.set_column(0, 0, 28)
    guide.set_column(1, 1, 10)
    guide.set_column(2, 2, 30)
    guide.set_column(3, 3, 24)
    guide.set_column(4, 4, 60)
    what = "đảng viên (kèm các mốc kết nạp, chính thức, chuyển đến)" if member else "tổ chức đảng"
    guide.write_string(0, 0, f"Hướng dẫn điền mẫu nhập {what}", bold)
    guide.write_string(1, 0, "Mỗi dòng một " + ("đảng viên" if member else "tổ chức") + ". Cột tô màu cam là "
                       "bắt buộc. Ngày ghi dạng ngày/tháng/năm (dd/mm/yyyy). Dòng 2 là dòng ví dụ: ghi đè hoặc "
                       "xóa trước khi nhập. Giữ nguyên dòng tiêu đề; có thể bỏ các cột không dùng.")
    guide.write_row(3, 0, ["Cột", "Bắt buộc", "Định dạng", "Ví dụ", "Giải thích"], head)
    for r, col in enumerate(columns, start=4):
        guide.write_row(r, 0, [col.header, "Có" if col.required else "Không", _fmt(col),
                               _example_text(examples.get(col.key, col.example)), col.note], wrap)
    r = len(columns) + 5
    if member:
        guide.write_string(r, 0, "Giá trị của các cột chọn:", bold)
        guide.write_string(r + 1, 0, "Giới tính: " + ", ".join(GENDERS))
        guide.write_string(r + 2, 0, "Lý luận chính trị: " + ", ".join(THEORY.values())
                           + " (để trống nếu chưa qua đào tạo)")
        guide.write_string(r + 3, 0, f"Mã chi bộ: xem sheet «{LISTS_SHEET}» (các chi bộ bạn được cập nhật).")
    else:
        guide.write_string(r, 0, "Loại tổ chức: " + ", ".join(KINDS.values()))
    wb.close()
    return "mau-nhap-dang-vien.xlsx" if member else "mau-nhap-to-chuc.xlsx"
