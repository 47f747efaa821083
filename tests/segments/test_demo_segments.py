"""`polku demo` gives the demo team a segment view with reviewed placements and their reasons."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from polku.accounts.models import Team, User
from polku.demo.data import TEAM_KOIVULA, load_demo
from polku.segments.models import ReviewAction, SegmentReview
from polku.segments.selectors import team_segments

pytestmark = pytest.mark.django_db


def test_the_demo_holds_a_teams_segment_view(client: Any) -> None:
    load_demo(clients=40)
    load_demo(clients=40)  # again: no more reviews
    team = Team.objects.get(name=TEAM_KOIVULA)
    reviews = SegmentReview.objects.filter(client__relationships__team=team).distinct()
    assert reviews.count() >= 6
    moved = reviews.filter(action=ReviewAction.MOVED)
    assert moved.exists() and all(r.reason for r in moved)
    segments = team_segments(team)
    filled = [
        key
        for key, _label in segments.by_review.rows
        if key != "total" and segments.by_review.cells[(key, "total")].text != "0"
    ]
    assert len(filled) >= 2, filled

    client.force_login(User.objects.get(username="esihenkilo"))
    assert client.get(reverse("segments:team", kwargs={"team_id": team.pk})).status_code == 200
