"""The four rating regimes by classification year (rules.md §1, §1A), each rule with its document, clause,
period and confidence:

* 2018: QĐ 132-QĐ/TW + HD 16-HD/BTCTW (HD 16's content is not in the research: its rules are the
  HD 21 rules applied as UNCONFIRMED fallbacks, advisory only);
* 2019–2022: QĐ 132-QĐ/TW + HD 21-HD/BTCTW;
* 2023–2024: QĐ 124-QĐ/TW + HD 25-HD/BTCTW;
* 2025 onwards: QĐ 366-QĐ/TW + HD 43-HD/BTCTW.
"""

from __future__ import annotations

from .rating_types import (
    DISCRETION_IF_SELF_DETECTED,
    EXEMPT_IF_SELF_DETECTED,
    RatingRegime,
    register_regime,
    year_span,
)
from .sources import CONFIRMED, PARTLY_CONFIRMED, UNCONFIRMED
from .text import text as _

# --- documents ---------------------------------------------------------------------------------------

QD132 = "Quy định 132-QĐ/TW ngày 08/3/2018 của Bộ Chính trị"
HD16 = "Hướng dẫn 16-HD/BTCTW ngày 24/9/2018 của Ban Tổ chức Trung ương"
HD21 = "Hướng dẫn 21-HD/BTCTW ngày 18/10/2019 của Ban Tổ chức Trung ương"
QD124 = "Quy định 124-QĐ/TW ngày 04/10/2023 của Bộ Chính trị"
HD25 = "Hướng dẫn 25-HD/BTCTW ngày 10/11/2023 của Ban Tổ chức Trung ương"
QD366 = "Quy định 366-QĐ/TW ngày 30/8/2025 của Bộ Chính trị"
HD43 = "Hướng dẫn 43-HD/BTCTW ngày 31/10/2025 của Ban Tổ chức Trung ương"

GH = "https://github.com/tnt305/tai_lieu_noi_bo/blob/94c5034af72cc7e5020694d06eceb126a103d48b/src/etl/dataset/"
URL_HD21_QUOTA = (
    "https://thuvienphapluat.vn/hoi-dap-phap-luat/4C187-hd-co-giay-khen-hoan-thanh-xuat-sac-nhiem-vu-co-"
    "duoc-coi-la-dang-vien-du-tu-cach-hoan-thanh-xuat-sac-nhiem-vu.html"
)
URL_HD21_ORG = (
    "https://thuvienphapluat.vn/phap-luat/dieu-kien-de-to-chuc-dang-duoc-danh-gia-xep-loai-chat-luong-o-"
    "muc-hoan-thanh-xuat-sac-nhiem-vu-la-g-127357-56271.html"
)
URL_HD21_EXEMPT = (
    "https://lawnet.vn/ngan-hang-phap-luat/tu-van-phap-luat/bo-may-hanh-chinh/dang-vien-du-bi-co-phai-viet-"
    "ban-kiem-diem-danh-gia-cuoi-nam-khong-356189"
)
URL_HD21_KHTNV = (
    "https://thuvienphapluat.vn/hoi-dap-phap-luat/iframe/4B9E1-hd-tieu-chuan-danh-gia-dang-vien-khong-hoan-"
    "thanh-nhiem-vu-tu-18-10-2019.html"
)
URL_HD21_LEADER = (
    "https://thuvienphapluat.vn/hoi-dap-phap-luat/iframe/4BA5B-hd-dang-vien-giu-chuc-vu-quan-ly-bi-ky-luat-"
    "canh-cao-thi-xep-loai-dang-vien-ra-sao.html"
)
URL_HD21_SELF = (
    "https://thuvienphapluat.vn/hoi-dap-phap-luat/iframe/4CA8C-hd-dang-vien-vang-mat-trong-cuoc-hop-danh-"
    "gia-xep-loai-chat-luong-co-duoc-xep-loai-khong.html"
)
URL_HD21_TEMP = (
    "https://nganhangphapluat.thukyluat.vn/tu-van-phap-luat/bo-may-hanh-chinh/dang-vien-sinh-hoat-tam-thoi-"
    "co-duoc-xet-danh-gia-dang-cuoi-nam-310324"
)
URL_QD124_KHTNV = (
    "https://xaydungchinhsach.chinhphu.vn/print/quy-dinh-124-qd-tw-cac-truong-hop-tap-the-ca-nhan-duoc-xep-"
    "loai-khong-hoan-thanh-nhiem-vu-119231009165620474.htm"
)
URL_QD124_LEVELS = (
    "https://lawnet.vn/laws/nhung-luu-y-trong-viec-xep-loai-dang-vien-la-gi-quy-trinh-danh-gia-xep-loai-"
    "dang-vien-theo-quy-dinh-414443-128359.html"
)
URL_QD366_EXCELLENT = (
    "http://tintuc.thuvienphapluat.com/ho-tro-phap-luat/tu-van-phap-luat/100238/ty-le-dang-vien-hoan-"
    "thanh-xuat-sac-nhiem-vu-nam-2025"
)

FALLBACK_NOTE = (
    "Quy tắc của HD 21 (2019–2022) dùng tạm cho năm này vì chưa tìm được văn bản trích dẫn; chỉ cảnh báo, "
    "không chặn quyết định (rules.md §1.6, §8)."
)


C_LEVELS = (
    "4 mức: Hoàn thành xuất sắc nhiệm vụ; Hoàn thành tốt nhiệm vụ; Hoàn thành nhiệm vụ; Không hoàn thành "
    "nhiệm vụ"
)
C_EXEMPT = (
    "Không đánh giá, xếp loại đảng viên được miễn công tác và sinh hoạt đảng, đảng viên bị đình chỉ sinh "
    "hoạt đảng (cấp ủy viên chỉ bị đình chỉ sinh hoạt cấp ủy vẫn kiểm điểm, xếp loại)"
)
C_NEW_MEMBER = (
    "Không đánh giá, xếp loại đảng viên mới kết nạp chưa đủ 06 tháng, nhưng vẫn phải kiểm điểm"
)
C_NEW_ORG = "Không đánh giá, xếp loại tổ chức đảng mới thành lập chưa đủ 06 tháng, nhưng vẫn phải kiểm điểm"
C_SELF_REVIEW = "Tập thể, cá nhân phải hoàn thành việc kiểm điểm mới được đánh giá, xếp loại chất lượng"
C_DISCIPLINE = (
    "Không hoàn thành nhiệm vụ: đảng viên bị thi hành kỷ luật trong năm (một vi phạm bị xử lý kỷ luật chỉ "
    "tính một lần khi xếp loại)"
)
C_DEGRADATION = "Không hoàn thành nhiệm vụ: có kết luận suy thoái về tư tưởng chính trị, đạo đức, lối sống"
C_SICK = (
    "Đảng viên nghỉ ốm tổng thời gian trong năm từ 03 tháng trở lên thì không xếp loại đạt mức 'Hoàn thành "
    "tốt nhiệm vụ' trở lên"
)
C_MATERNITY = "Đảng viên nghỉ thai sản: xếp loại theo kết quả của thời gian làm việc thực tế"
C_TEMPORARY = (
    "Đảng viên sinh hoạt tạm thời được kiểm điểm, xếp loại ở chi bộ nơi sinh hoạt chính thức, căn cứ ý kiến "
    "nhận xét bằng văn bản của chi bộ nơi sinh hoạt tạm thời"
)
C_CIVIL = (
    "Đảng viên là cán bộ, công chức, viên chức phải được xếp loại cán bộ, công chức, viên chức 'Hoàn thành "
    "xuất sắc nhiệm vụ' (để được HTXSNV); xếp loại CBCCVC 'Không hoàn thành nhiệm vụ' thì KHTNV"
)
C_ORG_EXCELLENT = (
    "Tổ chức đảng HTXSNV: đảng bộ có 100% tổ chức đảng trực thuộc, chi bộ có 100% đảng viên được xếp loại "
    "'Hoàn thành nhiệm vụ' trở lên, trong đó có từ 80% 'Hoàn thành tốt nhiệm vụ' trở lên"
)
C_ORG_LEADER = (
    "Tập thể Không hoàn thành nhiệm vụ: có thành viên của tập thể lãnh đạo, quản lý bị xử lý kỷ luật từ "
    "cảnh cáo trở lên"
)
C_QUOTA_21 = (
    "Số lượng đảng viên được xếp loại 'Hoàn thành xuất sắc nhiệm vụ' không vượt quá 20% số đảng viên được "
    "xếp loại 'Hoàn thành tốt nhiệm vụ' trong từng tổ chức cơ sở đảng"
)
C_QUOTA_ORG = "Số lượng tổ chức đảng 'Hoàn thành xuất sắc nhiệm vụ' không vượt quá 20% số 'Hoàn thành tốt nhiệm vụ'"

Y2018 = year_span(2018, 2018)
Y2019 = year_span(2019, 2022)
Y2023 = year_span(2023, 2024)
Y2025 = year_span(2025, None)

D2018 = f"{QD132}; {HD16}"
D2019 = f"{QD132}; {HD21}"
D2023 = f"{QD124}; {HD25}"
D2025 = f"{QD366}; {HD43}"

RULES_2018 = register_regime(
    "2018",
    Y2018,
    {
        "levels": (D2018, C_LEVELS, PARTLY_CONFIRMED, "rules.md §1.1: cùng 4 mức với 132/21, 124, 366."),
        "exempt_members": (D2018, C_EXEMPT, UNCONFIRMED, FALLBACK_NOTE),
        "new_member": (D2018, C_NEW_MEMBER, UNCONFIRMED, FALLBACK_NOTE),
        "new_org": (D2018, C_NEW_ORG, UNCONFIRMED, FALLBACK_NOTE),
        "self_review_first": (D2018, C_SELF_REVIEW, UNCONFIRMED, FALLBACK_NOTE),
        "discipline": (D2018, C_DISCIPLINE, UNCONFIRMED, FALLBACK_NOTE),
        "degradation": (D2018, C_DEGRADATION, UNCONFIRMED, FALLBACK_NOTE),
        "sick_leave_cap": (D2018, C_SICK, UNCONFIRMED, FALLBACK_NOTE),
        "maternity": (D2018, C_MATERNITY, UNCONFIRMED, FALLBACK_NOTE),
        "temporary_activity": (D2018, C_TEMPORARY, UNCONFIRMED, FALLBACK_NOTE),
        "civil_servant": (D2018, C_CIVIL, UNCONFIRMED, FALLBACK_NOTE),
        "org_excellent_children": (D2018, C_ORG_EXCELLENT, UNCONFIRMED, FALLBACK_NOTE),
        "org_leadership_discipline": (D2018, C_ORG_LEADER, UNCONFIRMED, FALLBACK_NOTE),
        "quota_members": (D2018, C_QUOTA_21, UNCONFIRMED, FALLBACK_NOTE),
        "quota_organizations": (D2018, C_QUOTA_ORG, UNCONFIRMED, FALLBACK_NOTE),
    },
)

RULES_2019 = register_regime(
    "2019",
    Y2019,
    {
        "levels": (D2019, C_LEVELS, CONFIRMED, "", URL_HD21_QUOTA),
        "exempt_members": (HD21, C_EXEMPT, CONFIRMED, "", URL_HD21_EXEMPT),
        "new_member": (HD21, C_NEW_MEMBER, CONFIRMED, "", URL_HD21_EXEMPT),
        "new_org": (HD21, C_NEW_ORG, CONFIRMED, "", URL_HD21_EXEMPT),
        "self_review_first": (HD21, C_SELF_REVIEW, CONFIRMED, "", URL_HD21_SELF),
        "discipline": (HD21, C_DISCIPLINE, CONFIRMED, "Không có ngoại lệ tự phát hiện.", URL_HD21_KHTNV),
        "degradation": (HD21, C_DEGRADATION, CONFIRMED, "", URL_HD21_KHTNV),
        "sick_leave_cap": (HD21, C_SICK, CONFIRMED, "", URL_HD21_EXEMPT),
        "maternity": (HD21, C_MATERNITY, CONFIRMED, "", URL_HD21_EXEMPT),
        "temporary_activity": (HD21, C_TEMPORARY, CONFIRMED, "", URL_HD21_TEMP),
        "civil_servant": (HD21, C_CIVIL, CONFIRMED, "", URL_HD21_QUOTA),
        "org_excellent_children": (HD21, C_ORG_EXCELLENT, CONFIRMED, "", URL_HD21_ORG),
        "org_leadership_discipline": (HD21, C_ORG_LEADER, CONFIRMED, "", URL_HD21_LEADER),
        "quota_members": (
            HD21,
            C_QUOTA_21,
            CONFIRMED,
            "Tính trong từng tổ chức cơ sở đảng (gộp các chi bộ của đảng bộ cơ sở); do cấp có thẩm quyền áp "
            "dụng.",
            URL_HD21_QUOTA,
        ),
        "quota_organizations": (
            HD21,
            C_QUOTA_ORG,
            UNCONFIRMED,
            "rules.md §1.2: câu 'Lưu ý: Cấp có thẩm quyền xem xét, quyết định s…' bị cắt; tỷ lệ cho tổ chức "
            "đảng chưa xác nhận.",
            URL_HD21_ORG,
        ),
    },
)

NOTE_HD25 = (
    "rules.md §1A.4: danh sách không xếp loại của HD 25 chưa tìm được; dùng tạm danh sách HD 21 (§1.6)."
)
RULES_2023 = register_regime(
    "2023",
    Y2023,
    {
        "levels": (QD124, f"Điều 12: {C_LEVELS}", CONFIRMED, "", URL_QD124_LEVELS),
        "exempt_members": (D2023, C_EXEMPT, UNCONFIRMED, NOTE_HD25),
        "new_member": (D2023, C_NEW_MEMBER, UNCONFIRMED, NOTE_HD25),
        "new_org": (D2023, C_NEW_ORG, UNCONFIRMED, NOTE_HD25),
        "self_review_first": (D2023, C_SELF_REVIEW, UNCONFIRMED, FALLBACK_NOTE),
        "discipline": (
            QD124,
            "Điều 12, điểm 4.3.d: bị xử lý kỷ luật trong năm (trừ trường hợp tự phát hiện và khắc phục xong "
            "hậu quả) thì Không hoàn thành nhiệm vụ",
            CONFIRMED,
            "",
            URL_QD124_KHTNV,
        ),
        "degradation": (D2023, C_DEGRADATION, UNCONFIRMED, FALLBACK_NOTE),
        "sick_leave_cap": (D2023, C_SICK, UNCONFIRMED, FALLBACK_NOTE),
        "maternity": (D2023, C_MATERNITY, UNCONFIRMED, FALLBACK_NOTE),
        "temporary_activity": (D2023, C_TEMPORARY, UNCONFIRMED, FALLBACK_NOTE),
        "org_excellent_children": (
            D2023,
            C_ORG_EXCELLENT,
            UNCONFIRMED,
            "rules.md §1A.5: không thấy tỷ lệ 80% trong 124/25; chỉ là kiểm tra tham khảo.",
        ),
        "org_leadership_discipline": (
            QD124,
            "Tập thể Không hoàn thành nhiệm vụ: tập thể lãnh đạo, quản lý bị xử lý kỷ luật",
            CONFIRMED,
            "",
            URL_QD124_KHTNV,
        ),
        "org_units_disciplined": (
            QD124,
            "Tập thể Không hoàn thành nhiệm vụ: có trên 20% số đơn vị trực thuộc bị kỷ luật trong năm",
            CONFIRMED,
            "",
            URL_QD124_KHTNV,
        ),
        "org_excellent_no_discipline": (
            QD124,
            "Tập thể HTXSNV: không có đảng viên, đơn vị bị kỷ luật",
            PARTLY_CONFIRMED,
            "rules.md §1.4: chỉ qua bản tóm tắt tiếng Anh của lawnet.",
        ),
        "quota_members": (
            D2023,
            "Tỷ lệ 'Hoàn thành xuất sắc nhiệm vụ' tối đa (mặc định 20% số 'Hoàn thành tốt nhiệm vụ')",
            UNCONFIRMED,
            "rules.md §1A.2: có hạn mức nhưng chưa tìm được con số và phạm vi trong 124/25; mặc định 20%, "
            "chỉ cảnh báo.",
        ),
        "quota_organizations": (
            D2023,
            "Tỷ lệ tổ chức đảng 'Hoàn thành xuất sắc nhiệm vụ' tối đa (mặc định 20%)",
            UNCONFIRMED,
            "rules.md §1A.2: chưa xác nhận.",
        ),
    },
)

URL_366_EXEMPT = GH + "faccc6a803c8b934.md"
URL_366_LEVELS = GH + "798cd4156f607f4a.md"
URL_43_ORG = GH + "1728827cd11225bf.md"
C_QUOTA_366 = (
    "Điều 11 điểm 1.5: số lượng tập thể, cá nhân được xếp loại 'Hoàn thành xuất sắc nhiệm vụ' không vượt "
    "quá 20% tổng số tập thể, cá nhân được xếp loại 'Hoàn thành tốt nhiệm vụ' theo đối tượng có vị trí, "
    "vai trò, chức năng, nhiệm vụ tương đồng; đơn vị có thành tích xuất sắc, nổi trội: không vượt quá 25%"
)
RULES_2025 = register_regime(
    "2025",
    Y2025,
    {
        "levels": (QD366, f"Điều 11: {C_LEVELS}", CONFIRMED, "", URL_366_LEVELS),
        "exempt_members": (
            QD366,
            "Điều 5 khoản 2.1: trừ đảng viên được miễn công tác và sinh hoạt đảng; đảng viên bị đình chỉ "
            "sinh hoạt đảng (không kiểm điểm, không xếp loại)",
            CONFIRMED,
            "",
            URL_366_EXEMPT,
        ),
        "new_member": (
            QD366,
            "Điều 5 khoản 2.1: trừ đảng viên mới kết nạp chưa đủ 6 tháng (không kiểm điểm, không xếp loại)",
            CONFIRMED,
            "Khác HD 21: không phải kiểm điểm.",
            URL_366_EXEMPT,
        ),
        "new_org": (D2025, C_NEW_ORG, UNCONFIRMED, "rules.md §1A.4: chưa xác nhận cho 366/43; dùng quy tắc HD 21."),
        "score_bands": (
            QD366,
            "Điều 11: HTXSNV từ 90 điểm; HTTNV từ 70 đến dưới 90; HTNV từ 50 đến dưới 70; KHTNV dưới 50 điểm",
            CONFIRMED,
            "",
            URL_366_LEVELS,
        ),
        "discipline": (
            QD366,
            "Điều 11: bị kỷ luật từ khiển trách trở lên (vi phạm liên quan chức trách, nhiệm vụ) thì Không "
            "hoàn thành nhiệm vụ; cấp có thẩm quyền có thể xem xét trường hợp tự phát hiện, khắc phục xong "
            "hậu quả",
            CONFIRMED,
            "rules.md §1A.3: ngoại lệ tự phát hiện do con người quyết định (ghi đè có lý do), không tự động.",
            URL_366_LEVELS,
        ),
        "degradation": (QD366, "Điều 11: có kết luận suy thoái thì Không hoàn thành nhiệm vụ", CONFIRMED, "",
                        URL_366_LEVELS),
        "maternity": (
            HD43,
            "Điểm 7.5: nghỉ ốm tổng thời gian trong năm từ 03 tháng trở lên hoặc nghỉ thai sản thì xếp loại "
            "căn cứ kết quả làm việc thực tế của năm đó",
            CONFIRMED,
            "Không còn mức trần 'Hoàn thành nhiệm vụ' của HD 21 (rules.md §1A.4).",
            URL_366_LEVELS,
        ),
        "temporary_activity": (HD43, f"Điểm 7.6: {C_TEMPORARY}", CONFIRMED, "", URL_366_LEVELS),
        "org_excellent_children": (
            D2025,
            C_ORG_EXCELLENT,
            UNCONFIRMED,
            "rules.md §1A.5: không có tỷ lệ cố định trong 366/43; chỉ là kiểm tra tham khảo.",
            URL_43_ORG,
        ),
        "org_excellent_no_discipline": (
            QD366,
            "Điều 11 khoản 1: tập thể HTXSNV khi không có đơn vị trực thuộc hoặc thành viên tập thể lãnh đạo, "
            "quản lý bị kỷ luật",
            CONFIRMED,
            "",
            URL_QD366_EXCELLENT,
        ),
        "org_leadership_discipline": (
            QD366,
            "Điều 11: tập thể lãnh đạo, quản lý có thành viên bị kỷ luật từ khiển trách trở lên (vi phạm liên "
            "quan chức trách, nhiệm vụ) thì Không hoàn thành nhiệm vụ",
            CONFIRMED,
            "",
            URL_366_LEVELS,
        ),
        "quota_members": (QD366, C_QUOTA_366, CONFIRMED, "Tính theo nhóm đối tượng tương đồng (dữ liệu do cấp "
                          "có thẩm quyền xác định).", GH + "1902011048a58e9d.md"),
        "quota_organizations": (QD366, C_QUOTA_366, CONFIRMED, "Áp dụng như nhau cho tập thể.",
                                GH + "1902011048a58e9d.md"),
        "quota_exception": (QD366, C_QUOTA_366, CONFIRMED, "Mức 25% do cấp có thẩm quyền quyết định.",
                            GH + "798cd4156f607f4a.md"),
    },
)

REGIMES: tuple[RatingRegime, ...] = (
    RatingRegime(
        "2018", 2018, 2018, QD132, HD16, RULES_2018,
        quota_scope=_("tổ chức cơ sở đảng (giả định theo HD 21)"),
        notes=(_("Nội dung HD 16 chưa có trong tài liệu nghiên cứu; các quy tắc của HD 21 chỉ để cảnh báo."),),
    ),
    RatingRegime(
        "2019-2022", 2019, 2022, QD132, HD21, RULES_2019,
        quota_scope=_("tổ chức cơ sở đảng"),
    ),
    RatingRegime(
        "2023-2024", 2023, 2024, QD124, HD25, RULES_2023,
        quota_scope=_("chưa xác nhận (mặc định: tổ chức cơ sở đảng)"),
        discipline_exception=EXEMPT_IF_SELF_DETECTED,
    ),
    RatingRegime(
        "2025", 2025, None, QD366, HD43, RULES_2025,
        quota_exception_percent=25,
        quota_scope=_("nhóm đối tượng có vị trí, vai trò, chức năng, nhiệm vụ tương đồng"),
        new_members_do_self_review=False,
        sick_leave_cap_months=None,
        discipline_exception=DISCRETION_IF_SELF_DETECTED,
        uses_scores=True,
        periods=("term", "year", "quarter"),
    ),
)


def regime_for(year: int) -> RatingRegime:
    """The regime for a classification year; before 2018 the old scale (HD 27, 2014) is not supported."""
    for regime in REGIMES:
        if regime.first_year <= year and (regime.last_year is None or year <= regime.last_year):
            return regime
    raise ValueError(f"năm {year}: trước 2018 dùng thang xếp loại cũ (HD 27-HD/BTCTW 2014), chưa hỗ trợ")
