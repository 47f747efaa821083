"""Theme list for the administrator. Reports, tallies and feedback are reached through Polku's own pages."""

from django.contrib import admin

from polku.core.admin import VersionedAdmin
from polku.structural.models import Theme


@admin.register(Theme)
class ThemeAdmin(VersionedAdmin):
    # Not list-editable: a changelist row cannot carry the version that keeps edits from overwriting.
    list_display = ("code", "label_fi", "label_sv", "label_en", "active")
    search_fields = ("code", "label_fi", "label_sv", "label_en")

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False  # themes of filed reports must stay readable; retire one by unticking "in use"
