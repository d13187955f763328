"""The columns many models declare alike: the organisation a row is filed under and the copy of its path, the
account that did something to a row, and the decision (number, date, issuing body) behind a record.

Each factory returns new fields with the very definitions the models had written out, so a model lists them where
they stood: the column order, the forms and the migrations stay as they were. A model whose column differs (another
label, a required number) says so through the arguments, or keeps its own field.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

ORGANIZATION = "organizations.Organization"
ISSUER = _("cơ quan ban hành")


def filed_under(related_name: str, label=None, **options) -> models.ForeignKey:
    """The organisation a row is filed under (its scope); the organisation cannot be deleted while the row is."""
    if label is not None:
        options["verbose_name"] = label
    return models.ForeignKey(ORGANIZATION, on_delete=models.PROTECT, related_name=related_name, **options)


def path_copy(*, index: bool = True, editable: bool = True, **options) -> models.CharField:
    """The copy of that organisation's path the row is scoped by (`ScopedModel.scope_path_field`), written by the
    actions; `index` for the rows listed by subtree on their own, `editable=False` to keep it out of forms."""
    return models.CharField(max_length=255, db_index=index, editable=editable, **options)


def by_user(label=None, *, on_delete=models.SET_NULL, **options) -> models.ForeignKey:
    """The account that created, recorded or decided a row; emptied, the row kept, if the account is deleted
    (`on_delete=models.PROTECT`: the account cannot be deleted while the row names it).
    No reverse accessor unless `related_name` is given (None: Django's default)."""
    options.setdefault("related_name", "+")
    if label is not None:
        options["verbose_name"] = label
    return models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=on_delete, **options)


def decision_fields(issuer=ISSUER, *, number_required: bool = False):
    """The decision behind a record: `decision_number, decision_date, issuer = decision_fields(...)`. The number
    may be left empty unless `number_required`; the date and the issuing body (labelled `issuer`) always may."""
    return (
        models.CharField(_("số quyết định"), max_length=60, blank=not number_required),
        models.DateField(_("ngày quyết định"), null=True, blank=True),
        models.CharField(issuer, max_length=200, blank=True),
    )
