"""The worker's caseload filtered by segment: the select is on the caseload page, the filtered list shows
only the segment's clients and logs only them."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from polku.audit.models import UseLogEntry
from tests.conftest import World
from tests.factories import ClientFactory, RelationshipFactory
from tests.segments.records import record

pytestmark = pytest.mark.django_db


def test_the_caseload_is_filtered_by_segment(client: Any, world: World) -> None:
    heavy, light = ClientFactory(last_name="Raskasniemi"), ClientFactory(last_name="Kevytmäki")
    for c in (heavy, light):
        RelationshipFactory(client=c, team=world.team, personal_worker=world.worker)
    record(heavy, world.worker, special_support=True, services=2)  # much support
    client.force_login(world.worker)

    page = client.get(reverse("casework:caseload")).content.decode()
    assert 'name="quadrant"' in page and reverse("segments:caseload") in page

    filtered = client.get(reverse("segments:caseload"), {"quadrant": "much_support"}).content.decode()
    assert "Raskasniemi" in filtered and "Kevytmäki" not in filtered
    assert 'value="much_support" selected' in filtered
    logged = {
        str(c)
        for c in UseLogEntry.objects.filter(view="segments:caseload").values_list("client_id", flat=True)
    }
    assert logged == {str(heavy.pk)}

    other = client.get(reverse("segments:caseload"), {"quadrant": "supported"}).content.decode()
    assert "Kevytmäki" in other and "Raskasniemi" not in other

    nobody = client.get(reverse("segments:caseload"), {"quadrant": "cooperation"}).content.decode()
    assert "Kevytmäki" not in nobody and "Raskasniemi" not in nobody


def test_no_segment_or_an_unknown_one_is_the_whole_caseload(client: Any, world: World) -> None:
    client.force_login(world.worker)
    answer = client.get(reverse("segments:caseload"), {"quadrant": "vip"})
    assert answer.status_code == 302 and answer["Location"] == reverse("casework:caseload")
