"""Pages of financial social work: assistance."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
