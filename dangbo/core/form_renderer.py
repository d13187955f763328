"""Django's form renderer, with the plain <input> widgets written in Python (settings.FORM_RENDERER).

Django renders each input through two templates (text.html includes input.html, which includes attrs.html): ~1,2 ms
a field, 11 ms of the member list's 65 for its nine filter fields, on every page with a form. The HTML is Django's
own, byte for byte (tests/core/test_form_renderer.py compares the two renderers); every other template (select,
textarea, radio lists, the forms' own layouts) is rendered by Django as before. QuickSelect (core/forms.py) does the
same for the lists of organisations.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape

# Django's widget templates whose whole text is `{% include "django/forms/widgets/input.html" %}`.
INPUT_TEMPLATES = frozenset(f"django/forms/widgets/{name}.html" for name in (
    "input", "checkbox", "color", "date", "datetime", "email", "file", "hidden", "number", "password", "search", "tel",
    "text", "time", "url"))


def input_html(widget: dict) -> str:
    """django/forms/widgets/input.html and attrs.html in Python: `value|stringformat:'s'` is str(value), escaped
    unless already safe, as the templates do."""
    out = [f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"']
    if widget["value"] is not None:
        out.append(f' value="{conditional_escape(str(widget["value"]))}"')
    for name, value in widget["attrs"].items():
        if value is not False:
            out.append(f" {conditional_escape(name)}")
            if value is not True:
                out.append(f'="{conditional_escape(str(value))}"')
    out.append(">")
    return "".join(out)


class Renderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name in INPUT_TEMPLATES and "widget" in context:
            return input_html(context["widget"])
        return super().render(template_name, context, request=request)
