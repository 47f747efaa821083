from __future__ import annotations

from collections.abc import Generator

import pytest

from polku.codes import national


@pytest.fixture(autouse=True)
def _code_sets_read_afresh() -> Generator[None, None, None]:
    """A test that loads a version rolls it back at its end: the next test reads the sets again."""
    national.forget()
    yield
    national.forget()
