from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.template import engines
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from polku.core.formats import day, moment
from polku.core.markup import esc


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


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        # Helsinki is UTC+2 in winter and UTC+3 in summer: the local time is shown, hours in two digits.
        (datetime(2026, 12, 4, 7, 5, tzinfo=UTC), "4.12.2026 09:05"),
        (datetime(2026, 12, 3, 22, 30, tzinfo=UTC), "4.12.2026 00:30"),
        (datetime(2026, 6, 30, 21, 0, tzinfo=UTC), "1.7.2026 00:00"),
        (datetime(2026, 3, 29, 0, 59, tzinfo=UTC), "29.3.2026 02:59"),  # the hour before summer time
        (datetime(2026, 3, 29, 1, 0, tzinfo=UTC), "29.3.2026 04:00"),  # its first minute
        (datetime(9999, 12, 31, 12, 0, tzinfo=UTC), "31.12.9999 14:00"),
        (None, ""),
        ("2026-12-04 09:05", ""),
    ],
)
def test_a_moment_is_written_as_in_finland_in_local_time(value: Any, shown: str) -> None:
    assert moment(value) == shown
    template = engines["django"].from_string('{{ value|moment }}|{{ value|date:"j.n.Y H:i" }}')
    assert template.render({"value": value}) == f"{shown}|{shown}"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (
            "Virtanen <b>\"Matti\"</b> & 'Co'",
            "Virtanen &lt;b&gt;&quot;Matti&quot;&lt;/b&gt; &amp; &#x27;Co&#x27;",
        ),
        (mark_safe("<em>valmis</em>"), "<em>valmis</em>"),  # markup already stays as it is
        (gettext_lazy("No such text <here>"), "No such text &lt;here&gt;"),  # lazy text
        (42, "42"),
    ],
)
def test_text_in_rows_written_in_python_is_escaped_as_templates_escape_it(value: Any, shown: str) -> None:
    assert esc(value) == shown == str(conditional_escape(value))
