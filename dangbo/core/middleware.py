import uuid

from django.middleware.gzip import GZipMiddleware

from .audit import request_id_var

# Everything is served from our own origin: vendored CSS/JS, no third-party hosts.
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
       "frame-ancestors 'none'; base-uri 'self'; form-action 'self'")


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        # Pages, API answers and exports may carry CCCD numbers and religion (sensitive personal data under
        # Decree 13/2023): no browser or proxy may keep a copy. Only the public static files are cacheable.
        from django.conf import settings

        if not request.path.startswith(settings.STATIC_URL or "/static/"):
            response.headers["Cache-Control"] = "no-store, private"
        return response


class CompressTextMiddleware(GZipMiddleware):
    """Pages, fragments, JSON and text cross a weak connection gzipped (issue 17), with Django's padding against
    BREACH. Files that are compressed already (.xlsx, .docx, .pdf, images) and WhiteNoise's static files (gzipped
    when collected) are left as they are."""

    TEXT = ("text/", "application/json", "application/javascript", "application/problem+json",
            "application/vnd.oai.openapi")

    def process_response(self, request, response):
        if not response.get("Content-Type", "").startswith(self.TEXT):
            return response
        return super().process_response(request, response)


class RequestIdMiddleware:
    """Tags every audit event written during a request with the same id (a change log grouped by request)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        rid = uuid.uuid4().hex
        request.request_id = rid
        token = request_id_var.set(rid)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response.headers["X-Request-ID"] = rid
        return response


class LocaleMiddleware:
    """Vietnamese unless the user chose otherwise (the set_language cookie); the browser's
    Accept-Language is ignored, since office computers often run an English browser."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.utils import translation
        from django.utils.cache import patch_vary_headers

        lang = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if lang not in dict(settings.LANGUAGES):
            lang = settings.LANGUAGE_CODE
        translation.activate(lang)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response


class BadNumberMiddleware:
    """A number too large for the database that no form caught (SQLite cannot bind it) is the user's input,
    not a server fault: answer 400 with a Vietnamese message instead of a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OverflowError):
            from django.http import HttpResponseBadRequest
            from django.utils.translation import gettext

            return HttpResponseBadRequest(gettext("Yêu cầu chứa một số quá lớn; hãy kiểm tra lại địa chỉ hoặc dữ "
                                                  "liệu đã nhập."), content_type="text/plain; charset=utf-8")
        return None


class BusyDatabaseMiddleware:
    """A write that waited the whole busy timeout (a long import holding SQLite's lock) is not a server
    fault: answer 503 with Retry-After and a Vietnamese "try again" instead of a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from .busy import busy_response, is_busy

        return busy_response(request) if is_busy(exception) else None
