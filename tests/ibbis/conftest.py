import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_throttle_counters():
    """The token endpoint's rate limit counts in the cache, per address; these tests ask for
    many tokens from 127.0.0.1 and must not inherit (or leave) a full bucket."""
    cache.clear()
    yield
    cache.clear()
