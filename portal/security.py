"""Response headers that limit what a page may load and use: CSP and Permissions-Policy.

The portal's pages and the admin load scripts, styles, fonts and images from the site
itself only, with no inline script or style (Django admin's one inline ``<style>``, in
the change list without actions, is allowed by its hash). Nothing loads from a CDN.
"""

from django.conf import settings


class SecurityHeadersMiddleware:
    """Add ``Content-Security-Policy`` and ``Permissions-Policy`` to every response."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = settings.CONTENT_SECURITY_POLICY
        self.permissions = settings.PERMISSIONS_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        if self.policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = self.policy
        if self.permissions and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = self.permissions
        return response
