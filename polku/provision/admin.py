from django.contrib import admin

from polku.core.admin import VersionedAdmin
from polku.provision.models import ServiceOffering


@admin.register(ServiceOffering)
class ServiceOfferingAdmin(VersionedAdmin):
    list_display = ("name", "kind", "provider", "active")
    list_filter = ("kind", "active", "provider")
    search_fields = ("name", "description")
    filter_horizontal = ("municipalities",)
