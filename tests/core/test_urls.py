from __future__ import annotations

import uuid

import pytest
from django.urls import NoReverseMatch, reverse

from polku.core.urls import uuid_url


@pytest.mark.parametrize(
    ("name", "kwarg"),
    [("casework:case", "client_id"), ("clients:detail", "client_id"), ("casework:take", "initiation_id")],
)
def test_a_row_address_is_the_one_reverse_gives(name: str, kwarg: str) -> None:
    make = uuid_url(name, kwarg)
    for value in (uuid.uuid4(), uuid.uuid4()):
        assert make(value) == reverse(name, kwargs={kwarg: value})
        assert make(str(value).upper()) == reverse(name, kwargs={kwarg: value})


def test_a_view_without_the_id_is_refused() -> None:
    with pytest.raises(NoReverseMatch):
        uuid_url("casework:caseload", "client_id")
