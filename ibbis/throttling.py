"""DRF throttles keyed on the real client address (ibbis.client_ip), not on whatever
X-Forwarded-For the client sends: rotating that header used to give a fresh bucket per
request and bypass the token endpoint's limit."""
from rest_framework.throttling import ScopedRateThrottle

from ibbis.client_ip import client_ip


class AddressMixin:
    def get_ident(self, request):
        return client_ip(request) or ""


class AddressScopedRateThrottle(AddressMixin, ScopedRateThrottle):
    """ScopedRateThrottle (`throttle_scope` on the view) per client address."""
