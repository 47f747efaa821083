"""Addresses for the rows of a long list at the cost of one `reverse`.

A list page links each of its fifty rows to a page of its own; a `{% url %}` per row cost more than the rest
of the row together. `uuid_url` reverses the view once, with a placeholder id, and then only fills in each
row's id, so the address is still the one the URLconf gives.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from uuid import UUID

from django.urls import get_script_prefix, reverse

# A valid UUID (the converter checks the shape) that no row has.
_PLACEHOLDER = "00000000-0000-4000-8000-00000000f00d"


@lru_cache(maxsize=256)
def _around(name: str, kwarg: str, prefix: str) -> tuple[str, str]:
    address = reverse(name, kwargs={kwarg: _PLACEHOLDER})
    before, found, after = address.partition(_PLACEHOLDER)
    if not found or _PLACEHOLDER in after:
        raise ValueError(f"{name} does not take {kwarg} once in its address")
    return before, after


def uuid_url(name: str, kwarg: str) -> Callable[[UUID], str]:
    """`reverse(name, kwargs={kwarg: id})` for any id: `uuid_url("casework:case", "client_id")(client.pk)`."""
    before, after = _around(name, kwarg, get_script_prefix())
    return lambda value: f"{before}{UUID(str(value)) if not isinstance(value, UUID) else value}{after}"
