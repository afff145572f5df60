"""Settings of ``make bench-pages``' nodes: production settings plus a bare view's URL."""

from portal.settings import *  # noqa: F403 - the production settings, unchanged

ROOT_URLCONF = "portal.bench_urls"
