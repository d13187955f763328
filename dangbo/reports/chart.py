"""The year-end report's chart: members at each year end, as a PNG for the .docx (Pillow, fonts with Vietnamese
letters)."""

from __future__ import annotations

import io

from dangbo.rules.text import format_number
from dangbo.rules.text import text as _

CHART_FONTS = ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
               "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf", "DejaVuSans.ttf", "arial.ttf")


def _chart_font(size: int):
    """A font with Vietnamese letters (Debian's DejaVu, Noto or Liberation; Arial on Windows), else Pillow's own."""
    from PIL import ImageFont

    for name in CHART_FONTS:
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size)


def chart_png(trend: list[dict], width: int = 900, height: int = 400) -> bytes:
    """Bars of members at each year end, with the chart's title, both axes named, each bar's value above it and its
    year below (HD 36's reports put figures in the picture; the caption line above repeats them). Years taken from
    published figures are hatched grey and say so in the legend."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(img)
    title, small = _chart_font(22), _chart_font(16)
    left, right, top_margin, bottom = 110, 20, 60, height - 50
    draw.text((width / 2, 10), str(_("Số đảng viên tại ngày 31/12 các năm")), font=title, fill="black", anchor="ma")
    draw.text((12, (top_margin + bottom) / 2), str(_("Đảng viên")), font=small, fill="black", anchor="lm")
    draw.text((width - right, height - 4), str(_("Năm")), font=small, fill="black", anchor="rd")
    top = max((t["total"] or 0 for t in trend), default=0) or 1
    n = max(len(trend), 1)
    slot = (width - left - right) / n
    draw.line([(left, bottom), (width - right, bottom)], fill="black", width=2)
    draw.line([(left, top_margin), (left, bottom)], fill="black", width=1)
    published = False
    for i, t in enumerate(trend):
        h = (bottom - top_margin - 24) * (t["total"] or 0) / top
        x0 = left + i * slot + slot * 0.2
        colour = (150, 150, 150) if t.get("published") else (178, 34, 34)
        published = published or bool(t.get("published"))
        draw.rectangle([x0, bottom - h, x0 + slot * 0.6, bottom], fill=colour)
        middle = x0 + slot * 0.3
        value = "–" if t["total"] is None else format_number(t["total"])
        draw.text((middle, bottom - h - 4), value, font=small, fill="black", anchor="md")
        draw.text((middle, bottom + 6), str(t["year"]), font=small, fill="black", anchor="ma")
    if published:
        draw.rectangle([left + 8, top_margin - 22, left + 22, top_margin - 8], fill=(150, 150, 150))
        draw.text((left + 28, top_margin - 15), str(_("theo số liệu đã công bố")), font=small, fill="black",
                  anchor="lm")
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()
