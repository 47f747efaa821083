"""Polku's form renderer writes <input>, <select> and <textarea> in Python: to the character what Django's
own widget templates give, for every kind of value, attribute, option group and escaping."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import override

from polku.core.form_renderer import Renderer
from polku.core.forms import DateField, date_input

DJANGO, POLKU = DjangoTemplates(), Renderer()

CHOICES = [
    ("", "---------"),
    ("a", "A & <b>"),
    (1, 2),
    ("Ryhmä", [("x", "Äks"), ("y", mark_safe("<i>y</i>"))]),
]

WIDGETS: list[tuple[forms.Widget, Any]] = [
    (forms.TextInput(), None),
    (forms.TextInput(), ""),
    (forms.TextInput(), 'a "quoted" <tag> & ä'),
    (forms.TextInput(), mark_safe("<b>safe</b>")),
    (forms.TextInput(attrs={"required": True, "disabled": False, "maxlength": 20, "data-x": None}), "v"),
    (forms.TextInput(attrs={"aria-describedby": 'id_x_helptext"<'}), 0),
    (forms.NumberInput(attrs={"min": Decimal("0.5"), "step": 0.1}), 3.25),
    (forms.EmailInput(), "a@b.fi"),
    (forms.URLInput(), "https://esim.fi/?a=1&b=2"),
    (forms.PasswordInput(render_value=True), "salasana"),
    (forms.PasswordInput(), "salasana"),
    (forms.HiddenInput(), "piilo"),
    (forms.DateInput(), date(2025, 3, 4)),
    (date_input(), date(2025, 3, 4)),
    (date_input(), "2025-13-40"),
    (forms.DateTimeInput(), "2025-03-04 10:00"),
    (forms.TimeInput(), "10:15"),
    (forms.CheckboxInput(), True),
    (forms.CheckboxInput(), False),
    (forms.CheckboxInput(), "on"),
    (forms.Textarea(), 'rivi 1\n<rivi 2> & "3"'),
    (forms.Textarea(attrs={"rows": 3}), ""),
    (forms.Textarea(), None),
    (forms.Select(choices=CHOICES), "a"),
    (forms.Select(choices=CHOICES), 1),
    (forms.Select(choices=CHOICES), "y"),
    (forms.Select(choices=CHOICES), None),
    (forms.Select(choices=[]), None),
    (forms.Select(choices=CHOICES, attrs={"required": True, "aria-invalid": "true"}), "x"),
    (forms.SelectMultiple(choices=CHOICES), ["a", "x"]),
    (forms.NullBooleanSelect(), True),
]


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
@pytest.mark.parametrize(("widget", "value"), WIDGETS)
def test_each_widget_is_written_as_djangos_template_writes_it(
    widget: forms.Widget, value: Any, language: str
) -> None:
    with override(language):
        theirs = widget.render("kenttä", value, attrs={"id": "id_kenttä"}, renderer=DJANGO)
        ours = widget.render("kenttä", value, attrs={"id": "id_kenttä"}, renderer=POLKU)
    assert ours == theirs


class Filters(forms.Form):
    instrument = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], help_text="Ohje")
    start = DateField(label="Alku")
    note = forms.CharField(widget=forms.Textarea, required=False)
    agree = forms.BooleanField(required=False)
    kind = forms.ChoiceField(choices=[("x", "X")], widget=forms.RadioSelect)  # a template of its own


@pytest.mark.parametrize(
    "data", [{}, {"instrument": "b", "start": "2025-01-02", "agree": "on"}, {"start": "x"}]
)
def test_a_whole_form_is_the_same_with_either_renderer(data: dict[str, str]) -> None:
    theirs = Filters(data or None, renderer=DJANGO)
    ours = Filters(data or None, renderer=POLKU)
    assert str(ours) == str(theirs)
    assert [str(field) for field in ours] == [str(field) for field in theirs]


def test_polku_renders_its_forms_with_it(settings: Any) -> None:
    assert settings.FORM_RENDERER == "polku.core.form_renderer.Renderer"
