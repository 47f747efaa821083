"""The effectiveness tables' caption names the breakdown in words that read in each language: in English
not "By no breakdown"."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import translation

from polku.instruments.aggregates import ALL
from polku.reporting.effectiveness import DIMENSION_LABELS
from polku.reporting.effectiveness_table import caption


@pytest.mark.parametrize(
    ("language", "by", "expected"),
    [
        ("en", ALL, "Breakdown: none; minimal important difference 1.0 points"),
        ("en", "service", "Breakdown: service; minimal important difference 1.0 points"),
        ("fi", ALL, "Ryhmittely: ei ryhmittelyä; pienin merkityksellinen muutos 1,0 pistettä"),
        ("sv", ALL, "Uppdelning: ingen uppdelning; minsta betydelsefulla förändring 1,0 poäng"),
    ],
)
def test_the_caption_names_the_breakdown(language: str, by: str, expected: str) -> None:
    table: Any = SimpleNamespace(mid=1.0)
    with translation.override(language):
        assert caption(table, str(DIMENSION_LABELS[by])) == expected
