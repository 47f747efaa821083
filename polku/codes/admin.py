"""The loaded versions of the national code sets, to read: a new version comes with `polku load_code_set`."""

from typing import Any

from django.contrib import admin

from polku.codes.models import CodeSetVersion, NationalCode


class NationalCodeInline(admin.TabularInline):  # type: ignore[type-arg]
    model = NationalCode
    fields = ("code", "name_fi", "name_sv", "name_en")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(CodeSetVersion)
class CodeSetVersionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name_fi", "oid", "version", "active", "provisional", "loaded_at", "file_name")
    list_filter = ("oid", "active")
    readonly_fields = (
        "oid",
        "version",
        "name_fi",
        "name_sv",
        "source",
        "provisional",
        "file_name",
        "loaded_at",
        "active",
    )
    exclude = ("content_hash",)
    inlines = [NationalCodeInline]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
