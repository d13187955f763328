"""The standard headings of a Party conference report, declared once with their order (issue 12).

Every report document (the year-end report now; the mid-year, term and consolidated ones later) is made of these
sections. A part (I., II., …) holds one or more sections; a part with one section is that section (its heading
is the part's). `figures` names the generated lines (keys of `render.context`) that belong in the section; they
stay live until the document is issued, then are stored with it (`narrative.generated_blocks`).

The headings follow the reports in ../shared/domain/examples/ (kết quả: chính trị tư tưởng, xây dựng tổ chức đảng
và đảng viên, kiểm tra giám sát, đoàn thể và dân vận, nhiệm vụ chính trị; hạn chế, nguyên nhân; bài học kinh
nghiệm; phương hướng, nhiệm vụ, chỉ tiêu). Their exact wording is the office's practice, not a rule text: an
office edits the wording in the exported .docx, and the upload reads a heading by its words without numbers.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Part:
    number: str  # "I"
    title: str  # may name {year} / {next_year}


@dataclass(frozen=True)
class Heading:
    key: str
    part: str  # Part.number
    title: str  # the section's heading ("" : the part's heading is the section's)
    figures: tuple[str, ...] = ()
    hint: str = ""  # what the section says, shown beside the editor


PARTS: tuple[Part, ...] = (
    Part("I", "KẾT QUẢ LÃNH ĐẠO THỰC HIỆN NHIỆM VỤ NĂM {year}"),
    Part("II", "HẠN CHẾ, NGUYÊN NHÂN"),
    Part("III", "BÀI HỌC KINH NGHIỆM"),
    Part("IV", "PHƯƠNG HƯỚNG, NHIỆM VỤ, CHỈ TIÊU NĂM {next_year}"),
)

HEADINGS: tuple[Heading, ...] = (
    Heading("chinh_tri_tu_tuong", "I", "Công tác chính trị, tư tưởng",
            hint="Học tập, quán triệt nghị quyết; tình hình tư tưởng cán bộ, đảng viên; học tập và làm theo "
                 "tư tưởng, đạo đức, phong cách Hồ Chí Minh."),
    Heading("to_chuc_dang_vien", "I", "Công tác xây dựng tổ chức đảng và đảng viên",
            figures=("congress_line", "org_line", "movements_line", "admission_line", "meetings_line",
                     "members_rated_line", "orgs_rated_line", "ratings_missing", "targets_lines",
                     "commendations_line", "badges_line", "dues_line"),
            hint="Kiện toàn tổ chức, sinh hoạt chi bộ, phát triển đảng viên, đánh giá, xếp loại, khen thưởng."),
    Heading("kiem_tra_giam_sat", "I", "Công tác kiểm tra, giám sát, kỷ luật đảng", figures=("inspection_line",),
            hint="Chương trình kiểm tra, giám sát; kết quả; thi hành kỷ luật; giải quyết khiếu nại, tố cáo."),
    Heading("doan_the_dan_van", "I", "Lãnh đạo các đoàn thể và công tác dân vận",
            hint="Công đoàn, đoàn thanh niên, hội cựu chiến binh; thực hiện quy chế dân chủ ở cơ sở."),
    Heading("nhiem_vu_chinh_tri", "I", "Lãnh đạo thực hiện nhiệm vụ chính trị", figures=("documents_line",),
            hint="Kết quả lãnh đạo cơ quan, đơn vị thực hiện nhiệm vụ chuyên môn được giao."),
    Heading("han_che", "II", "", hint="Hạn chế, khuyết điểm và nguyên nhân (khách quan, chủ quan)."),
    Heading("bai_hoc", "III", "", hint="Những bài học rút ra trong lãnh đạo, chỉ đạo."),
    Heading("phuong_huong", "IV", "", figures=("next_targets_lines",),
            hint="Phương hướng chung, nhiệm vụ và giải pháp, các chỉ tiêu chủ yếu năm tới."),
)
KEYS = tuple(h.key for h in HEADINGS)
BY_KEY = {h.key: h for h in HEADINGS}
PART_BY_NUMBER = {p.number: p for p in PARTS}

# Where the generated figures go inside a section's text: a line holding only this marker (else at the start).
FIGURES_MARK = "[số liệu]"


def part_title(part: Part, year: int) -> str:
    return f"{part.number}. " + part.title.format(year=year, next_year=year + 1)


def section_heading(h: Heading, year: int) -> str:
    """The words under which the section stands in the document: «1. Công tác chính trị, tư tưởng», or the part's
    heading («II. HẠN CHẾ, NGUYÊN NHÂN») for a part of one section."""
    if not h.title:
        return part_title(PART_BY_NUMBER[h.part], year)
    n = [x.key for x in HEADINGS if x.part == h.part].index(h.key) + 1
    return f"{n}. {h.title}"


def label(h: Heading, year: int) -> str:
    """A section's name on a page or in a refusal: its title, or the part's without the number."""
    return h.title or PART_BY_NUMBER[h.part].title.format(year=year, next_year=year + 1).capitalize()


def heading_key(text: str) -> str:
    """A heading's words for matching an uploaded .docx: no number, no punctuation, lower case, NFC; the year
    in a part's title is dropped («IV. PHƯƠNG HƯỚNG … NĂM 2026» matches whatever the year)."""
    t = unicodedata.normalize("NFC", text).strip().lower()
    t = re.sub(r"^\s*([ivx]+|\d+|[a-d])[.)]\s*", "", t)
    t = re.sub(r"\bnăm\s+\d{4}\b", "", t)
    t = re.sub(r"[^\w\s]", " ", t)
    return " ".join(t.split())


def blocks(text: str) -> list[dict]:
    """The paragraphs of a section's text: one per non-empty line; a line starting with «-», «+», «•» or «*» is
    a bullet (written «- …» as Party documents do). `{"text", "bullet"}`, or `{"figures": True}` at the mark."""
    out = []
    for raw in unicodedata.normalize("NFC", text or "").replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        if not line:
            continue
        if line.lower() == FIGURES_MARK:
            out.append({"figures": True})
            continue
        m = re.match(r"^[-+•*]\s*(.*)$", line)
        out.append({"text": m.group(1).strip(), "bullet": True} if m else {"text": line, "bullet": False})
    return out
