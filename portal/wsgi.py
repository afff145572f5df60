"""WSGI entry point: Django behind the probe wrapper (``portal.probes``).

In production (``DEBUG`` off) the process refuses to start when the static files were
not collected: every page links its stylesheet through the manifest, so without it every
page would be a 500 while the probes said 200.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
django_application = get_wsgi_application()

from portal.probes import ProbeApplication  # noqa: E402 - needs the settings loaded
from portal.static_check import require_collected_static  # noqa: E402

require_collected_static()
application = ProbeApplication(django_application)
