"""The web layer's cap on uploaded files (issue 11.2): a file past IMPORT_MAX_UPLOAD_BYTES is dropped while the
request body streams in, so it is never written to memory or disk; the page then says why in Vietnamese
(`too_large_message`) instead of Django's generic 400 or "field required"."""

from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.utils.translation import gettext

from dangbo.exchange.parsing.readers import mb_text

FLAG = "dangbo_upload_too_large"


def max_upload_bytes() -> int:
    return settings.IMPORT_MAX_UPLOAD_BYTES


def too_large_message() -> str:
    return gettext("Tệp lớn hơn %(size)s; hãy chia thành nhiều tệp nhỏ hơn.") % {"size": mb_text(max_upload_bytes())}


class LimitedUploadHandler(FileUploadHandler):
    """First of FILE_UPLOAD_HANDLERS: counts each file's bytes and skips the file once past the cap."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > max_upload_bytes():
            setattr(self.request, FLAG, True)
            raise SkipFile()
        return raw_data

    def file_complete(self, file_size):
        return None


@dataclass
class Staged:
    """What a two-step import page shows: the preview of the uploaded file, or an error; `done` is the commit's
    result once written (the page then redirects)."""

    result: object = None
    error: str = ""
    name: str = ""
    done: object = None


def staged_import(request, session_key: str, org, *, preview, commit, too_large: str,
                  max_bytes: int = 2 * 1024 * 1024) -> Staged:
    """A small import page in two steps, kept in the session between them: a POST with a file previews it
    (`preview(data, name)`); a POST with action=commit reads the same file again and writes it all or nothing
    (`commit(data, name)`, whose ValidationError is shown). Used by the rating history and published figures."""
    import base64

    from django.core.exceptions import ValidationError

    out = Staged()
    if request.method != "POST":
        return out
    if request.POST.get("action") == "commit":
        stored = request.session.get(session_key) or {}
        if stored.get("org") != org.pk:
            out.error = gettext("Hãy tải tệp lên và xem trước trước khi ghi.")
            return out
        try:
            out.done = commit(base64.b64decode(stored["data"]), stored["name"])
        except ValidationError as exc:
            out.error = " ".join(exc.messages)
        else:
            request.session.pop(session_key, None)
        return out
    upload = request.FILES.get("file")
    if upload is None:
        out.error = gettext("Chọn tệp .xlsx hoặc .csv.")
    elif upload.size > max_bytes:
        out.error = too_large
    else:
        data, out.name = upload.read(), upload.name
        out.result = preview(data, out.name)
        request.session[session_key] = {"org": org.pk, "name": out.name, "data": base64.b64encode(data).decode()}
    return out
