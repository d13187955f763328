"""The pipeline's papers as DOCX in the Party document format (rules.md §6: A4, Times New Roman 14, the issuing
body on the left, "ĐẢNG CỘNG SẢN VIỆT NAM" and the place and date on the right): the đơn xin vào Đảng (the
person's details filled in, the motive left for them to write by hand) and the chi bộ's nghị quyết đề nghị kết
nạp (from the recorded vote). The official form numbers of HD 12-HD/BTCTW are not quoted: the titles are."""

from __future__ import annotations

import io

from dangbo.core.docx import para, party_document, party_header
from dangbo.rules.text import format_date, format_percent

from .models import Candidate, StepKind

DOTS = "…" * 40


def _place_date(d=None) -> str:
    if d is None:
        return "……, ngày …… tháng …… năm ……"
    return f"……, ngày {d.day:02d} tháng {d.month:02d} năm {d.year}"


def _save(doc) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _last(candidate: Candidate, kind: str):
    return candidate.steps.filter(kind=kind).order_by("-on", "-id").first()


def application_docx(candidate: Candidate) -> bytes:
    """Đơn xin vào Đảng: the details the dossier holds; the person writes the rest and signs."""
    doc = party_document()
    app = _last(candidate, StepKind.APPLICATION)
    party_header(doc, [], _place_date(app.on if app else None))
    para(doc, "ĐƠN XIN VÀO ĐẢNG", bold=True, size=16, align="center")
    para(doc, f"Kính gửi: Chi ủy {candidate.organization.name}", bold=True, align="center")
    c = candidate
    para(doc, f"Tôi là: {c.full_name}    Giới tính: {c.get_gender_display()}")
    para(doc, f"Sinh ngày {c.birth_date.day:02d} tháng {c.birth_date.month:02d} năm {c.birth_date.year}")
    para(doc, f"Nơi cư trú: {c.residence or DOTS}")
    para(doc, f"Nơi công tác, học tập: {c.workplace or DOTS}")
    para(doc, f"Trình độ giáo dục phổ thông: {c.education_grade}/12")
    cert = _last(candidate, StepKind.CERTIFICATE)
    if cert:
        para(doc, f"Đã học lớp bồi dưỡng nhận thức về Đảng (giấy chứng nhận {cert.document or '……'} ngày "
                   f"{format_date(cert.on)}).")
    para(doc, "Qua học tập, nghiên cứu Điều lệ Đảng Cộng sản Việt Nam, tôi nhận thức được (người làm đơn tự viết):",
          align="justify")
    for _ in range(8):
        para(doc, DOTS + "…" * 20)
    para(doc, "Tôi tự nguyện làm đơn này xin được vào Đảng Cộng sản Việt Nam. Nếu được kết nạp vào Đảng, tôi xin "
               "hứa tuyệt đối trung thành với mục đích lý tưởng của Đảng, chấp hành nghiêm chỉnh Cương lĩnh chính trị, "
               "Điều lệ Đảng, nghị quyết, chỉ thị của Đảng, pháp luật của Nhà nước; hoàn thành tốt nhiệm vụ được "
               "giao; giữ gìn phẩm chất đạo đức, lối sống; liên hệ mật thiết với nhân dân; phục tùng tổ chức, kỷ "
               "luật của Đảng.", align="justify")
    para(doc, "NGƯỜI LÀM ĐƠN", bold=True, align="right")
    para(doc, "(Ký, ghi rõ họ và tên)", italic=True, align="right")
    para(doc, "")
    para(doc, c.full_name, bold=True, align="right")
    return _save(doc)


def branch_resolution_docx(candidate: Candidate) -> bytes:
    """Nghị quyết đề nghị kết nạp đảng viên of the chi bộ, from the recorded vote (ValueError when none)."""
    step = _last(candidate, StepKind.BRANCH_RESOLUTION)
    if step is None:
        raise ValueError("Chưa ghi nghị quyết đề nghị kết nạp của chi bộ.")
    org = candidate.organization
    doc = party_document()
    left = ([(org.parent.name, False)] if org.parent_id else []) + [(org.name, True)]
    party_header(doc, left, _place_date(step.on))
    if step.document:
        para(doc, f"Số {step.document}", align="center")
    para(doc, "NGHỊ QUYẾT", bold=True, size=16, align="center")
    para(doc, "đề nghị kết nạp đảng viên", bold=True, align="center")
    para(doc, f"Ngày {format_date(step.on)}, {org.name} đã họp để xét đề nghị kết nạp quần chúng "
               f"{candidate.full_name}, sinh ngày {format_date(candidate.birth_date)}, nơi công tác, học tập: "
               f"{candidate.workplace or '……'}, vào Đảng Cộng sản Việt Nam.", align="justify")
    intro = [s.member.full_name for s in candidate.steps.filter(kind=StepKind.INTRODUCER).select_related("member")
             if s.member_id]
    union = _last(candidate, StepKind.UNION_RESOLUTION)
    who = ", ".join(intro) + (f"; {union.issuer}" if union else "")
    para(doc, f"Người giới thiệu: {who or '……'}.", align="justify")
    against = step.official_members - step.votes_for
    share = format_percent(100 * step.votes_for / step.official_members)
    para(doc, f"Số đảng viên chính thức của chi bộ: {step.official_members}; số tán thành: {step.votes_for} "
               f"(bằng {share}); số không tán thành hoặc không biểu quyết: {against}.", align="justify")
    upper = org.parent.name if org.parent_id else "cấp ủy có thẩm quyền"
    para(doc, f"Chi bộ đề nghị {upper} xem xét, quyết định kết nạp quần chúng {candidate.full_name} vào Đảng Cộng "
               "sản Việt Nam.", align="justify")
    para(doc, "T/M CHI BỘ", bold=True, align="right")
    para(doc, "BÍ THƯ", bold=True, align="right")
    para(doc, "(Ký, ghi rõ họ và tên)", italic=True, align="right")
    return _save(doc)
