"""Every page form takes only what the database and the date arithmetic can hold (issue #10): dates
between DATE_MIN and DATE_MAX, whole numbers within the integer column, and no NUL character in text.
The last tests walk every form class under polku/ so that a new field of the plain Django kind fails."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from datetime import date, datetime
from typing import Any

import pytest
from django import forms

import polku
from polku.core.forms import DATE_MAX, DATE_MIN, INTEGER_MAX, DateField, DateTimeField, IntegerField


@pytest.mark.parametrize("value", ["0001-01-01", "1899-12-31", "2201-01-01", "9999-12-31"])
def test_a_date_outside_the_sane_range_is_a_field_error(value: str) -> None:
    field = DateField()
    with pytest.raises(forms.ValidationError) as refused:
        field.clean(value)
    assert refused.value.code == "date_range"


@pytest.mark.parametrize("value", ["0001-01-01T00:00", "9999-12-31T23:59", "0001-01-01 00:00:00"])
def test_a_moment_outside_the_sane_range_is_a_field_error(value: str) -> None:
    with pytest.raises(forms.ValidationError) as refused:
        DateTimeField().clean(value)
    assert refused.value.code == "date_range"


def test_the_ends_of_the_range_are_taken() -> None:
    assert DateField().clean(DATE_MIN.isoformat()) == DATE_MIN
    assert DateField().clean(DATE_MAX.isoformat()) == DATE_MAX
    moment = DateTimeField().clean("2026-03-02T10:00")
    assert isinstance(moment, datetime) and moment.date() == date(2026, 3, 2)


@pytest.mark.parametrize("value", [str(2**31), str(2**63), str(-(2**31) - 1)])
def test_a_count_past_the_integer_column_is_a_field_error(value: str) -> None:
    with pytest.raises(forms.ValidationError):
        IntegerField().clean(value)
    assert IntegerField(max_value=600).max_value == 600
    assert IntegerField(max_value=2**40).max_value == INTEGER_MAX


def _form_classes() -> list[type[forms.BaseForm]]:
    found: dict[str, type[forms.BaseForm]] = {}
    for module in pkgutil.walk_packages(polku.__path__, "polku."):
        if "migrations" in module.name or "management" in module.name:
            continue
        loaded = importlib.import_module(module.name)
        for _name, value in inspect.getmembers(loaded, inspect.isclass):
            if issubclass(value, forms.BaseForm) and value.__module__.startswith("polku."):
                found[f"{value.__module__}.{value.__qualname__}"] = value
    return list(found.values())


def _unsafe(field: forms.Field) -> str | None:
    if isinstance(field, forms.DateTimeField) and not isinstance(field, DateTimeField):
        return "a DateTimeField without the date range: use polku.core.forms.DateTimeField"
    if isinstance(field, forms.DateField) and not isinstance(field, DateField):
        return "a DateField without the date range: use polku.core.forms.DateField"
    if isinstance(field, forms.IntegerField) and (field.max_value is None or field.max_value > INTEGER_MAX):
        return "an IntegerField without a max_value the database holds: use polku.core.forms.IntegerField"
    if isinstance(field, forms.CharField) and not any(
        type(v).__name__ == "ProhibitNullCharactersValidator" for v in field.validators
    ):
        return "a text field that lets a NUL character through"
    if type(field) is forms.Field:
        return "a bare Field: say what it holds"
    return None


def test_every_form_field_under_polku_refuses_what_the_database_cannot_hold() -> None:
    classes = _form_classes()
    assert len(classes) > 20
    problems: dict[str, Any] = {}
    for form in classes:
        for name, field in form.base_fields.items():
            problem = _unsafe(field)
            if problem:
                problems[f"{form.__module__}.{form.__qualname__}.{name}"] = problem
    assert problems == {}


def test_the_walk_finds_a_plain_django_date_field() -> None:
    class Plain(forms.Form):
        day = forms.DateField()
        count = forms.IntegerField()

    assert {name: _unsafe(f) for name, f in Plain.base_fields.items()} == {
        "day": "a DateField without the date range: use polku.core.forms.DateField",
        "count": "an IntegerField without a max_value the database holds: use polku.core.forms.IntegerField",
    }
