from typing import Any

import pytest

from polku.core.suppression import is_small, shown, suppress


@pytest.mark.parametrize(("count", "expected"), [(0, 0), (1, None), (4, None), (5, 5), (120, 120)])
def test_groups_of_one_to_four_are_suppressed_zero_and_five_shown(count: int, expected: int | None) -> None:
    assert suppress(count) == expected


def test_the_threshold_is_configurable(settings: Any) -> None:
    settings.POLKU_SMALL_CELL = 10
    assert is_small(9) and not is_small(10)
    assert shown(None) == "<10"
    assert shown(12) == "12"
