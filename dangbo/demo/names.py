"""Vietnamese names, places and office vocabulary for the demo and the synthetic seed.

All text is NFC. Family names carry weights close to their real frequency; middle and given names are
split by gender. Places are in Quảng Nam (and a few neighbouring provinces) with their CCCD codes.
"""

import unicodedata

# (family name, weight in ‰ — roughly the national frequency)
FAMILY_NAMES = [
    ("Nguyễn", 380),
    ("Trần", 110),
    ("Lê", 95),
    ("Phạm", 70),
    ("Huỳnh", 50),
    ("Hoàng", 30),
    ("Phan", 45),
    ("Võ", 55),
    ("Đặng", 20),
    ("Bùi", 20),
    ("Đỗ", 18),
    ("Hồ", 25),
    ("Ngô", 15),
    ("Dương", 10),
    ("Lý", 5),
    ("Đoàn", 12),
    ("Trương", 14),
    ("Đinh", 8),
    ("Lương", 6),
    ("Thái", 5),
    ("Châu", 4),
    ("Tôn", 2),
    ("Mai", 4),
    ("Cao", 5),
    ("Lâm", 4),
    ("Đào", 6),
    ("Văn", 3),
    ("Tạ", 2),
    ("Hà", 5),
    ("Vũ", 8),
]

MIDDLE_MALE = [
    "Văn",
    "Văn",
    "Văn",
    "Hữu",
    "Đức",
    "Công",
    "Minh",
    "Quang",
    "Thanh",
    "Ngọc",
    "Xuân",
    "Tấn",
    "Đình",
    "Quốc",
    "Anh",
    "Hồng",
    "Trung",
    "Phước",
    "Bá",
    "Thành",
    "Viết",
    "Duy",
    "Tiến",
    "Kim",
]
MIDDLE_FEMALE = [
    "Thị",
    "Thị",
    "Thị",
    "Thị",
    "Ngọc",
    "Thanh",
    "Thu",
    "Kim",
    "Minh",
    "Hồng",
    "Bích",
    "Phương",
    "Mỹ",
    "Hoài",
    "Diễm",
    "Quỳnh",
    "Thùy",
    "Tường",
    "Khánh",
    "Như",
    "Lệ",
    "Cẩm",
]

GIVEN_MALE = [
    "An",
    "Anh",
    "Bảo",
    "Bình",
    "Cường",
    "Chiến",
    "Chính",
    "Công",
    "Danh",
    "Dũng",
    "Duy",
    "Dương",
    "Đạt",
    "Định",
    "Đông",
    "Đức",
    "Giang",
    "Hải",
    "Hào",
    "Hậu",
    "Hiếu",
    "Hiệp",
    "Hòa",
    "Hoàng",
    "Hùng",
    "Huy",
    "Hưng",
    "Khải",
    "Khang",
    "Khánh",
    "Khoa",
    "Kiên",
    "Lâm",
    "Lộc",
    "Long",
    "Luân",
    "Lực",
    "Mạnh",
    "Minh",
    "Nam",
    "Nghĩa",
    "Nguyên",
    "Nhân",
    "Phong",
    "Phú",
    "Phúc",
    "Phước",
    "Quang",
    "Quân",
    "Quốc",
    "Sơn",
    "Tài",
    "Tâm",
    "Tân",
    "Thắng",
    "Thành",
    "Thanh",
    "Thiện",
    "Thịnh",
    "Thông",
    "Tiến",
    "Toàn",
    "Trí",
    "Trung",
    "Tuấn",
    "Tùng",
    "Tú",
    "Vinh",
    "Việt",
    "Vũ",
    "Xuân",
    "Yên",
    "Ánh",
    "Ân",
    "Ấn",
    "Ý",
]
GIVEN_FEMALE = [
    "An",
    "Anh",
    "Ánh",
    "Bích",
    "Chi",
    "Diệp",
    "Diệu",
    "Dung",
    "Duyên",
    "Giang",
    "Hà",
    "Hạnh",
    "Hằng",
    "Hiền",
    "Hoa",
    "Hòa",
    "Hồng",
    "Huệ",
    "Hương",
    "Huyền",
    "Khánh",
    "Lan",
    "Liên",
    "Linh",
    "Loan",
    "Ly",
    "Mai",
    "My",
    "Nga",
    "Ngân",
    "Ngọc",
    "Nguyệt",
    "Nhàn",
    "Nhung",
    "Nhi",
    "Oanh",
    "Phương",
    "Phượng",
    "Quyên",
    "Quỳnh",
    "Sương",
    "Tâm",
    "Thảo",
    "Thắm",
    "Thanh",
    "Thoa",
    "Thu",
    "Thúy",
    "Thủy",
    "Trang",
    "Trâm",
    "Trinh",
    "Tuyết",
    "Uyên",
    "Vân",
    "Vy",
    "Xuân",
    "Yến",
    "Ân",
    "Ý",
]

# (commune, district, province, CCCD province code)
PLACES = [
    ("xã Điện Phương", "thị xã Điện Bàn", "Quảng Nam", "049"),
    ("xã Điện Minh", "thị xã Điện Bàn", "Quảng Nam", "049"),
    ("phường Vĩnh Điện", "thị xã Điện Bàn", "Quảng Nam", "049"),
    ("xã Duy Sơn", "huyện Duy Xuyên", "Quảng Nam", "049"),
    ("xã Duy Trinh", "huyện Duy Xuyên", "Quảng Nam", "049"),
    ("xã Đại Hiệp", "huyện Đại Lộc", "Quảng Nam", "049"),
    ("xã Đại Quang", "huyện Đại Lộc", "Quảng Nam", "049"),
    ("xã Quế Xuân 1", "huyện Quế Sơn", "Quảng Nam", "049"),
    ("xã Quế Phú", "huyện Quế Sơn", "Quảng Nam", "049"),
    ("xã Bình Dương", "huyện Thăng Bình", "Quảng Nam", "049"),
    ("xã Bình Triều", "huyện Thăng Bình", "Quảng Nam", "049"),
    ("xã Bình Nguyên", "huyện Thăng Bình", "Quảng Nam", "049"),
    ("xã Tam Xuân 1", "huyện Núi Thành", "Quảng Nam", "049"),
    ("xã Tam Anh Nam", "huyện Núi Thành", "Quảng Nam", "049"),
    ("xã Tam Thành", "huyện Phú Ninh", "Quảng Nam", "049"),
    ("xã Tam Đàn", "huyện Phú Ninh", "Quảng Nam", "049"),
    ("xã Tiên Cảnh", "huyện Tiên Phước", "Quảng Nam", "049"),
    ("xã Tiên Lãnh", "huyện Tiên Phước", "Quảng Nam", "049"),
    ("xã Quế Lưu", "huyện Hiệp Đức", "Quảng Nam", "049"),
    ("xã Quế Trung", "huyện Nông Sơn", "Quảng Nam", "049"),
    ("xã Tam Thăng", "thành phố Tam Kỳ", "Quảng Nam", "049"),
    ("phường An Mỹ", "thành phố Tam Kỳ", "Quảng Nam", "049"),
    ("xã Cẩm Thanh", "thành phố Hội An", "Quảng Nam", "049"),
    ("xã Cẩm Kim", "thành phố Hội An", "Quảng Nam", "049"),
    ("thị trấn Thạnh Mỹ", "huyện Nam Giang", "Quảng Nam", "049"),
    ("xã A Ting", "huyện Đông Giang", "Quảng Nam", "049"),
    ("xã Trà Giang", "huyện Bắc Trà My", "Quảng Nam", "049"),
    ("xã Phước Mỹ", "huyện Phước Sơn", "Quảng Nam", "049"),
    ("xã Hòa Tiến", "huyện Hòa Vang", "Đà Nẵng", "048"),
    ("phường Hòa Khánh Bắc", "quận Liên Chiểu", "Đà Nẵng", "048"),
    ("xã Tịnh Khê", "thành phố Quảng Ngãi", "Quảng Ngãi", "051"),
    ("xã Bình Châu", "huyện Bình Sơn", "Quảng Ngãi", "051"),
    ("xã Phú Thượng", "huyện Phú Vang", "Thừa Thiên Huế", "046"),
    ("xã Nghi Phong", "huyện Nghi Lộc", "Nghệ An", "040"),
    ("xã Thạch Đài", "huyện Thạch Hà", "Hà Tĩnh", "042"),
    ("xã Cát Hanh", "huyện Phù Cát", "Bình Định", "052"),
]
# Weight the home province: most officials of a provincial office are from Quảng Nam.
PLACE_WEIGHTS = [6 if p[2] == "Quảng Nam" else 1 for p in PLACES]
# Highland districts: members born there are often of a local ethnic group.
HIGHLAND = {"huyện Nam Giang", "huyện Đông Giang", "huyện Bắc Trà My", "huyện Phước Sơn"}
HIGHLAND_ETHNICITIES = ["Cơ Tu", "Xơ Đăng", "Giẻ Triêng", "Co", "Ca Dong"]

# Wards of Tam Kỳ where office staff live, with street names.
RESIDENCE_WARDS = [
    "phường An Mỹ",
    "phường An Sơn",
    "phường An Xuân",
    "phường Tân Thạnh",
    "phường Hòa Thuận",
    "phường Trường Xuân",
    "phường Phước Hòa",
    "phường An Phú",
    "xã Tam Phú",
    "xã Tam Thanh",
]
STREETS = [
    "Phan Chu Trinh",
    "Hùng Vương",
    "Trần Quý Cáp",
    "Huỳnh Thúc Kháng",
    "Lê Lợi",
    "Nguyễn Du",
    "Phan Bội Châu",
    "Trần Cao Vân",
    "Lý Thường Kiệt",
    "Nguyễn Hoàng",
    "Bạch Đằng",
    "Duy Tân",
    "Tiểu La",
    "Trưng Nữ Vương",
    "Nguyễn Chí Thanh",
    "Lê Thánh Tông",
    "Hoàng Diệu",
    "Trần Phú",
]

RELIGIONS = [("Không", 90), ("Phật giáo", 7), ("Công giáo", 2), ("Cao Đài", 1)]
PHONE_PREFIXES = [
    "0905",
    "0935",
    "0914",
    "0913",
    "0976",
    "0983",
    "0988",
    "0934",
    "0358",
    "0377",
    "0775",
    "0868",
]

QUALIFICATIONS = [
    "Cử nhân Kinh tế",
    "Cử nhân Luật",
    "Thạc sĩ Quản lý công",
    "Thạc sĩ Kinh tế phát triển",
    "Cử nhân Hành chính",
    "Kỹ sư Xây dựng",
    "Kỹ sư Công nghệ thông tin",
    "Cử nhân Tài chính – Ngân hàng",
    "Cử nhân Văn học",
    "Cử nhân Quản trị kinh doanh",
    "Thạc sĩ Luật kinh tế",
    "Kỹ sư Nông nghiệp",
    "Cử nhân Kế toán",
    "Cử nhân Ngữ văn",
    "Thạc sĩ Quản lý kinh tế",
    "Tiến sĩ Kinh tế",
    "Cử nhân Sư phạm Toán",
    "Bác sĩ đa khoa",
    "Cử nhân Báo chí",
    "Kỹ sư Môi trường",
]


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def _check_nfc():
    for group in (MIDDLE_MALE, MIDDLE_FEMALE, GIVEN_MALE, GIVEN_FEMALE, QUALIFICATIONS, STREETS):
        for s in group:
            assert s == nfc(s), s


_check_nfc()


def hometown_text(place) -> str:
    commune, district, province, _ = place
    return (
        f"{commune}, {district}, tỉnh {province}"
        if province != "Đà Nẵng"
        else f"{commune}, {district}, thành phố Đà Nẵng"
    )


def citizen_id(place, birth_year: int, gender: str, serial: int) -> str:
    """12 digits: province of birth (3), gender and century (1), year (2), serial (6)."""
    century = 0 if birth_year < 2000 else 2
    digit = century + (1 if gender == "F" else 0)
    return f"{place[3]}{digit}{birth_year % 100:02d}{serial % 1_000_000:06d}"


def ascii_slug(s: str) -> str:
    s = s.replace("đ", "d").replace("Đ", "D")
    s = unicodedata.normalize("NFD", s)
    return "".join(c for c in s if unicodedata.category(c) != "Mn").lower()


def email_for(full_name: str, domain: str = "quangnam.gov.vn") -> str:
    """Mến Nguyễn Văn → mennv@…, the way provincial mail addresses are made."""
    parts = ascii_slug(full_name).split()
    return f"{parts[-1]}{''.join(p[0] for p in parts[:-1])}@{domain}"
