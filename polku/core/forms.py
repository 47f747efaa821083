"""Form fields every page shares, and showing a service's refusal on the form that asked for it."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

# The dates Polku takes, in pages and in the API alike. Outside them the date arithmetic breaks
# (9999-12-31 plus a few weekdays overflows; 0001-01-01 cannot be moved to UTC), and no social work
# happens there: birth dates of living people and time limits lie well inside.
DATE_MIN = date(1900, 1, 1)
DATE_MAX = date(2200, 12, 31)
# The range of the database's integer columns (PostgreSQL `integer`): no count, version or score in a
# form or an API request goes past it.
INTEGER_MIN = -(2**31)
INTEGER_MAX = 2**31 - 1


def date_input(element_id: str = "") -> forms.DateInput:
    """The browser's date picker; its value is always ISO (yyyy-mm-dd), whatever the page language. The
    picker offers only SANE dates; the field (DateField below) refuses others whatever is posted.
    `element_id` gives the input an id of its own (a page with several forms)."""
    attrs = {"type": "date", "min": DATE_MIN.isoformat(), "max": DATE_MAX.isoformat()}
    return forms.DateInput(attrs=attrs | ({"id": element_id} if element_id else {}), format="%Y-%m-%d")


def date_range_error() -> forms.ValidationError:
    """The refusal of a date outside DATE_MIN..DATE_MAX, for forms and API schemas alike."""
    return forms.ValidationError(
        _("Give a date between %(min)s and %(max)s."),
        code="date_range",
        params={"min": DATE_MIN.isoformat(), "max": DATE_MAX.isoformat()},
    )


class DateField(forms.DateField):
    """A date between DATE_MIN and DATE_MAX, with the date picker; every page's date field is one."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", date_input())
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> date | None:
        day = super().to_python(value)
        if day is not None and not DATE_MIN <= day <= DATE_MAX:
            raise date_range_error()
        return day


class DateTimeField(forms.DateTimeField):
    """A moment whose date is between DATE_MIN and DATE_MAX (checked before time-zone arithmetic)."""

    def to_python(self, value: Any) -> datetime | None:
        try:
            moment = super().to_python(value)
        except OverflowError as exc:
            raise date_range_error() from exc
        if moment is not None and not DATE_MIN <= moment.date() <= DATE_MAX:
            raise date_range_error()
        return moment


class IntegerField(forms.IntegerField):
    """A whole number that fits the database's integer column (max_value at most INTEGER_MAX)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs["max_value"] = min(kwargs.get("max_value") or INTEGER_MAX, INTEGER_MAX)
        kwargs.setdefault("min_value", INTEGER_MIN)
        super().__init__(**kwargs)


def add_refusal(form: forms.BaseForm, error: ValidationError | PermissionDenied | str) -> None:
    """Put a service's errors on the form: on a field when the form has it, else at the top of the form, so
    that no message is lost (a service speaks of its own fields, such as `goals`, that a form may lack)."""
    if isinstance(error, PermissionDenied):
        form.add_error(None, str(error))
        return
    if isinstance(error, str) or not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, texts in error.message_dict.items():
        form.add_error(name if name in form.fields else None, texts)


def posted_version(request: HttpRequest, name: str = "version") -> int:
    """The version a page form was read at, from its hidden field. A form without a readable one counts as
    stale: 0 never matches a stored version (they start at 1), so the save is refused rather than made
    blind."""
    try:
        return int(request.POST.get(name, ""))
    except ValueError:
        return 0


def message_refusal(request: HttpRequest, error: ValidationError | PermissionDenied) -> None:
    """Tell the user why a service refused, as a message on the next page (for buttons without a form)."""
    messages.error(request, " ".join(error.messages) if isinstance(error, ValidationError) else str(error))


class LabelledForm(forms.Form):
    """A form whose labels begin with a capital letter, as a model form's do (the msgids are lower case)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if field.label:
                field.label = capfirst(field.label)
