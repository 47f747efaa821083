"""Request bodies of the API are JSON, sent as such: anything else is refused before it is read as data."""

from __future__ import annotations

import json
from typing import Any, cast

from django.http import HttpRequest
from ninja.parser import Parser


class UnsupportedContentType(Exception):
    """The body was sent with a content type other than JSON (answered 415)."""


class MalformedJson(Exception):
    """The body is not valid JSON (answered 400, with where the parser stopped when it knows)."""

    def __init__(self, line: int | None = None, column: int | None = None) -> None:
        super().__init__(f"line {line}, column {column}")
        self.line = line
        self.column = column


def is_json(content_type: str) -> bool:
    return content_type == "application/json" or (
        content_type.startswith("application/") and content_type.endswith("+json")
    )


class JsonOnlyParser(Parser):
    """ninja's parser reads any body as JSON whatever its Content-Type; Polku's API takes JSON only.

    ninja turns every exception raised here into a plain 400 "Cannot parse request body"; the API's error
    handler (polku/api/errors.py) finds these exceptions as the cause and answers with a clear message."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        if not is_json(request.content_type or ""):
            raise UnsupportedContentType(request.content_type or "")
        try:
            return cast(dict[str, Any], json.loads(request.body))
        except json.JSONDecodeError as exc:
            raise MalformedJson(exc.lineno, exc.colno) from None
        except UnicodeDecodeError:
            raise MalformedJson() from None
