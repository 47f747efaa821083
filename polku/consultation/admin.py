"""The expert panels and their members, kept by administrators. Consultations themselves are reached only
through Polku's own pages, by those they concern."""

from django.contrib import admin

from polku.consultation.models import Panel
from polku.core.admin import VersionedAdmin


@admin.register(Panel)
class PanelAdmin(VersionedAdmin):
    list_display = ("name", "topic", "active")
    list_filter = ("topic", "active")
    search_fields = ("name",)
    filter_horizontal = ("members",)

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False  # consultations asked of a panel keep naming it; retire one by unticking "in use"
