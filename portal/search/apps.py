from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "portal.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self):
        from django.db.models.signals import post_migrate

        from portal.search import index

        index.connect_signals()
        post_migrate.connect(index.rebuild_if_empty, sender=self)
