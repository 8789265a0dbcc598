"""Project-wide API conventions: pagination and the error format of API.md; and the short
cache of expensive figures (list counts, the manager's dashboard) at caseload scale."""
import functools
import time
import uuid
from urllib.parse import urlencode

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.paginator import Paginator as DjangoPaginator
from django.db.models.signals import post_save
from django.http import Http404
from django.utils.functional import cached_property
from rest_framework import exceptions
from rest_framework.pagination import PageNumberPagination
from rest_framework.views import exception_handler as drf_exception_handler

from ibbis.errors import DomainError
from ibbis.parsers import PayloadTooLarge


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


# --- cached figures ------------------------------------------------------------------------
# Counting 100,000 visible cases, or a 3,000-professional organisation's caseloads, costs
# far more than the rest of a request (issue 9, docs/benchmarks.md). Such figures are kept in
# Django's cache (Redis in production, in-process memory embedded) for FIGURES_SECONDS under
# a generation token. Saving a case, a membership, a deadline, an account or a feedback
# answer - every service does - replaces the token, so the next read counts afresh; bulk
# queryset updates (the daily sweep) send no signal and show once the figures expire.

FIGURES_SECONDS = 60
# How long one count may hold the others back (cached_figure), and how long they wait.
COUNT_LOCK_SECONDS = 60
COUNT_WAIT_SECONDS = 30
_GENERATION_KEY = "figures:generation"


def figures_generation() -> str:
    """The current generation: a random token, so a lost or evicted token means a recount,
    never stale figures."""
    generation = cache.get(_GENERATION_KEY)
    if generation is None:
        cache.add(_GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        generation = cache.get(_GENERATION_KEY) or uuid.uuid4().hex
    return generation


def figures_invalidate() -> None:
    """Forget every cached figure."""
    cache.set(_GENERATION_KEY, uuid.uuid4().hex, timeout=None)


def cached_figure(key: str, compute, *, keep=None):
    """compute(), or its value from the last FIGURES_SECONDS of this generation; with
    `keep`, only values for which keep(value) is true are cached."""
    full_key = f"figures:{figures_generation()}:{key}"
    value = cache.get(full_key)
    if value is not None:
        return value
    # One count at a time per figure, across every web process sharing the cache: a miss
    # under load (the dashboard's counts take seconds at 100,000 cases) used to start one
    # count per waiting request, so none finished in time (issue 20: 0 x /healthz in one
    # run). The others wait for its value, and count themselves only if it never comes.
    lock_key = f"{full_key}:counting"
    counting = cache.add(lock_key, 1, timeout=COUNT_LOCK_SECONDS)
    if not counting:
        waited_until = time.monotonic() + COUNT_WAIT_SECONDS
        while time.monotonic() < waited_until:
            time.sleep(0.05)
            value = cache.get(full_key)
            if value is not None:
                return value
            if cache.get(lock_key) is None:
                break
    try:
        value = compute()
        if keep is None or keep(value):
            cache.set(full_key, value, timeout=FIGURES_SECONDS)
    finally:
        if counting:
            cache.delete(lock_key)
    return value


def _changed(sender, instance, update_fields=None, **kwargs):
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return  # a login changes no figure
    figures_invalidate()


def connect_figure_invalidation(*models):
    """Called once at start-up (TrustConfig.ready) with the models whose saves change a
    figure; the caller names them, so this project-wide module imports no app."""
    for model in models:
        post_save.connect(_changed, sender=model, dispatch_uid=f"figures-{model.__name__}")


class _CachedCountPaginator(DjangoPaginator):
    def __init__(self, object_list, per_page, *, count_key, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self):
        return cached_figure(
            self.count_key, lambda: DjangoPaginator.count.func(self),
            keep=lambda count: count >= COUNT_CACHED_FROM,
        )


# Smaller counts are cheap and always counted afresh: a caseload-sized list is exact at
# every moment, and only organisation-wide lists use the cache.
COUNT_CACHED_FROM = 1000


class CachedCountPagination(Pagination):
    """The list's `count` from cached_figure when it is COUNT_CACHED_FROM or more, keyed by
    the caller and the filters; the page itself is always read fresh (API.md: {"count",
    "next", "previous", "results"})."""

    def paginate_queryset(self, queryset, request, view=None):
        filters = sorted(
            (name, value) for name, values in request.query_params.lists()
            if name not in (self.page_query_param, self.page_size_query_param)
            for value in values
        )
        name = view.basename if view is not None else queryset.model.__name__
        key = f"count:{name}:{request.user.pk}:{urlencode(filters)}"
        self.django_paginator_class = functools.partial(_CachedCountPaginator, count_key=key)
        return super().paginate_queryset(queryset, request, view)


class ConflictError(exceptions.APIException):
    """409: the request is well formed but clashes with the current state (API.md codes)."""

    status_code = 409
    default_detail = "The request conflicts with the current state."
    default_code = "conflict"


def as_api_exception(error: DomainError) -> exceptions.APIException:
    """A service's DomainError as its API answer: `status` with `{"detail", "code"}`."""
    api_error = exceptions.APIException(detail=error.message, code=error.code)
    api_error.status_code = error.status
    return api_error


def as_drf_validation_error(error: DjangoValidationError) -> exceptions.ValidationError:
    """A model's or a service's ValidationError as the API's 400: its field errors, or
    `{"detail": [...]}` when it names no field."""
    detail = error.message_dict if hasattr(error, "error_dict") else {"detail": error.messages}
    return exceptions.ValidationError(detail)


def exception_handler(exc, context):
    """DRF's handler, plus a machine-readable `code` beside every non-field `detail`; the
    one place a DomainError (ibbis/errors.py) becomes an HTTP answer."""
    if isinstance(exc, DomainError):
        exc = as_api_exception(exc)
    elif isinstance(exc, DjangoValidationError):  # a service's full_clean(): no view catches it
        exc = as_drf_validation_error(exc)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge()
    elif isinstance(exc, SuspiciousOperation):  # e.g. too many form fields: Django's 400
        exc = exceptions.ParseError("The request could not be read.")
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(response.data, dict) and "detail" in response.data:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else None
        code = getattr(detail, "code", None) or getattr(exc, "default_code", "error")
        response.data = {"detail": str(response.data["detail"]), "code": code}
    return response
