"""A per-address limit on failed sign-ins, across every username (issue 13).

django-axes locks the (username, address) pair, so a stranger cannot lock a named person out
from everywhere by failing on their username; the price is that one address could try
many usernames. This closes that: every failed sign-in (the login page, the API token
endpoint, anything that calls authenticate()) counts against the client address
(ibbis.client_ip), and once SIGN_IN_ADDRESS_FAILURE_LIMIT failures fall within
SIGN_IN_ADDRESS_WINDOW_MINUTES, that address's sign-in attempts get 429 until the window
ends (ibbis.middleware.SignInAddressLimitMiddleware). The limit is generous, since a whole
office may sign in through one address.
"""
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.dispatch import receiver

from ibbis.client_ip import client_ip

# The views whose POST is a sign-in attempt.
SIGN_IN_VIEWS = {"login", "login_verify", "api:token", "admin:login"}


def _key(address: str) -> str:
    return f"sign-in-failures:{address}"


def window_seconds() -> int:
    return settings.SIGN_IN_ADDRESS_WINDOW_MINUTES * 60


def count_failure(request) -> None:
    address = client_ip(request) if request is not None else None
    if address is None:
        return
    key = _key(address)
    cache.add(key, 0, timeout=window_seconds())
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window_seconds())


def is_blocked(request) -> bool:
    address = client_ip(request)
    if address is None:
        return False
    return cache.get(_key(address), 0) >= settings.SIGN_IN_ADDRESS_FAILURE_LIMIT


@receiver(user_login_failed, dispatch_uid="ibbis.sign_in_limit.count")
def _failed(sender, credentials, request=None, **kwargs):
    count_failure(request)
