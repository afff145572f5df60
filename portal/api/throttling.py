"""A per-address rate limit for the API and exports (429 with Retry-After past it)."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle


class AddressRateThrottle(SimpleRateThrottle):
    """Count requests per client address, signed in or not; the rate is ``API_RATE_LIMIT``."""

    scope = "address"

    def get_rate(self):
        # Read at request time, so the environment (and tests) can change it.
        return settings.API_RATE_LIMIT

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
