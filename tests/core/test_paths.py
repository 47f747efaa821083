"""`{% path %}` writes what `{% url %}` writes for a page without arguments, and refuses anything else;
`{% figures_table %}` writes what structural/_grid.html writes."""

from __future__ import annotations

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.urls import set_script_prefix

NAMES = ["workday:home", "clients:search", "reporting:effectiveness", "reporting:esr_csv", "set_language"]


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


def test_figures_table_writes_what_the_grid_template_writes() -> None:
    from django.template.loader import render_to_string

    from polku.core.suppression import simple_grid

    grid = simple_grid(
        {("a", "x"): 7, ("a", "y"): 2, ("b", "x"): 9, ("b", "y"): 11},
        [("a", "A & <b>"), ("b", "B")],
        [("x", "X"), ("y", "Y")],
        "Yhteensä",
    )
    ours = Template("{% load figures %}{% figures_table grid caption corner %}").render(
        Context({"grid": grid, "caption": "<Otsikko>", "corner": "Kulma"})
    )
    theirs = render_to_string(
        "structural/_grid.html", {"grid": grid, "caption": "<Otsikko>", "corner": "Kulma"}
    )

    def words(html: str) -> str:
        return "".join(html.split())

    assert words(ours) == words(theirs) and "hidden-figure" in ours and "&lt;b&gt;" in ours
