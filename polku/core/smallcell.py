"""The small-cell rule: an aggregate never reveals a group of fewer than POLKU_SMALL_CELL persons
(domain.md, "Client data rules"; default 5). One place for every report, page, export and API answer.

A suppressed count is None in data and "<5" on screen. Zero is shown: it reveals no one.
"""

from __future__ import annotations

from django.conf import settings


def threshold() -> int:
    return int(settings.POLKU_SMALL_CELL)


def is_small(count: int) -> bool:
    return 0 < count < threshold()


def suppress(count: int) -> int | None:
    """The count, or None when it would reveal a small group."""
    return None if is_small(count) else count


def shown(count: int | None) -> str:
    """How a possibly suppressed count is written in a table or a file."""
    return f"<{threshold()}" if count is None else str(count)
