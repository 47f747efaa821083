"""Showing a service's refusal on the form that asked for it."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest


def date_input() -> forms.DateInput:
    """The browser's date picker; its value is always ISO (yyyy-mm-dd), whatever the page language."""
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


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
