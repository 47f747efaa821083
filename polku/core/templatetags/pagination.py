"""`{% load pagination %}{% pagination page %}`: the links under a paged list (polku/core/pagination.py);
`{% pagination page "groups" %}` for a second list on the page, paged by `?groups=`."""

from __future__ import annotations

from typing import Any

from django import template
from django.core.paginator import Page

from polku.core.pagination import PAGE, page_links

register = template.Library()


@register.inclusion_tag("_pagination.html", takes_context=True)
def pagination(context: dict[str, Any], page: Page, param: str = PAGE) -> dict[str, Any]:
    return page_links(context["request"], page, param)
