"""Pages of financial social work: credit."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
