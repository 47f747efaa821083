"""The dates of provider services (the rules of polku/core/dates.py applied by each service), the phase of
a service read from its dates, ending a service on a day ahead or past, and the pages that keep what was
typed when a date is refused."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from polku.casework.models import Initiation
from polku.casework.selectors import deadline_board
from polku.casework.services import journal_note_add
from polku.decisions.services import decision_draft, decision_make
from polku.provision.models import Attendance, EpisodePhase, HomeVisit, Review, ServiceEpisode, Session
from polku.provision.services import (
    GoalIn,
    RatingIn,
    attendance_record,
    episode_end,
    group_add_member,
    group_create,
    home_visit_record,
    implementation_plan_save,
    review_record,
    session_create,
)
from tests.conftest import World
from tests.factories import provider_of, referred_by_decision

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 4)


@pytest.mark.parametrize(
    ("start", "ended_on", "on", "phase"),
    [
        (date(2027, 1, 4), None, TODAY, EpisodePhase.STARTING),  # decided, starts next month
        (date(2027, 1, 4), None, date(2027, 1, 4), EpisodePhase.RUNNING),  # its first day
        (date(2026, 9, 1), None, TODAY, EpisodePhase.RUNNING),
        (date(2026, 9, 1), date(2026, 12, 31), TODAY, EpisodePhase.RUNNING),  # end scheduled
        (date(2026, 9, 1), date(2026, 12, 31), date(2026, 12, 30), EpisodePhase.RUNNING),
        (date(2026, 9, 1), date(2026, 12, 31), date(2026, 12, 31), EpisodePhase.ENDED),  # the day came
        (date(2026, 9, 1), date(2026, 11, 30), TODAY, EpisodePhase.ENDED),
    ],
)
def test_the_phase_of_a_service_is_read_from_its_dates(
    start: date, ended_on: date | None, on: date, phase: str
) -> None:
    assert ServiceEpisode(start_date=start, ended_on=ended_on).phase_on(on) == phase


@pytest.fixture
def episode(world: World) -> ServiceEpisode:
    return referred_by_decision(
        worker=world.worker, client=world.client, provider=provider_of(world.provider)
    )


def _plan(world: World, episode: ServiceEpisode) -> list[Any]:
    plan = implementation_plan_save(
        actor=world.provider,
        episode=episode,
        goals=[GoalIn("Päivärytmi"), GoalIn("Laskut ajallaan")],
        individual_activities="Kotiohjaus torstaisin: laskut ja lomakkeet.",
        group_activities="Elokuvaryhmä tiistaisin.",
    )
    return list(plan.goals.all())


def test_a_service_starting_later_reads_starting_on_its_day(client: Any, world: World) -> None:
    start = timezone.localdate() + timedelta(days=30)
    decision = decision_draft(
        actor=world.worker,
        client=world.client,
        decision_type="social_rehabilitation",
        decision_text="Myönnetään.",
        grounds="Arvio.",
        legal_basis="SHL 17 §",
        provider=provider_of(world.provider),
        start_date=start,
    )
    decision_make(actor=world.worker, decision=decision, expected_version=decision.version)
    episode = ServiceEpisode.objects.get(decision_id=decision.pk)
    client.force_login(world.provider)
    page = client.get(reverse("services:episode", kwargs={"episode_id": episode.pk})).content.decode()
    assert f"Alkaa {start.day}.{start.month}.{start.year}" in page
    assert "Käynnissä" not in page


def test_an_end_ahead_is_scheduled_the_service_runs_until_that_day(
    client: Any, world: World, episode: ServiceEpisode
) -> None:
    ends = timezone.localdate() + timedelta(days=27)
    client.force_login(world.worker)
    answer = client.post(
        reverse("services:end", kwargs={"episode_id": episode.pk}),
        {"ended_on": ends.isoformat(), "summary": "Siirtyy työtoimintaan."},
        follow=True,
    )
    assert f"Käynnissä, päättyy {ends.day}.{ends.month}.{ends.year}" in answer.content.decode()
    episode.refresh_from_db()
    assert episode.ended_on == ends and episode.phase == EpisodePhase.RUNNING
    # The provider goes on working with the client until then...
    assert ServiceEpisode.objects.visible_to(world.provider).get() == episode
    client.force_login(world.provider)
    assert client.get(reverse("services:episode", kwargs={"episode_id": episode.pk})).status_code == 200
    home_visit_record(
        actor=world.provider, episode=episode, day=timezone.localdate(), minutes=60, content="x"
    )
    # ... and from that day on the service has ended, with nothing having to run in between.
    assert not ServiceEpisode.objects.not_ended(on=ends).exists()
    assert episode.phase_on(ends) == EpisodePhase.ENDED


@pytest.mark.parametrize(
    ("ended_on", "running_on_4_12"),
    [
        (None, True),  # no end recorded
        (date(2026, 12, 3), False),  # ended yesterday
        (date(2026, 12, 4), False),  # ends today: ended from its end date on
        (date(2026, 12, 5), True),  # ends tomorrow: runs today
        (date(9999, 12, 31), True),  # the last day there is
    ],
)
def test_a_service_has_not_ended_before_its_recorded_end_day(
    world: World, episode: ServiceEpisode, ended_on: date | None, running_on_4_12: bool
) -> None:
    ServiceEpisode.objects.filter(pk=episode.pk).update(ended_on=ended_on)
    assert ServiceEpisode.objects.not_ended(on=TODAY).filter(pk=episode.pk).exists() is running_on_4_12
    # The service's phase, as its pages show it, says the same.
    episode.refresh_from_db()
    assert (episode.phase_on(TODAY) != EpisodePhase.ENDED) is running_on_4_12


def test_an_end_in_the_past_is_asked_to_be_confirmed_and_nothing_ends_before(
    client: Any, world: World, episode: ServiceEpisode
) -> None:
    ServiceEpisode.objects.filter(pk=episode.pk).update(start_date=timezone.localdate() - timedelta(days=60))
    past = timezone.localdate() - timedelta(days=3)
    client.force_login(world.worker)
    url = reverse("services:end", kwargs={"episode_id": episode.pk})
    answer = client.post(url, {"ended_on": past.isoformat(), "summary": "Tavoitteet täyttyivät osin."})
    page = answer.content.decode()
    assert answer.status_code == 200
    assert "Tavoitteet täyttyivät osin." in page  # what was typed stays
    assert 'name="confirm_past"' in page and "Vahvista" in page
    episode.refresh_from_db()
    assert episode.ended_on is None and episode.version == 1
    assert ServiceEpisode.objects.visible_to(world.provider).exists()

    answer = client.post(
        url, {"ended_on": past.isoformat(), "summary": "Tavoitteet täyttyivät osin.", "confirm_past": "on"}
    )
    assert answer.status_code == 302
    episode.refresh_from_db()
    assert episode.ended_on == past and episode.phase == EpisodePhase.ENDED
    assert not ServiceEpisode.objects.visible_to(world.provider).exists()


def test_an_ended_service_leaves_the_deadline_board(world: World) -> None:
    initiation = Initiation.objects.create(
        client=world.client,
        team=world.team,
        relationship=world.client.relationships.get(),
        initiator_type="application",
        need="Arjen tuki",
        age_at_initiation=40,
        status="in_progress",
        assigned_to=world.worker,
    )
    decision = decision_draft(
        actor=world.worker,
        client=world.client,
        initiation=initiation,
        decision_type="social_rehabilitation",
        decision_text="Myönnetään.",
        grounds="Arvio.",
        legal_basis="SHL 17 §",
        provider=provider_of(world.provider),
        start_date=timezone.localdate(),
    )
    decision_make(actor=world.worker, decision=decision, expected_version=decision.version)
    assert [row.kind for row in deadline_board(user=world.worker, view="t")] == ["service"]
    episode = ServiceEpisode.objects.get(decision_id=decision.pk)
    episode_end(actor=world.worker, episode=episode, ended_on=timezone.localdate(), summary="Päättyi.")
    initiation.refresh_from_db()
    assert initiation.service_started_on == episode.start_date
    assert deadline_board(user=world.worker, view="t") == []


def test_each_provision_date_follows_its_rule(world: World, episode: ServiceEpisode) -> None:
    today = timezone.localdate()
    goals = _plan(world, episode)
    film = group_create(actor=world.provider, name="Elokuvaryhmä")
    group_add_member(actor=world.provider, group=film, episode=episode)
    with pytest.raises(ValidationError) as refused:
        session_create(actor=world.provider, group=film, day=date(2030, 1, 15))
    assert "2 vuotta" in refused.value.message_dict["date"][0]
    next_week = session_create(actor=world.provider, group=film, day=today + timedelta(days=7))
    with pytest.raises(ValidationError) as refused:
        attendance_record(actor=world.provider, session=next_week, episode=episode, status="present")
    assert "tulevaisuudessa" in refused.value.message_dict["status"][0]
    with pytest.raises(ValidationError):
        attendance_record(actor=world.provider, session=next_week, episode=episode, status="absent")
    # A notice of absence is given ahead.
    attendance_record(actor=world.provider, session=next_week, episode=episode, status="excused")
    last_month = session_create(actor=world.provider, group=film, day=today - timedelta(days=30))
    with pytest.raises(ValidationError) as refused:  # the service started today
        attendance_record(actor=world.provider, session=last_month, episode=episode, status="present")
    assert "ei voi olla ennen" in refused.value.message_dict["status"][0]
    # A home visit is booked ahead.
    home_visit_record(
        actor=world.provider, episode=episode, day=today + timedelta(days=6), minutes=60, content="Laskut."
    )
    with pytest.raises(ValidationError) as refused:
        review_record(
            actor=world.worker,
            episode=episode,
            day=today - timedelta(days=1),
            participants="Ville, Sari",
            client_view="Hyvä",
            next_steps="Jatketaan",
            ratings=[RatingIn(g.pk, 4) for g in goals],
        )
    assert "date" in refused.value.message_dict
    assert Attendance.objects.count() == 1 and Session.objects.count() == 2
    assert HomeVisit.objects.count() == 1 and not Review.objects.exists()


def test_a_timeline_entry_of_the_future_is_refused_with_the_reason(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        journal_note_add(
            actor=world.worker,
            client=world.client,
            kind="meeting",
            text="Tapaaminen",
            at=timezone.now() + timedelta(hours=2),
        )
    assert "tapahtunutta" in refused.value.message_dict["at"][0]


def test_the_implementation_plans_activities_are_shown_to_the_provider_and_the_personal_worker(
    client: Any, world: World, episode: ServiceEpisode
) -> None:
    _plan(world, episode)
    for reader in (world.provider, world.worker):
        client.force_login(reader)
        page = client.get(reverse("services:episode", kwargs={"episode_id": episode.pk})).content.decode()
        page = page.split('id="plan"')[1].split("<details")[0]
        assert "Kotiohjaus torstaisin: laskut ja lomakkeet." in page
        assert "Elokuvaryhmä tiistaisin." in page
    answer = client.get(f"/api/v1/episodes/{episode.pk}").json()
    assert answer["individual_activities"] == "Kotiohjaus torstaisin: laskut ja lomakkeet."
    assert answer["group_activities"] == "Elokuvaryhmä tiistaisin."


def test_a_review_without_a_date_keeps_what_was_typed_and_says_why(
    client: Any, world: World, episode: ServiceEpisode
) -> None:
    goals = _plan(world, episode)
    client.force_login(world.worker)
    answer = client.post(
        reverse("services:review", kwargs={"episode_id": episode.pk}),
        {
            "day": "",
            f"score_{goals[0].pk}": "4",
            f"notes_{goals[0].pk}": "Herää aamuisin itse.",
            f"score_{goals[1].pk}": "3",
            "participants": "Ville, Sari, Teemu",
            "client_view": "Arki rullaa paremmin.",
            "next_steps": "Kuntouttava työtoiminta.",
        },
    )
    page = answer.content.decode()
    assert answer.status_code == 200 and "Tämä kenttä on pakollinen" in page
    for typed in (
        "Herää aamuisin itse.",
        "Ville, Sari, Teemu",
        "Arki rullaa paremmin.",
        "Kuntouttava työtoiminta.",
    ):
        assert typed in page
    assert '<option value="4" selected>' in page
    assert not Review.objects.exists()


def test_a_review_before_the_service_started_is_refused_on_the_page(
    client: Any, world: World, episode: ServiceEpisode
) -> None:
    goals = _plan(world, episode)
    client.force_login(world.worker)
    before = timezone.localdate() - timedelta(days=10)
    answer = client.post(
        reverse("services:review", kwargs={"episode_id": episode.pk}),
        {
            "day": before.isoformat(),
            **{f"score_{g.pk}": "4" for g in goals},
            "participants": "Ville, Sari",
            "client_view": "Hyvä.",
            "next_steps": "Jatketaan.",
        },
    )
    page = answer.content.decode()
    assert "ei voi olla ennen" in page and before.isoformat() in page and "Jatketaan." in page
    assert not Review.objects.exists()


def test_a_home_visit_too_far_ahead_keeps_what_was_typed(
    client: Any, world: World, episode: ServiceEpisode
) -> None:
    client.force_login(world.provider)
    answer = client.post(
        reverse("services:home_visit", kwargs={"episode_id": episode.pk}),
        {"day": "2030-01-15", "minutes": "75", "content": "Kela-lomakkeen täyttö yhdessä."},
    )
    page = answer.content.decode()
    assert "2 vuotta" in page and "Kela-lomakkeen täyttö yhdessä." in page and 'value="75"' in page
    assert not HomeVisit.objects.exists()


def test_a_session_too_far_ahead_keeps_what_was_typed(client: Any, world: World) -> None:
    provider_of(world.provider)
    film = group_create(actor=world.provider, name="Elokuvaryhmä")
    client.force_login(world.provider)
    answer = client.post(
        reverse("services:group_action", kwargs={"group_id": film.pk}),
        {"add_session": "1", "day": "2030-01-15", "topic": "Kevään ohjelma"},
    )
    page = answer.content.decode()
    assert "2 vuotta" in page and "Kevään ohjelma" in page and 'value="2030-01-15"' in page
    assert not Session.objects.exists()
