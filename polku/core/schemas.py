"""Schemas shared by every app's API router."""

from ninja import Schema


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]]
