"""File helpers of the tests (not fixtures): a small .xlsx built in memory, the words of a rendered report."""

import io
import re
import subprocess

import xlsxwriter


def xlsx_bytes(rows, head, sheet: str | None = None) -> bytes:
    """A workbook whose first sheet has `head` in row 1 and `rows` below; None cells are left empty."""
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet(sheet)
    ws.write_row(0, 0, head)
    for r, row in enumerate(rows, start=1):
        for c, v in enumerate(row):
            if v is not None:
                ws.write(r, c, v)
    wb.close()
    return buf.getvalue()


def words(text: str) -> str:
    """`text` with every run of white space as one space (a PDF breaks lines anywhere)."""
    return re.sub(r"\s+", " ", text)


def report_pdf_words(data: dict, tmp_path, pdftotext, made_on, name: str = "bao-cao") -> str:
    """The year-end report of `data` rendered to .docx, converted to PDF by LibreOffice and read back as words."""
    from dangbo.reports import render

    docx, pdf = tmp_path / f"{name}.docx", tmp_path / f"{name}.pdf"
    with open(docx, "wb") as fh:
        render.render_docx(data, fh, made_on=made_on)
    render.docx_to_pdf(str(docx), str(pdf))
    return words(subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, check=True, text=True).stdout)
