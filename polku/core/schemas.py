"""Schemas shared by every app's API router.

Every request body derives from `InputSchema` and every query from `QuerySchema`. Both refuse, with a 400
that names the field, what the database or the date arithmetic behind it cannot take (issue #10):
a NUL character in any text (PostgreSQL refuses it), an integer outside the 32-bit range of the database's
integer columns, and a date outside SANE_DATES (0001-01-01 breaks time-zone conversion, 9999-12-31 plus a
few days overflows). The checks reach into lists, dicts and nested values.
"""

from __future__ import annotations

import typing
from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from polku.core.forms import DATE_MAX, DATE_MIN, INTEGER_MAX, INTEGER_MIN, date_range_error
from polku.core.pagination import API_LIMIT_MAX


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]]


def _is_date(annotation: Any) -> bool:
    """Whether a field holds a date or a datetime (datetime is a date), also inside `X | None` or a list."""
    arguments = typing.get_args(annotation)
    if arguments:
        return any(_is_date(argument) for argument in arguments)
    return isinstance(annotation, type) and issubclass(annotation, date)


def _refusal(value: Any) -> str | None:
    """Why `value` (or anything inside it) cannot be stored, or None."""
    if isinstance(value, str):
        return _("Text must not contain a NUL character.") if "\x00" in value else None
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        if not INTEGER_MIN <= value <= INTEGER_MAX:
            return _("Ensure this value is between %(min)s and %(max)s.") % {
                "min": INTEGER_MIN,
                "max": INTEGER_MAX,
            }
        return None
    if isinstance(value, date):
        day = value.date() if isinstance(value, datetime) else value
        return date_range_error().messages[0] if not DATE_MIN <= day <= DATE_MAX else None
    if isinstance(value, dict):
        return next(filter(None, (_refusal(v) for pair in value.items() for v in pair)), None)
    if isinstance(value, list | tuple | set | frozenset):
        return next(filter(None, (_refusal(v) for v in value)), None)
    if isinstance(value, BaseModel):
        return next(filter(None, (_refusal(getattr(value, n)) for n in type(value).model_fields)), None)
    return None


def _integer_bounds(schema: dict[str, Any]) -> None:
    """Show the integer range in the OpenAPI document, so that clients (and the fuzzer) know it."""
    properties = schema.get("properties", {})
    for prop in properties.values():
        for option in [prop, *prop.get("anyOf", [])]:
            if option.get("type") == "integer":
                option.setdefault("minimum", INTEGER_MIN)
                option.setdefault("maximum", INTEGER_MAX)


class SaneValues(Schema):
    """The value checks shared by request bodies and queries."""

    model_config = ConfigDict(json_schema_extra=_integer_bounds)

    @field_validator("*", mode="after")
    @classmethod
    def _storable(cls, value: Any) -> Any:
        refusal = _refusal(value)
        if refusal is not None:
            raise ValueError(refusal)
        return value


class QuerySchema(SaneValues):
    """The base of every query-parameter schema."""


class PageQuery(QuerySchema):
    """`limit` and `offset` of a paged API list (polku.core.pagination.slice_of)."""

    limit: int = Field(50, ge=1, le=API_LIMIT_MAX, description=f"how many at most (1-{API_LIMIT_MAX})")
    offset: int = Field(0, ge=0, le=10_000_000, description="how many to skip from the start of the order")


class PageOut(Schema):
    """A paged API list: its `items` (declared by each list), how many match in all, and the part shown."""

    count: int = Field(description="how many match, on all pages")
    limit: int
    offset: int


class InputSchema(SaneValues):
    """The base of every request body: unknown fields are refused, and so is a number in a date field
    (pydantic would read 0 as 1 January 1970 and save it)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_integer_bounds)

    @field_validator("*", mode="before")
    @classmethod
    def _dates_are_written_as_dates(cls, value: Any, info: ValidationInfo) -> Any:
        if isinstance(value, int | float) and not isinstance(value, bool):
            field = cls.model_fields.get(info.field_name or "")
            if field is not None and _is_date(field.annotation):
                raise ValueError(_("Write a date as YYYY-MM-DD."))
        return value
