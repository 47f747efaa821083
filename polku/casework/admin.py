"""Code lists and targets an administrator maintains. Client records are not in the admin site."""

from django.contrib import admin

from polku.casework.models import DeadlinePolicy, ReasonCode
from polku.core.admin import VersionedAdmin


@admin.register(ReasonCode)
class ReasonCodeAdmin(VersionedAdmin):
    # Not list-editable: a changelist row cannot carry the version that keeps edits from overwriting.
    list_display = ("code", "label_fi", "label_sv", "label_en", "active", "order")
    search_fields = ("code", "label_fi", "label_sv", "label_en")

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False  # codes in use must stay readable; retire a code by unticking "in use"


@admin.register(DeadlinePolicy)
class DeadlinePolicyAdmin(VersionedAdmin):
    list_display = ("organisation", "start_weekdays", "complete_weekdays")
