"""`{{ value|day }}`: polku.core.formats.day in templates, the same as `|date:"j.n.Y"` at a tenth of its cost.
Available in every template without a {% load %} (settings.TEMPLATES' builtins)."""

from __future__ import annotations

from django import template

from polku.core import formats

register = template.Library()
register.filter("day", formats.day, expects_localtime=False)
