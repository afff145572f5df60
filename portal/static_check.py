"""Production refuses to start without collected static files.

``CompressedManifestStaticFilesStorage`` resolves ``{% static %}`` through
``staticfiles.json`` in ``STATIC_ROOT``; without that file every page raises (a 500).
Failing at start, with the command to run, beats serving 500s behind a green probe.
"""

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import ImproperlyConfigured


def require_collected_static() -> None:
    """Raise ImproperlyConfigured when the manifest storage has no manifest."""
    manifest_name = getattr(staticfiles_storage, "manifest_name", None)
    if settings.DEBUG or manifest_name is None:
        return
    if not staticfiles_storage.exists(manifest_name):
        raise ImproperlyConfigured(
            f"Static files are not collected ({settings.STATIC_ROOT}/{manifest_name} is "
            "missing): run `manage.py collectstatic --noinput` (make serve does) before "
            "starting the server."
        )
