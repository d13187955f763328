"""XlsxWriter workbooks that are safe to open: every writer of .xlsx builds its workbook here.

The rules package stays pure Python; the formula-neutralising helpers for text and CSV are in
dangbo.rules.spreadsheet.
"""

import xlsxwriter


def xlsx_workbook(out, options: dict | None = None):
    """An XlsxWriter workbook that never turns a string into a formula, a link or a number."""
    return xlsxwriter.Workbook(out, {**(options or {}), "strings_to_formulas": False, "strings_to_urls": False,
                                     "strings_to_numbers": False})
