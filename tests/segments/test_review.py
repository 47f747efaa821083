"""A worker confirms the rule's placement or moves the client with a reason; the latest review stands. A
refusal stores nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from polku.audit.models import UseLogEntry
from polku.segments.models import ReviewAction, SegmentReview
from polku.segments.placement import placements_for
from polku.segments.quadrants import NOTHING_DECIDED, Quadrant
from polku.segments.services import segment_review
from tests.conftest import World
from tests.segments.records import record

pytestmark = pytest.mark.django_db


def test_confirming_the_rules_placement_needs_no_reason(world: World) -> None:
    # Nothing recorded: low load, low resources.
    review = segment_review(actor=world.worker, client=world.client, quadrant=Quadrant.SUPPORTED)
    assert (review.action, review.computed, review.reason) == (ReviewAction.CONFIRMED, "supported", "")
    assert UseLogEntry.objects.filter(
        client_id=world.client.pk, object_type="segment_review", action="write", view="segments:client"
    ).exists()


def test_moving_without_a_reason_is_refused_and_nothing_is_saved(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        segment_review(actor=world.worker, client=world.client, quadrant=Quadrant.MUCH_SUPPORT, reason="  ")
    assert "reason" in caught.value.message_dict
    assert not SegmentReview.objects.exists()


def test_the_latest_review_stands_and_the_history_is_kept(world: World) -> None:
    record(world.client, world.worker, special_support=True, services=2)  # the rule: much support
    segment_review(actor=world.worker, client=world.client, quadrant=Quadrant.MUCH_SUPPORT)
    moved = segment_review(
        actor=world.counsellor,
        client=world.client,
        quadrant=Quadrant.COOPERATION,
        reason="Sisar auttaa arjessa päivittäin.",
    )
    assert moved.action == ReviewAction.MOVED and moved.computed == Quadrant.MUCH_SUPPORT
    placement = placements_for([world.client.pk])[world.client.pk]
    assert placement.computed == Quadrant.MUCH_SUPPORT
    assert placement.quadrant == Quadrant.COOPERATION
    assert placement.review is not None and placement.review.reason == "Sisar auttaa arjessa päivittäin."
    assert SegmentReview.objects.filter(client=world.client).count() == 2


@pytest.mark.parametrize("who", ["other_worker", "manager", "analyst", "provider"])
def test_only_the_clients_workers_review_and_a_refusal_stores_nothing(world: World, who: str) -> None:
    with pytest.raises(PermissionDenied):
        segment_review(
            actor=getattr(world, who), client=world.client, quadrant=Quadrant.SUPPORTED, reason="x"
        )
    assert not SegmentReview.objects.exists()
    assert not UseLogEntry.objects.filter(object_type="segment_review").exists()


def test_an_unknown_segment_is_refused(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        segment_review(actor=world.worker, client=world.client, quadrant="vip", reason="x")
    assert "quadrant" in caught.value.message_dict
    assert not SegmentReview.objects.exists()


def test_under_a_rule_with_an_unknown_field_nothing_is_saved(world: World, tmp_path: Path) -> None:
    path = tmp_path / "rule.yaml"
    path.write_text(
        "format: polku-segment-rule/1\naxes:\n  load: {high_from: 1, facts: [{field: salary, weight: 1}]}\n"
        "  resources: {high_from: 1, facts: [{field: has_plan, weight: 1}]}\n"
        "heavy_users: {services_at_least: 3, contacts_at_least: 3}\n",
        encoding="utf-8",
    )
    with override_settings(POLKU_SEGMENT_RULE_FILE=str(path)), pytest.raises(ValidationError) as caught:
        segment_review(actor=world.worker, client=world.client, quadrant=Quadrant.SUPPORTED)
    assert "axes.load.facts[0].field: unknown field 'salary'" in caught.value.messages[0]
    assert not SegmentReview.objects.exists()


def test_the_page_shows_the_facts_and_says_it_decides_nothing(client: Any, world: World) -> None:
    record(world.client, world.worker, services=3, contacts=2)
    client.force_login(world.worker)
    url = reverse("segments:client", kwargs={"client_id": world.client.pk})
    body = client.get(url).content.decode()
    with translation.override("fi"):
        assert str(NOTHING_DECIDED) in body
        assert str(Quadrant.SUPPORTED.label) in body
    # Each line says when it gives its points: the default rule counts contacts from 2 and again from 4.
    assert "<td>vähintään 2</td><td>2</td>" in body and "<td>vähintään 4</td><td>2</td>" in body
    assert UseLogEntry.objects.filter(client_id=world.client.pk, view="segments:client").exists()

    refused = client.post(url, {"quadrant": "much_support", "reason": ""})
    assert refused.status_code == 200 and not SegmentReview.objects.exists()
    moved = client.post(url, {"quadrant": "much_support", "reason": "Kolme palvelua, ei suunnitelmaa."})
    assert moved.status_code == 302
    assert SegmentReview.objects.get().quadrant == "much_support"
    assert "Kolme palvelua, ei suunnitelmaa." in client.get(url).content.decode()


def test_another_teams_worker_does_not_see_the_page(client: Any, world: World) -> None:
    client.force_login(world.other_worker)
    url = reverse("segments:client", kwargs={"client_id": world.client.pk})
    assert client.get(url).status_code == 404
    assert client.post(url, {"quadrant": "supported"}).status_code == 404
    assert not SegmentReview.objects.exists()


def test_a_manager_reads_the_page_and_is_told_why_a_review_is_refused(client: Any, world: World) -> None:
    client.force_login(world.manager)
    detail = client.get(reverse("clients:detail", kwargs={"client_id": world.client.pk})).content.decode()
    url = reverse("segments:client", kwargs={"client_id": world.client.pk})
    assert url in detail
    assert 'name="reason"' not in client.get(url).content.decode()
    refused = client.post(url, {"quadrant": "much_support", "reason": "Arvio"})
    assert refused.status_code == 200 and 'name="reason"' in refused.content.decode()
    assert not SegmentReview.objects.exists()
