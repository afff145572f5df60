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
        post_migrate.connect(index.rebuild_if_empty, sender=self)
