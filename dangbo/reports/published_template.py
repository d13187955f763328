"""The template of the results table import (.xlsx): the header row, one example row in grey italics, a guide
sheet, and the organisation codes the user may write on a list sheet."""

from __future__ import annotations

from datetime import date

from dangbo.core.i18n import in_vietnamese
from dangbo.core.scopes import Scope
from dangbo.exchange.workbook import xlsx_workbook
from dangbo.organizations.models import Organization

from .published import LABELS as FIGURE_LABELS
from .published_import import COLUMNS, REQUIRED

GUIDE = {
    "code": "Mã tổ chức đảng trong sổ (xem trang «Danh mục»)", "name": "Tên tổ chức (chỉ để đọc, không ghi)",
    "year": "Năm của số liệu, trước năm sổ đảng viên bắt đầu", "source_document": "Số, ngày, tên báo cáo công bố số "
    "liệu", "self_level": "HTXSNV, HTTNV, HTNV, KHTNV hoặc ghi đủ", "not_rated_reasons": "Chữ (ốm đau, mới kết nạp…)",
}


@in_vietnamese
def build_template(scope: Scope, out) -> str:
    codes = list(scope.writable_organizations(Organization.objects.all()).order_by("path")
                 .values_list("code", "name"))
    wb = xlsx_workbook(out)
    head = wb.add_format({"bold": True, "border": 1, "text_wrap": True, "valign": "vcenter", "bg_color": "#F2F2F2"})
    head_req = wb.add_format({"bold": True, "border": 1, "text_wrap": True, "valign": "vcenter",
                              "bg_color": "#FCE4D6"})
    example = wb.add_format({"italic": True, "font_color": "#808080"})
    ws = wb.add_worksheet("Bảng tổng hợp")
    sample = {"code": codes[0][0] if codes else "DB01", "name": codes[0][1] if codes else "Đảng bộ …",
              "year": date.today().year - 3, "source_document": "Báo cáo số 15-BC/ĐU ngày 20/12/…",
              "members_start": 120, "members_total": 125, "members_official": 118, "members_probationary": 7,
              "admitted": 7, "transferred_in": 1, "transferred_out": 3}
    for i, (key, label) in enumerate(COLUMNS):
        ws.write(0, i, f"{label} (*)" if key in REQUIRED else label, head_req if key in REQUIRED else head)
        ws.set_column(i, i, 28 if key in ("name", "source_document", "not_rated_reasons") else 14)
        if key in sample:
            ws.write(1, i, sample[key], example)
    ws.set_row(0, 45)
    ws.freeze_panes(1, 1)
    guide = wb.add_worksheet("Hướng dẫn")
    guide.write_row(0, 0, ["Cột", "Bắt buộc", "Ghi"], head)
    for i, (key, label) in enumerate(COLUMNS, start=1):
        what = GUIDE.get(key) or ("Số nguyên ≥ 0; để trống nếu báo cáo không công bố" if key in FIGURE_LABELS
                                  else "Số tổ chức/đảng viên xếp loại mức này; số nguyên ≥ 0")
        guide.write_row(i, 0, [label, "Có" if key in REQUIRED else "", what])
    guide.write(len(COLUMNS) + 2, 0, "Cả tệp được kiểm tra trước; còn một lỗi thì không ghi dòng nào.")
    guide.set_column(0, 0, 30)
    guide.set_column(2, 2, 70)
    lists = wb.add_worksheet("Danh mục")
    lists.write_row(0, 0, ["Mã tổ chức", "Tên tổ chức"], head)
    for i, (code, name) in enumerate(codes, start=1):
        lists.write_row(i, 0, [code, name])
    lists.set_column(1, 1, 50)
    wb.close()
    return "mau-bang-tong-hop-so-lieu-da-cong-bo.xlsx"
