"""The pipeline's papers as DOCX in the Party document format (rules.md §6: A4, Times New Roman 14, the issuing
body on the left, "ĐẢNG CỘNG SẢN VIỆT NAM" and the place and date on the right): the đơn xin vào Đảng (the
person's details filled in, the motive left for them to write by hand) and the chi bộ's nghị quyết đề nghị kết
nạp (from the recorded vote), each introducer's phiếu giới thiệu người vào Đảng and the quyết định kết nạp
(from the recorded decision). The official form numbers of HD 12-HD/BTCTW are not quoted: the titles are."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from dangbo.core.docx import docx_bytes, para, party_document, party_header, signature
from dangbo.organizations.queries import admission_decider
from dangbo.rules.text import format_date, format_percent

from .models import Candidate, StepKind

DOTS = "…" * 40


def _place_date(d=None) -> str:
    if d is None:
        return "……, ngày …… tháng …… năm ……"
    return f"……, ngày {d.day:02d} tháng {d.month:02d} năm {d.year}"


def _issued_paper(org, step, title: str, subject: str):
    """A paper issued by `org` (under its upper level) from a recorded step: the head, the step's number, the
    title and what it is about."""
    doc = party_document()
    left = ([(org.parent.name, False)] if org.parent_id else []) + [(org.name, True)]
    party_header(doc, left, _place_date(step.on))
    if step.document:
        para(doc, f"Số {step.document}", align="center")
    para(doc, title, bold=True, size=16, align="center")
    para(doc, subject, bold=True, align="center")
    return doc


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
    signature(doc, "NGƯỜI LÀM ĐƠN", name=c.full_name)
    return docx_bytes(doc)


def branch_resolution_docx(candidate: Candidate) -> bytes:
    """Nghị quyết đề nghị kết nạp đảng viên of the chi bộ, from the recorded vote (ValueError when none)."""
    step = _last(candidate, StepKind.BRANCH_RESOLUTION)
    if step is None:
        raise ValueError(gettext_lazy("Chưa ghi nghị quyết đề nghị kết nạp của chi bộ."))
    org = candidate.organization
    doc = _issued_paper(org, step, "NGHỊ QUYẾT", "đề nghị kết nạp đảng viên")
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
    decider = admission_decider(org)
    upper = decider.name if decider.pk != org.pk else "cấp ủy có thẩm quyền"
    para(doc, f"Chi bộ đề nghị {upper} xem xét, quyết định kết nạp quần chúng {candidate.full_name} vào Đảng Cộng "
               "sản Việt Nam.", align="justify")
    signature(doc, "T/M CHI BỘ", "BÍ THƯ")
    return docx_bytes(doc)


def _day(d) -> str:
    return format_date(d) if d else "……"


def introducer_docx(candidate: Candidate) -> bytes:
    """Phiếu giới thiệu người vào Đảng: one page per introducer recorded (their details and the months they
    worked or lived with the person filled in; the assessment left for them to write by hand and sign).
    ValueError when no introducer is recorded (the union's resolution introduces instead)."""
    steps = list(candidate.steps.filter(kind=StepKind.INTRODUCER, member__isnull=False)
                 .select_related("member__organization").order_by("on", "id"))
    if not steps:
        raise ValueError(gettext_lazy("Chưa ghi đảng viên giới thiệu."))
    c, org = candidate, candidate.organization
    doc = party_document()
    for n, step in enumerate(steps):
        m = step.member
        if n:
            doc.add_page_break()
        party_header(doc, [], _place_date(step.on))
        para(doc, "PHIẾU GIỚI THIỆU NGƯỜI VÀO ĐẢNG", bold=True, size=16, align="center")
        para(doc, f"Kính gửi: Chi bộ {org.name.removeprefix('Chi bộ ')}", bold=True, align="center")
        para(doc, f"Tôi là: {m.full_name}, sinh ngày {_day(m.birth_date)}", align="justify")
        para(doc, f"Vào Đảng ngày {_day(m.ceremony_date or m.admission_decision_date)}, chính thức ngày "
                   f"{_day(m.official_date)}", align="justify")
        para(doc, f"Đang sinh hoạt tại {m.organization.name}", align="justify")
        months = f"{step.months_known} tháng" if step.months_known is not None else "…… tháng"
        para(doc, f"Được cùng công tác, học tập, cư trú với quần chúng {c.full_name}, sinh ngày "
                   f"{_day(c.birth_date)}, nơi công tác, học tập: {c.workplace or '……'}, trong {months}.",
              align="justify")
        para(doc, "Tôi giới thiệu quần chúng trên với chi bộ và báo cáo về người được giới thiệu như sau (người "
                   "giới thiệu tự viết: lý lịch, phẩm chất chính trị, đạo đức, lối sống; năng lực công tác; quan hệ "
                   "quần chúng; ưu điểm, khuyết điểm chính):", align="justify")
        for _ in range(8):
            para(doc, DOTS + "…" * 20)
        para(doc, "Tôi xin chịu trách nhiệm trước Đảng về sự giới thiệu của mình.", align="justify")
        signature(doc, "NGƯỜI GIỚI THIỆU", name=m.full_name)
    return docx_bytes(doc)


def decision_docx(candidate: Candidate) -> bytes:
    """Quyết định kết nạp đảng viên, from the recorded decision and the resolutions before it (ValueError when
    no decision is recorded). The probation runs 12 months from the ceremony (Điều lệ Đảng, Điều 5)."""
    step = _last(candidate, StepKind.DECISION)
    if step is None:
        raise ValueError(gettext_lazy("Chưa ghi quyết định kết nạp."))
    c, org = candidate, candidate.organization
    issuing = admission_decider(org)
    doc = _issued_paper(issuing, step, "QUYẾT ĐỊNH", "kết nạp đảng viên")
    para(doc, "-----", align="center")
    para(doc, (step.issuer or f"Đảng ủy {issuing.name}").upper(), bold=True, align="center")
    para(doc, "- Căn cứ Điều lệ Đảng Cộng sản Việt Nam và các quy định, hướng dẫn thi hành Điều lệ Đảng;",
          align="justify")
    branch = _last(c, StepKind.BRANCH_RESOLUTION)
    if branch:
        para(doc, f"- Xét nghị quyết đề nghị kết nạp đảng viên của {org.name}"
                   + (f" số {branch.document}" if branch.document else "") + f" ngày {format_date(branch.on)};",
              align="justify")
    committee = _last(c, StepKind.COMMITTEE_RESOLUTION)
    if committee:
        number = f" số {committee.document}" if committee.document else ""
        para(doc, f"- Xét nghị quyết của {committee.issuer or 'đảng ủy cơ sở'}{number} ngày "
                   f"{format_date(committee.on)};", align="justify")
    para(doc, "QUYẾT ĐỊNH:", bold=True, align="center")
    para(doc, f"Điều 1. Kết nạp quần chúng {c.full_name}, sinh ngày {format_date(c.birth_date)}, nơi công tác, "
               f"học tập: {c.workplace or '……'}, nơi cư trú: {c.residence or '……'}, vào Đảng Cộng sản Việt Nam.",
          align="justify")
    para(doc, f"Điều 2. Đồng chí {c.full_name} là đảng viên dự bị; thời gian dự bị là 12 tháng, kể từ ngày chi bộ "
               "tổ chức lễ kết nạp.", align="justify")
    para(doc, f"Điều 3. {org.name} tổ chức lễ kết nạp và cùng đồng chí {c.full_name} thi hành quyết định này.",
          align="justify")
    signature(doc, f"T/M {(step.issuer or 'Đảng ủy').upper()}", note="(Ký, ghi rõ họ và tên, đóng dấu)")
    return docx_bytes(doc)
