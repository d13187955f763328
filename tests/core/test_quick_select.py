"""QuickSelect (core/forms.py) writes the HTML Django's Select writes with its templates."""

from django import forms

from dangbo.core.forms import QuickSelect

CHOICES = [("", "Tất cả"), (1, "Đảng bộ <Văn phòng> & «UBND»"), (2, '\u2003Chi bộ "Tổng hợp"'),
           ("Nhóm", [(3, "Chi bộ 3"), (4, "Chi bộ 4")])]


def test_the_same_html_as_djangos_select():
    for value in (None, "", 1, 2, 4, "x"):
        for attrs in (None, {"class": "form-select is-invalid", "required": True, "disabled": False,
                             "data-x": 'a"b'}):
            ours = QuickSelect(choices=CHOICES).render("to_chuc", value, attrs)
            django = forms.Select(choices=CHOICES).render("to_chuc", value, attrs)
            assert ours == django, (value, attrs)


def test_an_organisation_field_uses_it():
    from dangbo.organizations.forms import OrgChoiceField
    from dangbo.organizations.models import Organization

    assert isinstance(OrgChoiceField(queryset=Organization.objects.none()).widget, QuickSelect)
