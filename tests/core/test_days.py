from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.template import engines

from polku.core.formats import day


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (date(2026, 12, 4), "4.12.2026"),
        (date(1, 1, 1), "1.1.0001"),
        (date(9999, 12, 31), "31.12.9999"),
        # Helsinki is UTC+2 in winter and UTC+3 in summer: the local day is shown.
        (datetime(2026, 12, 3, 22, 30, tzinfo=UTC), "4.12.2026"),
        (datetime(2026, 6, 30, 21, 0, tzinfo=UTC), "1.7.2026"),
        (datetime(2026, 6, 30, 20, 59, tzinfo=UTC), "30.6.2026"),
        (None, ""),
        ("", ""),
        ("2026-12-04", ""),
    ],
)
def test_a_day_is_written_as_in_finland_in_local_time(value: Any, shown: str) -> None:
    assert day(value) == shown
    template = engines["django"].from_string('{{ value|day }}|{{ value|date:"j.n.Y" }}')
    assert template.render({"value": value}) == f"{shown}|{shown}"
