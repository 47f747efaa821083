"""Schemas shared by every app's API router."""

from __future__ import annotations

import typing
from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import ConfigDict, ValidationInfo, field_validator


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]]


def _is_date(annotation: Any) -> bool:
    """Whether a field holds a date or a datetime (datetime is a date), also inside `X | None` or a list."""
    arguments = typing.get_args(annotation)
    if arguments:
        return any(_is_date(argument) for argument in arguments)
    return isinstance(annotation, type) and issubclass(annotation, date)


class InputSchema(Schema):
    """The base of every request body: unknown fields are refused, and so is a number in a date field
    (pydantic would read 0 as 1 January 1970 and save it)."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="before")
    @classmethod
    def _dates_are_written_as_dates(cls, value: Any, info: ValidationInfo) -> Any:
        if isinstance(value, int | float) and not isinstance(value, bool):
            field = cls.model_fields.get(info.field_name or "")
            if field is not None and _is_date(field.annotation):
                raise ValueError(_("Write a date as YYYY-MM-DD."))
        return value
