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
    kind: str = "year_end"  # the document kind whose headings these are (models.Kind)


PARTS: tuple[Part, ...] = (
    Part("I", "KẾT QUẢ LÃNH ĐẠO THỰC HIỆN NHIỆM VỤ NĂM {year}"),
    Part("II", "HẠN CHẾ, NGUYÊN NHÂN"),
    Part("III", "BÀI HỌC KINH NGHIỆM"),
    Part("IV", "PHƯƠNG HƯỚNG, NHIỆM VỤ, CHỈ TIÊU NĂM {next_year}"),
)

# Part I's sections on the fields of Party work: the same heading in every kind of review that has them.
RESULT_TITLES = {
    "chinh_tri_tu_tuong": "Công tác chính trị, tư tưởng",
    "to_chuc_dang_vien": "Công tác xây dựng tổ chức đảng và đảng viên",
    "kiem_tra_giam_sat": "Công tác kiểm tra, giám sát, kỷ luật đảng",
    "doan_the_dan_van": "Lãnh đạo các đoàn thể và công tác dân vận",
    "nhiem_vu_chinh_tri": "Lãnh đạo thực hiện nhiệm vụ chính trị",
}


def _results(kind: str, hints: dict[str, str], figures: dict[str, tuple[str, ...]]) -> tuple[Heading, ...]:
    """Part I's sections of `kind` in the order of `hints` (key: what the section says), with their `figures`."""
    return tuple(Heading(key, "I", RESULT_TITLES[key], figures=figures.get(key, ()), hint=hint, kind=kind)
                 for key, hint in hints.items())


HEADINGS: tuple[Heading, ...] = (
    *_results("year_end", {
        "chinh_tri_tu_tuong": "Học tập, quán triệt nghị quyết; tình hình tư tưởng cán bộ, đảng viên; học tập và làm "
                              "theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.",
        "to_chuc_dang_vien": "Kiện toàn tổ chức, sinh hoạt chi bộ, phát triển đảng viên, đánh giá, xếp loại, khen "
                             "thưởng.",
        "kiem_tra_giam_sat": "Chương trình kiểm tra, giám sát; kết quả; thi hành kỷ luật; giải quyết khiếu nại, tố "
                             "cáo.",
        "doan_the_dan_van": "Công đoàn, đoàn thanh niên, hội cựu chiến binh; thực hiện quy chế dân chủ ở cơ sở.",
        "nhiem_vu_chinh_tri": "Kết quả lãnh đạo cơ quan, đơn vị thực hiện nhiệm vụ chuyên môn được giao.",
    }, {
        "to_chuc_dang_vien": ("congress_line", "org_line", "movements_line", "admission_line", "meetings_line",
                              "members_rated_line", "orgs_rated_line", "ratings_missing", "targets_lines",
                              "commendations_line", "badges_line", "dues_line"),
        "kiem_tra_giam_sat": ("inspection_line",),
        "nhiem_vu_chinh_tri": ("documents_line",),
    }),
    Heading("han_che", "II", "", hint="Hạn chế, khuyết điểm và nguyên nhân (khách quan, chủ quan)."),
    Heading("bai_hoc", "III", "", hint="Những bài học rút ra trong lãnh đạo, chỉ đạo."),
    Heading("phuong_huong", "IV", "", figures=("next_targets_lines",),
            hint="Phương hướng chung, nhiệm vụ và giải pháp, các chỉ tiêu chủ yếu năm tới."),
)
KEYS = tuple(h.key for h in HEADINGS)
BY_KEY = {h.key: h for h in HEADINGS}
PART_BY_NUMBER = {p.number: p for p in PARTS}

# -- the mid-year review (sơ kết 6 tháng): the first half against the year's resolution, the second half's tasks.
# As the office's conference of 08/7/2021 was held (../shared/domain/examples/2021-07-…): «sơ kết tình hình thực
# hiện Nghị quyết 6 tháng đầu năm và đề ra phương hướng nhiệm vụ 6 tháng cuối năm». Figures as of 30/06.
MID_YEAR = "mid_year"
MID_YEAR_PARTS: tuple[Part, ...] = (
    Part("I", "KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT 6 THÁNG ĐẦU NĂM {year}"),
    Part("II", "HẠN CHẾ, NGUYÊN NHÂN"),
    Part("III", "PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM {year}"),
)
MID_YEAR_HEADINGS: tuple[Heading, ...] = (
    *_results(MID_YEAR, {
        "chinh_tri_tu_tuong": "Học tập, quán triệt nghị quyết, chỉ thị trong 6 tháng; tình hình tư tưởng cán bộ, "
                              "đảng viên.",
        "to_chuc_dang_vien": "Kiện toàn tổ chức, sinh hoạt chi bộ, phát triển đảng viên trong 6 tháng đầu năm.",
        "kiem_tra_giam_sat": "Thực hiện chương trình kiểm tra, giám sát 6 tháng đầu năm; thi hành kỷ luật (nếu có).",
        "doan_the_dan_van": "Công đoàn, đoàn thanh niên, hội cựu chiến binh; quy chế dân chủ ở cơ sở.",
        "nhiem_vu_chinh_tri": "Kết quả lãnh đạo cơ quan thực hiện nhiệm vụ chuyên môn 6 tháng đầu năm.",
    }, {"to_chuc_dang_vien": ("org_line", "movements_line", "admission_line")}),
    Heading("chi_tieu", "I", "Kết quả thực hiện các chỉ tiêu của nghị quyết năm", kind=MID_YEAR,
            figures=("targets_lines",),
            hint="Số liệu tự động: các chỉ tiêu của nghị quyết năm tính đến ngày 30/6; nhận xét thêm nếu cần."),
    Heading("han_che", "II", "", kind=MID_YEAR, hint="Hạn chế, khuyết điểm 6 tháng đầu năm và nguyên nhân."),
    Heading("phuong_huong", "III", "", kind=MID_YEAR, figures=("remaining_targets_lines",),
            hint="Nhiệm vụ trọng tâm 6 tháng cuối năm; các chỉ tiêu của nghị quyết năm cần tập trung."),
)

# -- the political report of a congress (báo cáo chính trị): the term reviewed against the previous congress's
# targets, and the new term's targets (../shared/domain/examples/2020-06-…: «Nhiệm kỳ 2015 - 2020 … triển khai có
# hiệu quả các mục tiêu nghị quyết Đại hội Đảng bộ lần thứ IX …; mục tiêu, phương hướng, nhiệm vụ nhiệm kỳ
# 2020-2025 …»). The document's year is the congress's year: {prev_term} = year-5 - year, {term} = year - year+5
# (a term is five years, Điều lệ Đảng, Điều 11).
POLITICAL = "political"
POLITICAL_PARTS: tuple[Part, ...] = (
    Part("I", "KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT ĐẠI HỘI NHIỆM KỲ {prev_term}"),
    Part("II", "HẠN CHẾ, KHUYẾT ĐIỂM VÀ NGUYÊN NHÂN"),
    Part("III", "BÀI HỌC KINH NGHIỆM"),
    Part("IV", "MỤC TIÊU, PHƯƠNG HƯỚNG, NHIỆM VỤ NHIỆM KỲ {term}"),
)
POLITICAL_HEADINGS: tuple[Heading, ...] = (
    *_results(POLITICAL, {
        "nhiem_vu_chinh_tri": "Kết quả lãnh đạo cơ quan thực hiện nhiệm vụ chính trị trong nhiệm kỳ.",
        "chinh_tri_tu_tuong": "Học tập, quán triệt nghị quyết; tình hình tư tưởng; học tập và làm theo Bác trong "
                              "nhiệm kỳ.",
        "to_chuc_dang_vien": "Tổ chức, sinh hoạt, phát triển đảng viên, đánh giá xếp loại qua các năm của nhiệm kỳ.",
        "kiem_tra_giam_sat": "Kết quả kiểm tra, giám sát, thi hành kỷ luật trong nhiệm kỳ.",
        "doan_the_dan_van": "Công đoàn, đoàn thanh niên, hội cựu chiến binh; quy chế dân chủ.",
    }, {
        "to_chuc_dang_vien": ("term_org_line", "term_movements_line", "term_admissions_line", "term_ratings_line",
                              "term_commendations_line"),
        "kiem_tra_giam_sat": ("term_inspection_line",),
    }),
    Heading("chi_tieu", "I", "Kết quả thực hiện các chỉ tiêu Nghị quyết Đại hội", kind=POLITICAL,
            figures=("targets_lines",),
            hint="Số liệu tự động: các chỉ tiêu của nghị quyết đại hội nhiệm kỳ trước, tính đến cuối nhiệm kỳ."),
    Heading("han_che", "II", "", kind=POLITICAL, hint="Hạn chế, khuyết điểm trong nhiệm kỳ; nguyên nhân."),
    Heading("bai_hoc", "III", "", kind=POLITICAL, hint="Những bài học rút ra qua nhiệm kỳ."),
    Heading("phuong_huong", "IV", "", kind=POLITICAL, figures=("next_targets_lines",),
            hint="Mục tiêu tổng quát, các chỉ tiêu chủ yếu, nhiệm vụ và giải pháp của nhiệm kỳ mới."),
)

# -- the cấp ủy's self-review of the term (báo cáo kiểm điểm sự lãnh đạo, chỉ đạo của Ban Chấp hành), presented
# to the same congress beside the political report: its own headings (the usual outline of the review).
COMMITTEE_REVIEW = "committee_review"
COMMITTEE_REVIEW_PARTS: tuple[Part, ...] = (
    Part("I", "ĐẶC ĐIỂM TÌNH HÌNH"),
    Part("II", "KẾT QUẢ KIỂM ĐIỂM SỰ LÃNH ĐẠO, CHỈ ĐẠO NHIỆM KỲ {prev_term}"),
    Part("III", "PHƯƠNG HƯỚNG, BIỆN PHÁP KHẮC PHỤC"),
)
COMMITTEE_REVIEW_HEADINGS: tuple[Heading, ...] = (
    Heading("dac_diem", "I", "", kind=COMMITTEE_REVIEW, figures=("committee_line", "term_org_line"),
            hint="Ban Chấp hành được bầu tại đại hội; thay đổi trong nhiệm kỳ; thuận lợi, khó khăn."),
    Heading("uu_diem", "II", "Ưu điểm", kind=COMMITTEE_REVIEW,
            hint="Việc thực hiện chức năng lãnh đạo, chỉ đạo; nguyên tắc tập trung dân chủ; quy chế làm việc."),
    Heading("khuyet_diem", "II", "Hạn chế, khuyết điểm", kind=COMMITTEE_REVIEW,
            hint="Hạn chế, khuyết điểm trong lãnh đạo, chỉ đạo của Ban Chấp hành."),
    Heading("nguyen_nhan", "II", "Nguyên nhân", kind=COMMITTEE_REVIEW,
            hint="Nguyên nhân khách quan, chủ quan của hạn chế, khuyết điểm."),
    Heading("khac_phuc", "III", "", kind=COMMITTEE_REVIEW,
            hint="Phương hướng, biện pháp khắc phục trong nhiệm kỳ tới."),
)

# -- the consolidated report of an upper level (báo cáo tổng hợp, ../shared/domain/examples/2021-01-…: «Đảng ủy Các
# cơ quan tỉnh hiện có 70 chi, đảng bộ cơ sở với tổng số 2.983 đảng viên …»): the year-end report's headings; the
# figures are the sums of the submissions the upper level accepted (consolidated.lines), with their coverage.
CONSOLIDATED = "consolidated"
CONSOLIDATED_HEADINGS: tuple[Heading, ...] = tuple(
    Heading(h.key, h.part, h.title, figures=("consolidated_lines",) if h.key == "to_chuc_dang_vien" else (),
            kind=CONSOLIDATED,
            hint=("Số liệu tự động: tổng hợp từ báo cáo năm các tổ chức trực thuộc đã nộp (bao nhiêu tổ chức, tổ "
                  "chức nào chưa nộp); nhận xét thêm về kiện toàn tổ chức, phát triển đảng viên, đánh giá, xếp loại."
                  if h.key == "to_chuc_dang_vien" else h.hint))
    for h in HEADINGS)

KIND_PARTS = {"year_end": PARTS, MID_YEAR: MID_YEAR_PARTS, POLITICAL: POLITICAL_PARTS,
              COMMITTEE_REVIEW: COMMITTEE_REVIEW_PARTS, CONSOLIDATED: PARTS}
KIND_HEADINGS = {"year_end": HEADINGS, MID_YEAR: MID_YEAR_HEADINGS, POLITICAL: POLITICAL_HEADINGS,
                 COMMITTEE_REVIEW: COMMITTEE_REVIEW_HEADINGS, CONSOLIDATED: CONSOLIDATED_HEADINGS}
TERM_KINDS = (POLITICAL, COMMITTEE_REVIEW)
TERM_YEARS = 5


def headings(kind: str = "year_end") -> tuple[Heading, ...]:
    return KIND_HEADINGS[kind]


def parts(kind: str = "year_end") -> tuple[Part, ...]:
    return KIND_PARTS[kind]


def keys(kind: str = "year_end") -> tuple[str, ...]:
    return tuple(h.key for h in KIND_HEADINGS[kind])


def by_key(kind: str = "year_end") -> dict[str, Heading]:
    return {h.key: h for h in KIND_HEADINGS[kind]}


def term_words(year: int) -> dict[str, str]:
    """«2015 - 2020» and «2020 - 2025» for a congress held in 2020 (the Party's way of writing a term)."""
    return {"prev_term": f"{year - TERM_YEARS} - {year}", "term": f"{year} - {year + TERM_YEARS}"}


def _title(part: Part, year: int) -> str:
    return part.title.format(year=year, next_year=year + 1, **term_words(year))


def _part_of(h: Heading) -> Part:
    return {p.number: p for p in KIND_PARTS[h.kind]}[h.part]


def part_title(part: Part, year: int) -> str:
    return f"{part.number}. " + _title(part, year)


def section_heading(h: Heading, year: int) -> str:
    """The words under which the section stands in the document: «1. Công tác chính trị, tư tưởng», or the part's
    heading («II. HẠN CHẾ, NGUYÊN NHÂN») for a part of one section."""
    if not h.title:
        return part_title(_part_of(h), year)
    n = [x.key for x in KIND_HEADINGS[h.kind] if x.part == h.part].index(h.key) + 1
    return f"{n}. {h.title}"


def label(h: Heading, year: int) -> str:
    """A section's name on a page or in a refusal: its title, or the part's without the number."""
    return h.title or _title(_part_of(h), year).capitalize()


# Where the generated figures go inside a section's text: a line holding only this marker (else at the start).
FIGURES_MARK = "[số liệu]"


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
