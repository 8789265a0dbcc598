"""The real client address: one function for sign-in lock-outs (django-axes), the API's
throttles, the per-address sign-in limit and the authentication trail.

`X-Forwarded-For` is written by whoever sends the request; only the entries that the
operator's own reverse proxies appended can be believed. TRUSTED_PROXY_COUNT says how many
proxies stand in front of the app (API.md: default none):

- 0: the header is ignored, the address is REMOTE_ADDR (the peer of the app server);
- N > 0: the address is the N-th entry from the right of X-Forwarded-For - the one the
  outermost trusted proxy saw - whatever the client put to the left of it. A request that
  carries fewer entries than that (it did not come through all the proxies) falls back to
  REMOTE_ADDR.

django-ipware does the parsing. Its "proxy_count" counts the proxies listed in the header
after the client (the nearest proxy is REMOTE_ADDR, not listed), so it is one less than the
number of proxies. Its strict mode would drop a header with extra entries and fall back to
the proxy's own address for every such request - lumping together everyone behind a
forwarding corporate proxy with every forger - so this asks for the non-strict reading, in
which extra left-hand entries are simply not believed.
"""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_ipv46_address
from ipware import get_client_ip


def client_ip(request) -> str | None:
    """The client's address as the trusted proxies saw it; None if there is none."""
    count = settings.TRUSTED_PROXY_COUNT
    address = None
    if count > 0:
        address, _routable = get_client_ip(
            request,
            request_header_order=("HTTP_X_FORWARDED_FOR",),
            proxy_count=count - 1,
            proxy_order="left-most",
            strict=False,
        )
    if address is None:
        address = request.META.get("REMOTE_ADDR") or None
    if address is None:
        return None
    try:
        validate_ipv46_address(address)
    except ValidationError:
        return None
    return address
