"""The year-end chart carries its own title, axis names, values and years (issue 12: «charts with titles, axis labels
and values»), not only bars."""

import io

from PIL import Image

from dangbo.reports.chart import chart_png


def _inked(png: bytes, box) -> int:
    img = Image.open(io.BytesIO(png)).convert("L").crop(box)
    return sum(1 for v in img.getdata() if v < 128)


TREND = [{"year": 2023, "total": 2983}, {"year": 2024, "total": 3050}]


def test_the_chart_has_a_title_axis_names_values_and_years():
    png = chart_png(TREND)
    width, height = Image.open(io.BytesIO(png)).size
    assert _inked(png, (200, 0, width - 200, 40)) > 50  # the title
    assert _inked(png, (0, 150, 100, 250)) > 20  # the vertical axis's name, left of the axis
    assert _inked(png, (110, height - 45, width - 60, height - 20)) > 20  # the years under the bars
    assert _inked(png, (110, 60, width, 110)) > 20  # the values above the bars (the tallest reaches the top)


def test_published_years_are_told_apart_in_a_legend():
    plain = chart_png(TREND)
    marked = chart_png([{**TREND[0], "published": True}, TREND[1]])
    legend = (110, 41, 500, 58)
    assert _inked(plain, legend) == 0 and _inked(marked, legend) > 20
