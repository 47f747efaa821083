from django.contrib import admin

from polku.services.models import ServiceOffering


@admin.register(ServiceOffering)
class ServiceOfferingAdmin(admin.ModelAdmin[ServiceOffering]):
    list_display = ("name", "kind", "provider", "active")
    list_filter = ("kind", "active", "provider")
    search_fields = ("name", "description")
    filter_horizontal = ("municipalities",)
    exclude = ("created_by", "updated_by", "version")
