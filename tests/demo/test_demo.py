"""`polku demo`: the demo county, one user per role, synthetic clients and Ville's story; safe to repeat."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from polku.accounts.models import User
from polku.casework.models import Assessment, Initiation
from polku.clients.hetu import parse_hetu
from polku.clients.models import Client
from polku.core.crypto import search_hash
from polku.demo.data import USERS, load_demo
from polku.demo.ville import VILLE_HETU

pytestmark = pytest.mark.django_db


def test_the_demo_loads_twice_without_duplicates_and_every_user_signs_in(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("POLKU_DEMO_PASSWORD", "another-demo-password")
    out = StringIO()
    call_command("demo", "--no-serve", "--clients", "40", stdout=out)
    call_command("demo", "--no-serve", "--clients", "40", stdout=out)
    assert "another-demo-password" in out.getvalue()
    assert Client.objects.count() == 42  # 40 synthetic, Ville and Ánde (the Sámi client)
    assert User.objects.count() == len(USERS)
    request = RequestFactory().post("/login/")
    for spec in USERS:
        assert authenticate(request, username=spec.username, password="another-demo-password") is not None


def test_synthetic_clients_use_only_the_individual_numbers_900_to_999() -> None:
    load_demo(clients=60)
    for client in Client.objects.all():
        assert parse_hetu(client.hetu).individual_number >= 900


def test_villes_story_runs_up_to_the_named_personal_worker() -> None:
    load_demo(clients=5)
    ville = Client.objects.get(hetu_hash=search_hash(VILLE_HETU))
    initiation = Initiation.objects.get(client=ville)
    assert initiation.contact is not None and initiation.contact.sender_organisation == "Kela"
    assessment = Assessment.objects.get(initiation=initiation)
    assert assessment.is_completed
    assert "Laskut ovat kasaantuneet" in assessment.client_view
    relationship = ville.relationships.get()
    assert relationship.personal_worker is not None
    assert relationship.personal_worker.username == "sosiaalityontekija"
    # ... and on to social rehabilitation, its review, and rehabilitative work activity (domain.md steps 4-6).
    decisions = {d.decision_type: d for d in ville.decisions.all()}
    assert decisions["social_rehabilitation"].appeal_last_day is not None
    assert decisions["rehabilitative_work_activity"].status == "notified"
    episode = ville.episodes.get(kind="social_rehabilitation")
    assert episode.status == "active"  # its last weeks on the day of loading: the provider sees him
    assert episode.attendance.count() >= 12
    assert episode.home_visits.count() >= 12
    review = episode.reviews.get()
    assert sorted(r.score for r in review.ratings.all()) == [3, 4, 4]
    assert ville.activation_plans.get().employment_office == "Koivulan TE-palvelut"
    assert ville.client_plan.versions.count() == 2
    kinds = set(ville.journal.values_list("kind", flat=True))
    assert {
        "contact",
        "initiation",
        "taken",
        "assessment_started",
        "pre_assessment",
        "meeting",
        "assessment_completed",
        "personal_worker",
    } <= kinds
