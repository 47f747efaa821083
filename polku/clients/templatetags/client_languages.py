"""`{% load client_languages %}{% client_language_links %}`: the language links of the client's link pages
(polku/clients/languages.py). Each link reloads the page in its language (`?kieli=se`)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

from polku.clients.languages import QUERY, client_languages, language_name

register = template.Library()


@register.inclusion_tag("_client_languages.html", takes_context=True)
def client_language_links(context: dict[str, Any]) -> dict[str, Any]:
    current = get_language()
    return {
        "languages": [
            {
                "code": code,
                "name": language_name(code),
                "current": code == current,
                "query": f"?{QUERY}={code}",
            }
            for code in client_languages()
        ]
    }


@register.filter
def language_name_of(code: str) -> str:
    """`{{ link.language|language_name_of }}`: the language's own name, e.g. "davvisámegiella"."""
    return language_name(code)
