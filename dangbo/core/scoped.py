"""Models that carry an organisation path, and the one way to cut them to a user's scope.

Like NetBox's RestrictedQuerySet (every model's manager can `.restrict(user, action)`), each such model's
manager has `.scoped(scope, "read" | "write")`; the path field stays the model's own (indexes and migrations
differ), the class attribute `scope_path_field` names it.
"""

from django.db import models
from django.utils.encoding import force_str

from .fields import path_copy


class ScopedQuerySet(models.QuerySet):
    def scoped(self, scope, action: str = "read"):
        """The rows whose organisation path `scope` may `action` ("read" | "write")."""
        return scope.restrict(self, action, self.model.scope_path_field)


ScopedManager = models.Manager.from_queryset(ScopedQuerySet)


class ChoiceLabels(models.Model):
    """get_FOO_display() reading the field's labels from a dict kept on the field. Django builds that dict anew on
    every call (`dict(make_hashable(field.flatchoices))`), which hashes, and so translates, every label of the
    field: 0,1 ms a call, a quarter of a member list page's server time. The label is still translated per call,
    in the request's language."""

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field):
        labels = field.__dict__.get("_dangbo_labels")
        if labels is None:
            labels = field.__dict__["_dangbo_labels"] = dict(field.flatchoices)
        value = getattr(self, field.attname)
        try:
            label = labels.get(value, value)
        except TypeError:  # a value that cannot be a key (a list in a JSON field): Django's way
            return super()._get_FIELD_display(field)
        return force_str(label, strings_only=True)


class ScopedModel(ChoiceLabels):
    """Abstract base of the rows filed under one organisation: the subclass declares the path field."""

    scope_path_field = "org_path"

    objects = ScopedManager()

    class Meta:
        abstract = True


class FiledRecord(ScopedModel):
    """Abstract: a record filed under one organisation and corrected under optimistic locking (a version). The
    subclass declares its `organization` foreign key (its related name and label); `org_path` is that
    organisation's path, indexed and set by the actions."""

    org_path = path_copy(editable=False)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
