"""Reads of the register keeper: the disclosure log of a client (ATL 10) and the security log of refused
requests. polku/audit writes and chains these logs; what is read from them, and by whom, is here.

The log extract's own reads of the use and disclosure logs, limited to its period, are in log_extracts.py.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from django.db.models import QuerySet

from polku.audit.models import DisclosureLogEntry, SecurityLogEntry


def client_disclosures(*, client_id: UUID, limit: int) -> list[DisclosureLogEntry]:
    """What was disclosed of the client's data, newest first, at most `limit` rows. The caller has
    fetched the client through its access check (and logged the read)."""
    return list(DisclosureLogEntry.objects.filter(client_id=client_id).order_by("-at")[:limit])


def denied_requests(
    *, since: datetime | None = None, username: str | None = None
) -> QuerySet[SecurityLogEntry]:
    """Refused requests (403/404) of signed-in users, oldest first; from `since`, of `username` only."""
    rows = SecurityLogEntry.objects.order_by("at", "id")
    if since:
        rows = rows.filter(at__gte=since)
    if username:
        rows = rows.filter(username=username)
    return rows
