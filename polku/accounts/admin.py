"""Account administration for the administrator role. Client data is deliberately not in the admin site:
it is reached only through Polku's own pages, which check access and write the use log."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from polku.accounts.models import ApiToken, Organisation, Team, User
from polku.core.admin import VersionedAdmin, VersionedAdminMixin


@admin.register(User)
class PolkuUserAdmin(VersionedAdminMixin, UserAdmin):
    list_display = (
        "username",
        "first_name",
        "last_name",
        "role",
        "qualification",
        "organisation",
        "is_active",
    )
    list_filter = ("role", "qualification", "organisation", "is_active")
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        (
            _("Work in Polku"),
            {"fields": ("role", "qualification", "title", "phone", "organisation", "teams")},
        ),
        (_("Organisation sign-in"), {"fields": ("sso_identifier",)}),
    )
    add_fieldsets = (
        *(UserAdmin.add_fieldsets or ()),
        (_("Work in Polku"), {"fields": ("role", "qualification", "organisation")}),
    )
    filter_horizontal = ("teams", "groups", "user_permissions")


@admin.register(Organisation)
class OrganisationAdmin(VersionedAdmin):
    list_display = ("name", "kind", "parent", "business_id", "municipality_code")
    list_filter = ("kind",)
    search_fields = ("name",)


@admin.register(Team)
class TeamAdmin(VersionedAdmin):
    list_display = ("name", "organisation", "municipality")
    search_fields = ("name",)


@admin.register(ApiToken)
class ApiTokenAdmin(VersionedAdmin):
    """Tokens are created with `polku createtoken`; here they can only be seen and revoked."""

    list_display = ("user", "label", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("user", "key_hash", "label", "created_at", "last_used_at")

    def has_add_permission(self, request: object) -> bool:
        return False
