"""The form renderer writes the plain inputs in Python (core/form_renderer.py): the same HTML as Django's templates."""

from datetime import date

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from dangbo.core.form_renderer import Renderer


class Everything(forms.Form):
    text = forms.CharField(widget=forms.TextInput(attrs={"placeholder": _("Họ tên (gõ không dấu được)"),
                                                         "type": "search", "autocomplete": "off"}))
    number = forms.IntegerField(min_value=0, max_value=120, required=False)
    day = forms.DateField(widget=forms.DateInput(attrs={"class": "form-control", "data-x": True, "hidden": False}))
    mail = forms.EmailField(required=False)
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True))
    hidden = forms.CharField(widget=forms.HiddenInput)
    tick = forms.BooleanField(required=False)
    note = forms.CharField(widget=forms.Textarea, required=False)
    choice = forms.ChoiceField(choices=[("a", "A & B"), ("b", "<b>")])
    phone = forms.CharField(widget=forms.TextInput(attrs={"type": "tel"}), required=False)
    url = forms.URLField(required=False, assume_scheme="https")
    upload = forms.FileField(required=False)


VALUES = [
    {},
    {"text": 'Nguyễn "Văn" <An> & co', "number": "42", "day": "25/12/2020", "mail": "a@b.vn", "secret": "x'y",
     "hidden": mark_safe("<safe>"), "tick": "on", "note": "dòng 1\ndòng 2", "choice": "b", "phone": "0912",
     "url": "https://a.vn/?x=1&y=2"},
    {"number": "không phải số", "day": date(2020, 12, 25), "tick": ""},
]


@pytest.mark.parametrize("data", VALUES)
@pytest.mark.parametrize("bound", [True, False])
def test_every_field_renders_as_djangos_templates_render_it(data, bound):
    ours, django = Renderer(), DjangoTemplates()
    for name in Everything.base_fields:
        mine = (Everything(data, renderer=ours) if bound else Everything(initial=data, renderer=ours))[name]
        theirs = (Everything(data, renderer=django) if bound else Everything(initial=data, renderer=django))[name]
        assert str(mine) == str(theirs), name
        assert mine.as_widget() == theirs.as_widget(), name


def test_the_inputs_do_not_go_through_the_templates(monkeypatch):
    rendered = []
    monkeypatch.setattr(DjangoTemplates, "render", lambda self, name, *a, **kw: rendered.append(name) or "")
    Renderer().render("django/forms/widgets/text.html", {"widget": {"type": "text", "name": "q", "value": None,
                                                                     "attrs": {}}})
    Renderer().render("django/forms/widgets/select.html", {"widget": {}})
    assert rendered == ["django/forms/widgets/select.html"]
