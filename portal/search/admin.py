from django.contrib import admin

from portal.search.models import Variant


@admin.register(Variant)
class VariantAdmin(admin.ModelAdmin):
    list_display = ("__str__", "note")
    search_fields = ("forms", "note")
