"""A busy SQLite database: recognise "database is locked" and answer it as "try again", never as a 500."""
import logging

from django.db import OperationalError
from django.utils.translation import gettext, gettext_noop

log = logging.getLogger("dangbo.busy")

MESSAGE = gettext_noop("Cơ sở dữ liệu đang bận, vui lòng thử lại sau ít giây.")  # translated when answered
RETRY_AFTER = "5"


def is_busy(exc: BaseException) -> bool:
    """SQLite's lock errors (the busy timeout ran out); PostgreSQL waits for row locks instead."""
    if not isinstance(exc, OperationalError):
        return False
    text = str(exc).lower()
    return "database is locked" in text or "database table is locked" in text or "database is busy" in text


def busy_response(request):
    from django.http import HttpResponse, JsonResponse

    log.warning("database busy: %s %s answered 503", request.method, request.path)
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": gettext(MESSAGE), "code": "busy"}, status=503,
                                json_dumps_params={"ensure_ascii": False})
    else:
        response = HttpResponse(gettext(MESSAGE), status=503, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = RETRY_AFTER
    return response
