from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _

# Paths whose callers expect JSON, errors included (API.md, Conventions).
JSON_PATH_PREFIXES = ("/api/", "/csp-report/")


def expects_json(request) -> bool:
    return request.path.startswith(JSON_PATH_PREFIXES)


def too_large_response(request):
    """413: JSON `too_large` where JSON is expected, a short page elsewhere."""
    if expects_json(request):
        return JsonResponse(
            {"detail": "The request body is too large.", "code": "too_large"}, status=413
        )
    return HttpResponse(
        _("The request is too large."), status=413, content_type="text/plain; charset=utf-8"
    )


class RequestBodyLimitMiddleware:
    """Refuse any body longer than DATA_UPLOAD_MAX_MEMORY_SIZE before anything reads it.

    Django applies that limit only when request.body or request.POST is read, and turns it
    into a bare 400; DRF's parsers read the stream themselves and never apply it. The app
    takes no file uploads, so one limit fits every request. A WSGI body without
    Content-Length is empty to Django, so the declared length is the whole story.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        length = request.META.get("CONTENT_LENGTH") or ""
        # A length that is not a number reads as an empty body to Django.
        if limit is not None and length.isdigit() and int(length) > limit:
            return too_large_response(request)
        return self.get_response(request)


class NoStoreMiddleware:
    """Nothing the API or the health check returns, and nothing any signed-in person is
    shown - page or API - may be kept by a browser or proxy cache (API.md, Conventions).

    Case data is health data; a shared cache, or the browser's back button on a shared
    computer after sign-out, holding it would be a leak.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if request.path.startswith(("/api/", "/healthz")) or (
            user is not None and user.is_authenticated
        ):
            add_never_cache_headers(response)
            patch_cache_control(response, no_store=True, private=True)
        return response


class SignInAddressLimitMiddleware:
    """429 for a sign-in attempt from an address with too many recent failures
    (ibbis.sign_in_limit; failures on any username count)."""

    def __init__(self, get_response):
        from ibbis import sign_in_limit  # connects the failure counter

        self.limit = sign_in_limit
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if request.method != "POST" or match is None:
            return None
        if match.view_name not in self.limit.SIGN_IN_VIEWS or not self.limit.is_blocked(request):
            return None
        retry = str(self.limit.window_seconds())
        if expects_json(request):
            response = JsonResponse(
                {"detail": "Too many failed sign-ins from this address. Try again later.",
                 "code": "throttled"},
                status=429,
            )
        else:
            response = render(request, "registration/address_limited.html", status=429)
        response["Retry-After"] = retry
        return response


# The old name, kept for settings written before every signed-in response was covered.
ApiNoStoreMiddleware = NoStoreMiddleware
