"""The shared pieces of the Party-format papers (dangbo/core/docx.py): the signature block and the finished file."""

import io

from docx import Document

from dangbo.core.docx import docx_bytes, party_document, signature


def _lines(data: bytes) -> list[tuple[str, bool | None, bool | None]]:
    doc = Document(io.BytesIO(data))
    return [(p.text, p.runs[0].bold if p.runs else None, p.runs[0].italic if p.runs else None)
            for p in doc.paragraphs]


def test_signature_with_titles_note_and_name():
    doc = party_document()
    signature(doc, "T/M CHI BỘ", "BÍ THƯ")
    signature(doc, "NGƯỜI LÀM ĐƠN", name="Phan Thị Thu Trang")
    signature(doc, "T/M ĐẢNG ỦY", note="(Ký, ghi rõ họ và tên, đóng dấu)")
    assert _lines(docx_bytes(doc)) == [
        ("T/M CHI BỘ", True, False), ("BÍ THƯ", True, False), ("(Ký, ghi rõ họ và tên)", False, True),
        ("NGƯỜI LÀM ĐƠN", True, False), ("(Ký, ghi rõ họ và tên)", False, True), ("", None, None),
        ("Phan Thị Thu Trang", True, False),
        ("T/M ĐẢNG ỦY", True, False), ("(Ký, ghi rõ họ và tên, đóng dấu)", False, True),
    ]
