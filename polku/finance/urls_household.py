"""Pages of financial social work: household."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
