"""The sổ thu nộp đảng phí as .xlsx (XlsxWriter): one row per member, a column per month, the year's totals."""

from __future__ import annotations

import io

from dangbo.exchange.workbook import xlsx_workbook


def book_xlsx(data: dict) -> bytes:
    out = io.BytesIO()
    wb = xlsx_workbook(out, {"in_memory": True})
    ws = wb.add_worksheet(f"Sổ đảng phí {data['year']}")
    bold = wb.add_format({"bold": True, "border": 1, "align": "center", "valign": "vcenter", "text_wrap": True})
    money = wb.add_format({"num_format": "#,##0", "border": 1})
    cell = wb.add_format({"border": 1})
    ws.merge_range(0, 0, 0, 15, f"SỔ THU, NỘP ĐẢNG PHÍ NĂM {data['year']} — {data['org'].name.upper()}", bold)
    ws.write(1, 0, "Cột tháng: số tiền vào sổ trong tháng đó (kể cả nộp muộn, nộp trước và điều chỉnh).")
    head = ["STT", "Họ và tên"] + [f"Tháng {m}" for m in range(1, 13)] + ["Cộng đã nộp", "Phải nộp cả năm"]
    ws.write_row(2, 0, head, bold)
    ws.set_column(1, 1, 28)
    ws.set_column(2, 15, 11)
    r = 3
    for i, row in enumerate(data["rows"], 1):
        ws.write(r, 0, i, cell)
        ws.write(r, 1, row.label, cell)
        for m, v in enumerate(row.months):
            ws.write_number(r, 2 + m, v, money)
        ws.write_number(r, 14, row.total, money)
        ws.write_number(r, 15, row.due, money)
        r += 1
    t = data["totals"]
    ws.write(r, 1, "Cộng", bold)
    for m, v in enumerate(t.months):
        ws.write_number(r, 2 + m, v, money)
    ws.write_number(r, 14, t.total, money)
    ws.write_number(r, 15, t.due, money)
    r += 2
    ws.write_row(r, 0, ["Tháng", "Số phân chia (sổ cấp này + cấp dưới nộp lên)", "Tỷ lệ để lại (%)", "Để lại",
                        "Nộp lên", "Ngày nộp", "Cấp trên nhận",
                        "Điều chỉnh số nộp lên", "Điều chỉnh số cấp trên nhận"], bold)
    for rem in data["remittances"]:
        r += 1
        fixes = {side: sum(c.amount for c in rem.corrections.all() if c.side == side)
                 for side in ("remitted", "received")}
        ws.write_row(r, 0, [f"{rem.month.month:02d}/{rem.month.year}", rem.collected, rem.percent_kept, rem.kept,
                            rem.amount, rem.remitted_on.strftime("%d/%m/%Y"),
                            "chưa xác nhận" if rem.received is None else rem.received,
                            fixes["remitted"], fixes["received"]], cell)
    wb.close()
    return out.getvalue()


def summary_xlsx(data: dict) -> bytes:
    """The summary of a subtree (owed, collected, remitted, kept per organisation) and its reconciliation."""
    out = io.BytesIO()
    wb = xlsx_workbook(out, {"in_memory": True})
    ws = wb.add_worksheet("Báo cáo đảng phí")
    bold = wb.add_format({"bold": True, "border": 1, "align": "center", "valign": "vcenter", "text_wrap": True})
    money = wb.add_format({"num_format": "#,##0", "border": 1})
    cell = wb.add_format({"border": 1})
    figures = ("owed", "collected", "kept", "kept_own", "remitted", "held")
    ws.merge_range(0, 0, 0, len(figures), f"BÁO CÁO THU, NỘP ĐẢNG PHÍ {data['period'].upper()} — "
                                          f"{data['organization']['name'].upper()}", bold)
    ws.write(1, 0, "Chế độ: " + ("; ".join(data["regimes"]) or "không có"))
    ws.write(2, 0, data["sentence"])
    ws.write_row(3, 0, ["Tổ chức"] + [data["labels"][f] for f in figures], bold)
    ws.set_column(0, 0, 40)
    ws.set_column(1, len(figures) + 1, 14)
    r = 4
    base = data["organizations"][0]["depth"] if data["organizations"] else 0
    for row in data["organizations"]:
        ws.write(r, 0, "   " * (row["depth"] - base) + row["name"], cell)
        for i, f in enumerate(figures, 1):
            ws.write_number(r, i, row[f], money)
        r += 1
    if data["reconciliation"]:
        r += 1
        ws.write(r, 0, "ĐỐI CHIẾU: CẤP TRÊN NHẬN VỚI CẤP DƯỚI NỘP", wb.add_format({"bold": True}))
        r += 1
        ws.write_row(r, 0, ["Cấp dưới", "Cấp trên", "Cấp dưới nộp", "Cấp trên nhận", "Chênh lệch",
                            "Tháng chưa xác nhận", "Điều chỉnh"], bold)
        for row in data["reconciliation"]:
            r += 1
            ws.write(r, 0, row["organization"], cell)
            ws.write(r, 1, row["parent"], cell)
            ws.write_number(r, 2, row["remitted"], money)
            ws.write_number(r, 3, row["received"], money)
            ws.write_number(r, 4, row["difference"], money)
            ws.write(r, 5, ", ".join(row["unconfirmed"]), cell)
            ws.write(r, 6, "; ".join(f"{c['side_label']} tháng {c['month']}: {c['amount']} ({c['on']}, "
                                     f"{c['reason']})" for c in row["corrections"]), cell)
    if data["note"]:
        ws.write(r + 2, 0, f"Lưu ý: {data['note']}")
    wb.close()
    return out.getvalue()
