from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "portal.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self):
        from django.db.models.signals import post_migrate

        from portal import text_match
        from portal.search import index, query, variants

        index.connect_signals()
        variants.connect_signals()
        text_match.register(query.records_matching, query.planned_for_words)

        # The search index keeps counts that list pages below this layer may not import.
        from portal import counts, selectors

        counts.provide("published", selectors.published_count)
        counts.provide("meetings_hosted", selectors.meetings_hosted)
        counts.provide("published_per_mechanism", selectors.published_per_mechanism)
        counts.provide("mechanism_dates", selectors.mechanism_dates)
        post_migrate.connect(index.rebuild_if_empty, sender=self)
