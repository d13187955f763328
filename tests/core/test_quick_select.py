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


def test_organisation_options_are_read_as_values_with_the_same_labels(db):
    from dangbo.organizations.forms import OrgChoiceField
    from dangbo.organizations.models import Organization, OrgKind

    top = Organization.objects.create(code="T", name="Đảng bộ <Tỉnh>", kind=OrgKind.UPPER, path="0001", depth=1)
    Organization.objects.create(code="C", name="Chi bộ 1", kind=OrgKind.CELL, parent=top, path="00010001", depth=2)
    field = OrgChoiceField(queryset=Organization.objects.order_by("path"), empty_label="Tất cả")
    expected = [("", "Tất cả")] + [(o.pk, field.label_from_instance(o)) for o in field.queryset]
    assert list(field.choices) == expected and expected[2][1] == "\u2003Chi bộ 1"
    assert '<option value="' + str(top.pk) + '" selected>Đảng bộ &lt;Tỉnh&gt;</option>' in field.widget.render(
        "to_chuc", top.pk)
