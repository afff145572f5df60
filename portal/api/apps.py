from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "portal.api"
    label = "portal_api"
    verbose_name = "Open data"

    def ready(self):
        # Counts the mechanism pages ask for, which the search index keeps; registered by
        # the top layer, as ``portal.search`` registers its own (``portal.counts``).
        from portal import counts, selectors

        counts.provide("published_per_mechanism", selectors.published_per_mechanism)
        counts.provide("mechanism_dates", selectors.mechanism_dates)
