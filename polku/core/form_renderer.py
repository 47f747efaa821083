"""Polku's form renderer (settings.FORM_RENDERER): Django's own, with the commonest widget templates written
out in Python, to the character what Django's templates give (tests/core/test_form_renderer.py compares
them). Django renders each widget through templates, a <select> with an {% include %} per option: some
0.1 ms for an <input> and 0.3 ms for a <select> of eight options, on every page with a form, e.g. a
report's filters. An <input> of any type, <select> and <textarea> are written here; every other template
(forms, fields, radio buttons, options of another template) goes through Django's templates as before."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.http import HttpRequest
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData
from django.utils.timezone import template_localtime  # type: ignore[attr-defined]

_WIDGETS = "django/forms/widgets/"
# The templates that are nothing but {% include "django/forms/widgets/input.html" %}.
INPUTS = frozenset(
    f"{_WIDGETS}{name}.html"
    for name in (
        "input",
        "text",
        "number",
        "email",
        "url",
        "password",
        "hidden",
        "date",
        "datetime",
        "time",
        "search",
        "tel",
        "color",
        "checkbox",
    )
)
SELECT = f"{_WIDGETS}select.html"
OPTION = f"{_WIDGETS}select_option.html"
TEXTAREA = f"{_WIDGETS}textarea.html"


def _shown(value: Any) -> str:
    """{{ value }}: localised, then escaped unless marked safe."""
    value = localize(template_localtime(value))
    return str(conditional_escape(value if isinstance(value, str) else str(value)))


def _as_text(value: Any) -> str:
    """{{ value|stringformat:'s' }}: "%s" % value, escaped unless the value was marked safe."""
    text = str(value) if isinstance(value, tuple) else "%s" % value  # noqa: UP031  (the filter's own)
    return text if isinstance(value, SafeData) else str(escape(text))


def _attrs(attrs: Mapping[str, Any]) -> str:
    """django/forms/widgets/attrs.html: False leaves the attribute out, True writes its name alone."""
    out = []
    for name, value in attrs.items():
        if value is not False:
            out.append(" " + _shown(name) + ("" if value is True else f'="{_as_text(value)}"'))
    return "".join(out)


def _input(widget: Mapping[str, Any]) -> str:
    value = "" if widget["value"] == None else f' value="{_as_text(widget["value"])}"'  # noqa: E711  (as the template)
    name, attrs = _shown(widget["name"]), _attrs(widget["attrs"])
    return f'<input type="{_shown(widget["type"])}" name="{name}"{value}{attrs}>'


def _select(widget: Mapping[str, Any]) -> str | None:
    parts = [f'<select name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_shown(group_name)}">')
        for option in group_choices:
            if option.get("template_name") != OPTION:
                return None
            parts.append(
                f'\n  <option value="{_as_text(option["value"])}"{_attrs(option["attrs"])}>'
                f"{_shown(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _textarea(widget: Mapping[str, Any]) -> str:
    value = _shown(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


class Renderer(DjangoTemplates):
    def render(self, template_name: str, context: dict[str, Any], request: HttpRequest | None = None) -> str:
        widget = context.get("widget") if len(context) == 1 else None
        html: str | None = None
        if isinstance(widget, Mapping) and widget.get("template_name") == template_name:
            if template_name in INPUTS:
                html = _input(widget)
            elif template_name == SELECT:
                html = _select(widget)
            elif template_name == TEXTAREA:
                html = _textarea(widget)
        if html is None:
            return super().render(template_name, context, request=request)
        return html
