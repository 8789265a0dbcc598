"""Request bodies the API accepts: JSON only as deep and as large as any real request can be.

Python's json module recurses once per nesting level, so 2 KB of `[[[[...` used to end in a
RecursionError - an anonymous 500 on every JSON endpoint and on /csp-report/. Every JSON
body the project reads goes through `loads_limited`: too deep or not JSON is a ValueError
(the callers answer 400 `parse_error`), larger than DATA_UPLOAD_MAX_MEMORY_SIZE is
BodyTooLarge (413 `too_large`). DRF's JSONParser reads the stream itself and never applies
Django's body limit, so `JSONParser` here reads at most that many bytes.
"""
import codecs
import json

from django.conf import settings
from rest_framework import exceptions, parsers
from rest_framework.utils.json import strict_constant

# No request of the API nests deeper than a handful of levels (the deepest, a FHIR-shaped
# payload, about 10); the limit is generous and far below the interpreter's recursion limit.
MAX_JSON_DEPTH = 64


class BodyTooLarge(Exception):
    """The request body is larger than DATA_UPLOAD_MAX_MEMORY_SIZE."""


class PayloadTooLarge(exceptions.APIException):
    status_code = 413
    default_detail = "The request body is too large."
    default_code = "too_large"


def body_limit() -> int | None:
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def read_limited(stream) -> bytes:
    """The whole body, or BodyTooLarge if it is longer than the limit."""
    limit = body_limit()
    body = stream.read() if limit is None else stream.read(limit + 1)
    if limit is not None and len(body) > limit:
        raise BodyTooLarge
    return body


def _too_deep(value, limit: int) -> bool:
    """Whether any list or object lies more than `limit` levels deep (iterative walk)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


def loads_limited(text, *, parse_constant=None, max_depth: int = MAX_JSON_DEPTH):
    """json.loads, refusing documents nested deeper than `max_depth` with ValueError."""
    try:
        value = json.loads(text, parse_constant=parse_constant)
    except RecursionError as error:
        raise ValueError(f"nested deeper than {max_depth} levels") from error
    if _too_deep(value, max_depth):
        raise ValueError(f"nested deeper than {max_depth} levels")
    return value


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser with a size and a nesting-depth limit (400 `parse_error`, 413)."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = parsers.get_encoding(parser_context or {})
        try:
            body = read_limited(stream) if stream is not None else b""
        except BodyTooLarge as error:
            raise PayloadTooLarge() from error
        try:
            text = codecs.decode(body, encoding)
            parse_constant = strict_constant if self.strict else None
            return loads_limited(text, parse_constant=parse_constant)
        except ValueError as error:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
            raise exceptions.ParseError(f"JSON parse error - {error}") from error
