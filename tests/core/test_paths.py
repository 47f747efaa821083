"""`{% path %}` writes what `{% url %}` writes for a page without arguments, and refuses anything else."""

from __future__ import annotations

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.urls import set_script_prefix

NAMES = ["accounts:home", "clients:search", "reporting:effectiveness", "reporting:esr_csv", "set_language"]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("prefix", ["/", "/polku/"])
def test_path_writes_what_url_writes(name: str, prefix: str) -> None:
    set_script_prefix(prefix)
    try:
        ours = Template("{% load paths %}{% path '" + name + "' %}").render(Context())
        theirs = Template("{% url '" + name + "' %}").render(Context())
    finally:
        set_script_prefix("/")
    assert ours == theirs and ours.startswith(prefix)


@pytest.mark.parametrize("tag", ["{% path %}", "{% path name %}", "{% path 'a' 'b' %}", "{% path 'a\" %}"])
def test_path_takes_one_quoted_name_only(tag: str) -> None:
    with pytest.raises(TemplateSyntaxError):
        Template("{% load paths %}" + tag)
