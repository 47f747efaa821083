"""`{% load paths %}{% path 'app:name' %}`: the address of a page that takes no arguments, like `{% url %}`
but reversed once per process (per URLconf and script prefix) instead of on every render. A `{% url %}`
costs 25-50 µs, and the header of every page has a dozen of them."""

from __future__ import annotations

from functools import lru_cache

from django import template
from django.template.base import Parser, Token
from django.template.context import Context
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape

register = template.Library()


@lru_cache(maxsize=1024)
def _reversed(name: str, urlconf: str | None, script_prefix: str) -> str:
    """`script_prefix` is part of the key only: reverse() reads it itself."""
    return str(conditional_escape(reverse(name, urlconf=urlconf)))


def path_of(name: str) -> str:
    """The escaped address of the page `name` (no arguments), as `{% path %}` writes it."""
    return _reversed(name, get_urlconf(), get_script_prefix())


class PathNode(template.Node):
    def __init__(self, name: str) -> None:
        self.name = name

    def render(self, context: Context) -> str:
        return path_of(self.name)


@register.tag
def path(parser: Parser, token: Token) -> PathNode:
    """{% path 'namespace:name' %}: a quoted name, no arguments (use {% url %} for pages that take any)."""
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "'\"" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError("{% path %} takes one quoted URL name and nothing else.")
    return PathNode(bits[1][1:-1])
