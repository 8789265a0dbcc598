"""Walk the URL resolver so that tests cover every route, including ones added later."""
import re
import uuid

from django.urls import URLPattern, URLResolver, get_resolver

SAMPLE_ID = uuid.UUID("00000000-0000-4000-8000-000000000000")


def _join(prefix, pattern):
    return prefix + str(pattern.pattern)


def iter_patterns(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from iter_patterns(entry, _join(prefix, entry))
        elif isinstance(entry, URLPattern):
            yield _join(prefix, entry), entry


def concrete_path(route: str) -> str:
    """Turn a route (path() or regex syntax) into a URL with sample values."""
    path = route.replace("^", "").replace("$", "").replace("\\Z", "").replace("\\.", ".")
    path = re.sub(r"\(\?P<format>[^)]*\)", "", path)
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(SAMPLE_ID), path)
    path = re.sub(r"<(?:(\w+):)?(\w+)>", lambda m: str(SAMPLE_ID), path)
    path = path.replace("/?", "/").replace("?", "")
    return "/" + path


def api_paths():
    seen = []
    for route, _pattern in iter_patterns():
        if not route.startswith("api/"):
            continue
        if "format" in route and "(?P<format>" in route:
            continue
        path = concrete_path(route)
        if path not in seen:
            seen.append(path)
    return seen


def page_paths():
    seen = []
    for route, _pattern in iter_patterns():
        if route.startswith(("api/", "admin/", "i18n/", "static/")):
            continue
        path = concrete_path(route)
        if path not in seen:
            seen.append(path)
    return seen
