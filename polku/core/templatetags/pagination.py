"""`{% load pagination %}{% pagination page %}`: the links under a paged list (polku/core/pagination.py)."""

from __future__ import annotations

from typing import Any

from django import template
from django.core.paginator import Page

from polku.core.pagination import page_links

register = template.Library()


@register.inclusion_tag("_pagination.html", takes_context=True)
def pagination(context: dict[str, Any], page: Page) -> dict[str, Any]:
    return page_links(context["request"], page)
