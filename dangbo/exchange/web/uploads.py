"""The web layer's cap on uploaded files (issue 11.2): a file past IMPORT_MAX_UPLOAD_BYTES is dropped while the
request body streams in, so it is never written to memory or disk; the page then says why in Vietnamese
(`too_large_message`) instead of Django's generic 400 or "field required"."""

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
