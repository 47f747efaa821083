"""How Polku writes a day: 4.12.2026, as Finnish and Swedish do (Django's "j.n.Y"), in local time."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.utils import timezone


def day(value: Any) -> str:
    """The date, or the local date of an aware time; "" for anything else (as Django's `date` filter).

    The same text as `date_format(value, "j.n.Y")` at a tenth of its cost, which counts in a list of fifty
    rows that shows a hundred days."""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
    elif not isinstance(value, date):
        return ""
    return f"{value.day}.{value.month}.{value.year:04d}"
