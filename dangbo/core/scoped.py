"""Models that carry an organisation path, and the one way to cut them to a user's scope.

Like NetBox's RestrictedQuerySet (every model's manager can `.restrict(user, action)`), each such model's
manager has `.scoped(scope, "read" | "write")`; the path field stays the model's own (indexes and migrations
differ), the class attribute `scope_path_field` names it.
"""

from django.db import models

from .fields import path_copy


class ScopedQuerySet(models.QuerySet):
    def scoped(self, scope, action: str = "read"):
        """The rows whose organisation path `scope` may `action` ("read" | "write")."""
        return scope.restrict(self, action, self.model.scope_path_field)


ScopedManager = models.Manager.from_queryset(ScopedQuerySet)


class ScopedModel(models.Model):
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
