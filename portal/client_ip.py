"""The address a request really came from, when the portal runs behind a reverse proxy.

Behind a proxy every request arrives from the proxy's address, so keying the login
lock-out (django-axes) on ``REMOTE_ADDR`` lets anyone lock out any account. The proxy
appends the address it saw to ``X-Forwarded-For``; that header is believed only when the
request comes from a proxy named in ``TRUSTED_PROXIES`` (anyone else can write it), and
django-ipware then takes the address just before the trusted proxies in the chain.
"""

from django.conf import settings
from django.http import HttpRequest
from ipware import get_client_ip


def client_address(request) -> str:
    """Return the client's address, as the trusted proxy in front of us saw it."""
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = settings.TRUSTED_PROXIES
    if remote not in trusted:
        return remote  # direct, or through an untrusted hop: the header may be forged
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").strip()
    chain = f"{forwarded}, {remote}" if forwarded else remote
    proxied = HttpRequest()
    proxied.META = {"HTTP_X_FORWARDED_FOR": chain}
    address, _routable = get_client_ip(
        proxied,
        proxy_trusted_ips=trusted,
        request_header_order=["HTTP_X_FORWARDED_FOR"],
        strict=False,
    )
    return address or remote
