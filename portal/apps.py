from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"

    def ready(self):
        from django.db.models.signals import post_migrate

        from portal.roles import connect_guard, ensure_groups

        connect_guard()
        post_migrate.connect(ensure_groups, dispatch_uid="portal-ensure-groups")

        from portal import caching

        caching.connect_signals()

        from portal import term_uses

        term_uses.connect_signals()
        post_migrate.connect(term_uses.rebuild_if_empty, sender=self, dispatch_uid="portal-uses")

        from django.db.models.signals import post_delete, post_save

        from portal import sources
        from portal.models import Source

        post_save.connect(sources.reread_period, sender=Source, dispatch_uid="portal-period")
        post_delete.connect(sources.reread_period, sender=Source, dispatch_uid="portal-period")
