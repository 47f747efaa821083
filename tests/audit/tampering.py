"""What a person with database access (and, for `backdate`, the key) does to the logs, for tests.

On PostgreSQL the log tables' triggers refuse such changes; a database owner or superuser can switch
triggers off for a transaction, and so do these helpers, as an attacker holding the owner's password would.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from django.db import connection

from polku.audit.models import ChainedLogEntry, content_mac


@contextmanager
def tampering() -> Iterator[None]:
    """Changes by hand that bypass the append-only triggers (PostgreSQL; nothing to bypass elsewhere)."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = DEFAULT")


def backdate(model: type[ChainedLogEntry], at: datetime, **filters: Any) -> None:
    """Rows as if written at `at` (their own MAC given anew, as the writer would have then)."""
    with tampering():
        for row in model._default_manager.filter(**filters):
            values = {name: getattr(row, name) for name in model.HASHED_FIELDS}
            values["at"] = at
            model._default_manager.filter(pk=row.pk).update(at=at, row_mac=content_mac(model, values))
