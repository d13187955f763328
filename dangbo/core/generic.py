"""Scoped generic views: one object, a list, an action form (learnt from NetBox's views/generic, not copied).

Every app's pages are built from these, so the scope check, the filter, the pager and the error handling are
written once:

- `ScopedObjectMixin.get_object()`: the row from `Model.objects.scoped(scope, "read")` (404 outside the read
  scope: never reveal that a record exists); with `write = True`, `scope.require("write", obj)` (403 with a
  Vietnamese message, ScopeDenied).
- `ScopedDetailView`: GET one object, `get_context(obj)` adds the page's data.
- `ScopedListView`: a FilterSet (django-filter) on the scoped queryset, a `core.tables.Table` for the headers
  and the whitelisted sort, and the keyset pager (`core.paging`); an invalid filter shows its errors and no row.
- `ActionFormView`: GET shows the form, POST validates it and calls `perform(form)` (an action); the action's
  ValidationError lands on the form's fields (`field_map` renames), a ConflictError keeps everything the user
  typed and takes the record's current version, so the next save is deliberate.
- `FormPage`: an ActionFormView shown on `form_page.html` (title, the line above it, the button, «Hủy»);
  `ObjectFormPage`: one changing an object (write scope), back to the object's page.
- `PageFormView`: an ActionFormView posted from an object's page (a congress, an election, a resolution): a
  refusal shows the page again with the form in its place; success goes back to the page.
- `ActionButtonView`: a button without a form on an object's page (sign, redraw, withdraw): a refusal becomes
  error messages, success a message, both go back to the page.
- `PostedFormView`: a small form posted from a list (a commendation's decision, a badge): never shown on its
  own; an invalid form or a refusal becomes an error message, success a message, all go back to the list.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views import View

from .actions import ConflictError
from .forms import apply_validation_error
from .paging import PAGE_SIZE, keyset_page
from .scopes import READ, WRITE, ScopeDenied, scope_for

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def attachment(content: bytes | str, filename: str, content_type: str) -> HttpResponse:
    """A download: `content` saved by the browser as `filename`."""
    resp = HttpResponse(content, content_type=content_type)
    resp["Content-Disposition"] = f'attachment; filename="{filename}"'
    return resp


def is_htmx(request) -> bool:
    headers = request.headers
    return headers.get("HX-Request") == "true" and not headers.get("HX-History-Restore-Request")


def with_related(qs, select_related: tuple[str, ...] | None):
    """`qs` joined to `select_related`; None joins the row's organisation, which most pages name, when it has one."""
    if select_related is None:
        own = any(f.name == "organization" and f.is_relation for f in qs.model._meta.fields)
        select_related = ("organization",) if own else ()
    return qs.select_related(*select_related) if select_related else qs


class ScopedView(LoginRequiredMixin, View):
    """A logged-in page that knows the user's scope."""

    @cached_property
    def scope(self):
        return scope_for(self.request.user)


class ScopedObjectMixin:
    model = None
    select_related: tuple[str, ...] | None = None  # None: the row's organisation, when it has one
    write = False  # the page changes the object: write scope required (403), read scope to find it (404)
    denied = ""  # the 403 text, formatted with the object as `obj` ("" : the generic one naming the organisation)

    def get_queryset(self):
        qs = self.model.objects.scoped(self.scope, READ)
        return with_related(qs, self.select_related)

    def denied_message(self, obj) -> str | None:
        return self.denied.format(obj=obj) if self.denied else None

    def get_object(self):
        obj = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        if self.write:
            self.scope.require(WRITE, obj, self.denied_message(obj))
        return obj

    @cached_property
    def object(self):
        return self.get_object()


class ScopedDetailView(ScopedObjectMixin, ScopedView):
    template_name = ""

    def get_context(self, obj) -> dict:
        return {"object": obj}

    def get(self, request, *args, **kwargs):
        return render(request, self.template_name, self.get_context(self.object))


class ObjectPage(ScopedDetailView):
    """An object's page carrying forms that post to `PageFormView`s: shown with `page_context()` (the same the
    form views show a refused form with)."""

    def page_context(self, **bound) -> dict:
        raise NotImplementedError

    def get_context(self, obj) -> dict:
        return self.page_context()


class StepPage(ObjectPage):
    """An object's page whose forms post to the page itself, each naming its `PageFormView` in the field `step`
    (`steps = {"self": SelfAssess, …}`); an unknown step is refused (403 with `denied`)."""

    steps: dict = {}

    def post(self, request, *args, **kwargs):
        step = self.steps.get(request.POST.get("step", ""))
        if step is None:
            raise ScopeDenied(self.denied_message(self.object))
        return step.as_view()(request, *args, **kwargs)


class ScopedListView(ScopedView):
    """Subclass with `filterset_class` (a FilterSet taking `scope=`), `table_class`, `template_name` and
    optionally `partial_template` (htmx requests get only the results), `select_related`, `prefetch_related` and
    `title` (the page's title in its context, as `org_list.html` shows it)."""

    filterset_class = None
    table_class = None
    template_name = ""
    title = ""
    partial_template = ""
    page_size = PAGE_SIZE
    select_related: tuple[str, ...] | None = None  # None: the row's organisation, when it has one
    prefetch_related: tuple[str, ...] = ()

    def get_queryset(self):
        qs = with_related(self.filterset_class._meta.model.objects.scoped(self.scope, READ), self.select_related)
        return qs.prefetch_related(*self.prefetch_related) if self.prefetch_related else qs

    def get_filterset(self):
        return self.filterset_class(self.request.GET or None, queryset=self.get_queryset(), scope=self.scope)

    def get_page(self, filterset, table):
        """The rows of this page; an invalid filter shows no row (its errors are on the form)."""
        return keyset_page(self.request, filterset.qs, table.order, size=self.page_size)

    def get_context(self, filterset, table, page) -> dict:
        return {}

    def get(self, request, *args, **kwargs):
        filterset = self.get_filterset()
        table = self.table_class(request)
        page = self.get_page(filterset, table)
        # can_add: the list's «add» button, for those who write somewhere.
        ctx = {"form": filterset.form, "filter": filterset, "table": table, **page.context(),
               "can_add": self.scope.can_write_any, **self.get_context(filterset, table, page)}
        if self.title:
            ctx.setdefault("title", self.title)
        template = self.partial_template if self.partial_template and is_htmx(request) else self.template_name
        return render(request, template, ctx)


class Outcome:
    """What an action page says and where it goes after a success, declared: `success_message` is formatted with
    `result` (what the action returned), `obj` (the page's object, if any) and `data` (the form's cleaned data,
    empty for a button). Then to `result_url`, the URL name of the result's own page (reversed with
    `result.pk`), or else to `page_url`, the page of the object changed."""

    success_message = ""
    result_url = ""
    page_url = ""

    def get_success_message(self, result, form=None) -> str:
        obj = self.object if isinstance(self, ScopedObjectMixin) else None
        return self.success_message.format(result=result, obj=obj, data=form.cleaned_data if form else {})

    def success_url(self, result) -> str:
        if self.result_url and result is not None:
            return reverse(self.result_url, args=[result.pk])
        if self.page_url:
            return reverse(self.page_url, args=[self.object.pk])
        raise NotImplementedError


class ActionFormView(Outcome, ScopedView):
    """A form whose valid POST runs one action. Override `get_form`, `perform`, and declare (`Outcome`) or
    override `success_url`/`get_success_message`; `invalid_status` is the answer code of a refused POST (400
    where a page already answered so)."""

    template_name = ""
    field_map: dict = {}
    invalid_status = 200
    form_class = None  # the form (`form_kwargs()` its other arguments), or override get_form
    # staticmethod(an action taking (actor, [the page's object,] **the form's action_kwargs() or cleaned_data)),
    # or override perform
    action = None
    writers_only = ""  # a page for those who write somewhere: the refusal's text for the others (403)

    def form_kwargs(self) -> dict:
        return {}

    def get_form(self, data=None):
        return self.form_class(data, **self.form_kwargs())

    def perform(self, form):
        """Run the action with the form's data; return what success_url/get_success_message need."""
        target = (self.object,) if isinstance(self, ScopedObjectMixin) else ()
        kwargs = form.action_kwargs() if hasattr(form, "action_kwargs") else form.cleaned_data
        return self.action(self.request.user, *target, **kwargs)

    def current_version(self) -> int | None:
        """The stored version of the record being changed, read after a ConflictError (None: no refresh)."""
        obj = self.object if isinstance(self, ScopedObjectMixin) else None
        if obj is None or not hasattr(obj, "version"):
            return None
        return type(obj)._default_manager.filter(pk=obj.pk).values_list("version", flat=True).first()

    def get_context(self, form) -> dict:
        return {}

    def check(self):
        """Refuse before any work (GET and POST): the object's scope, or a page's own rule (override)."""
        if self.writers_only:
            self.scope.require(WRITE, message=self.writers_only)
        if isinstance(self, ScopedObjectMixin):
            self.object  # noqa: B018  (404 outside the read scope, 403 when `write` is refused)

    def render_form(self, form, status=200):
        return render(self.request, self.template_name, {"form": form, **self.get_context(form)}, status=status)

    def on_conflict(self, form, exc: ConflictError):
        """Keep what the user typed, take the current version (the next save wins), say what happened."""
        version = self.current_version()
        if version is not None:
            data = form.data.copy()
            data[form.add_prefix("version")] = str(version)
            form = self.get_form(data)
            form.is_valid()
        form.add_error(None, exc.messages[0])
        return form

    def get(self, request, *args, **kwargs):
        self.check()
        return self.render_form(self.get_form())

    def post(self, request, *args, **kwargs):
        self.check()
        form = self.get_form(request.POST)
        if form.is_valid():
            try:
                result = self.perform(form)
            except ConflictError as exc:
                form = self.on_conflict(form, exc)
            except ValidationError as exc:
                apply_validation_error(form, exc, self.field_map)
            else:
                message = self.get_success_message(result, form)
                if message:
                    messages.success(request, message)
                return redirect(self.success_url(result))
        return self.render_form(form, status=self.invalid_status)


class FormPage(ActionFormView):
    """An action's form on `form_page.html`: `title`, `submit` (the button), `pretitle()` (the line above the
    title) and `cancel_url()` (where «Hủy» leads) make its context; `intro` (optional) is shown above the fields."""

    template_name = "form_page.html"
    title = ""
    submit = _("Ghi")
    intro = ""

    def pretitle(self) -> str:
        return ""

    def cancel_url(self) -> str:
        raise NotImplementedError

    def get_context(self, form) -> dict:
        ctx = {"title": self.title, "pretitle": self.pretitle(), "submit": self.submit, "cancel": self.cancel_url()}
        return {**ctx, "intro": self.intro} if self.intro else ctx


class ObjectFormPage(ScopedObjectMixin, FormPage):
    """A form page changing one object (write scope: 403 with `denied`): the object above the title, «Hủy» and
    success back to its page (`page_url`, the URL name taking its pk, or override `cancel_url`), or to the
    result's `result_url`; `versioned`: the form starts at the object's version (optimistic locking)."""

    write = True
    versioned = False

    def get_form(self, data=None):
        if self.versioned:
            return self.form_class(data, initial={"version": self.object.version}, **self.form_kwargs())
        return super().get_form(data)

    def pretitle(self) -> str:
        return str(self.object)

    def cancel_url(self) -> str:
        return reverse(self.page_url, args=[self.object.pk])

    def success_url(self, result) -> str:
        if self.result_url and result is not None:
            return reverse(self.result_url, args=[result.pk])
        return self.cancel_url()


class PageFormView(ScopedObjectMixin, ActionFormView):
    """A form posted on an object's page (POST only). Success goes back to the page (`page_url`, the URL name
    taking the object's pk); a refused form is shown on the page again as `slot`, with its errors and
    everything typed. The object's mixin gives `page_context(**bound)`, the page's context with bound forms."""

    http_method_names = ["post"]
    slot = "form"

    def page_context(self, **bound) -> dict:
        raise NotImplementedError

    def render_form(self, form, status=200):
        return render(self.request, self.template_name, self.page_context(**{self.slot: form}), status=status)


class ActionButtonView(Outcome, ScopedObjectMixin, ScopedView):
    """A button without a form on an object's page (POST only): `perform()` runs the action; its
    ValidationError becomes error messages, success the message `get_success_message(result)`; either way back
    to `success_url(result)` (`result` is None after a refusal), by default the page `page_url`."""

    http_method_names = ["post"]
    action = None  # staticmethod(an action taking (actor, the page's object)), or override perform

    def perform(self):
        return self.action(self.request.user, self.object)

    def post(self, request, *args, **kwargs):
        self.object  # noqa: B018  (404 outside the read scope, 403 when `write` is refused)
        try:
            result = self.perform()
        except ValidationError as exc:
            for msg in exc.messages:
                messages.error(request, msg)
            result = None
        else:
            message = self.get_success_message(result)
            if message:
                messages.success(request, message)
        return redirect(self.success_url(result))


class PostedFormView(Outcome, ScopedView):
    """A small form posted from another page (POST only), never shown on its own. `check()` refuses before
    anything (scope: 404/403); an invalid form becomes `invalid_message`, the action's ValidationError one error
    message (its texts joined), success the message `get_success_message(result, form)`; every answer goes back
    to `back_url(form, result)` (`result` is None after a refusal; by default `success_url(result)`)."""

    http_method_names = ["post"]
    form_class = None
    invalid_message = ""
    action = None  # staticmethod(an action taking (actor, [the page's object,] **cleaned_data)), or override perform

    def check(self):
        if isinstance(self, ScopedObjectMixin):
            self.object  # noqa: B018  (404 outside the read scope, 403 when `write` is refused)

    def get_form(self, data):
        return self.form_class(data)

    def perform(self, form):
        target = (self.object,) if isinstance(self, ScopedObjectMixin) else ()
        return self.action(self.request.user, *target, **form.cleaned_data)

    def back_url(self, form, result) -> str:
        return self.success_url(result)

    def post(self, request, *args, **kwargs):
        self.check()
        form = self.get_form(request.POST)
        result = None
        if not form.is_valid():
            messages.error(request, self.invalid_message)
        else:
            try:
                result = self.perform(form)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                message = self.get_success_message(result, form)
                if message:
                    messages.success(request, message)
        return redirect(self.back_url(form, result))
