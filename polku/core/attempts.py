"""Sending with retries (a message to a client, a reminder to a worker): each attempt is claimed by one
conditional UPDATE that moves the row's `attempts` from n to n + 1 and puts its `next_attempt_at` off by
the backoff (the first wait doubled n times). Of two workers that try the same row at once exactly one
gets it, on PostgreSQL and on SQLite alike, and a worker that dies in the middle of sending leaves the row
to a later attempt."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db.models import QuerySet


def claim_attempt(
    rows: QuerySet[Any], pk: Any, *, attempts: int, now: datetime, first_retry: timedelta
) -> bool:
    """Claim the next attempt of the row `pk` among `rows` (those that may still be tried), read with
    `attempts` attempts made; True if this caller got it."""
    return (
        rows.filter(pk=pk, attempts=attempts).update(
            attempts=attempts + 1, next_attempt_at=now + first_retry * 2**attempts
        )
        == 1
    )
