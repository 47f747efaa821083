"""Services run by a provider (SHL 17): referral by decision, what the provider sees and for how long, the
implementation plan, groups and attendance, home visits, review meetings."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from polku.accounts.models import Organisation, OrganisationKind
from polku.core.models import StaleEditError
from polku.provision.models import Attendance, ServiceEpisode
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
from tests.factories import ClientFactory, RelationshipFactory, provider_of, referred_by_decision

pytestmark = pytest.mark.django_db


@pytest.fixture
def episode(world: World) -> ServiceEpisode:
    provider = provider_of(world.provider)
    return referred_by_decision(worker=world.worker, client=world.client, provider=provider)


def plan(world: World, episode: ServiceEpisode) -> Any:
    return implementation_plan_save(
        actor=world.provider,
        episode=episode,
        goals=[
            GoalIn("Laskut maksetaan ajallaan", "Haluan hoitaa laskut itse"),
            GoalIn("Päivärytmi"),
            GoalIn("Kotityöt"),
        ],
        schedule="Elokuvaryhmä ti, kotiohjaus to",
    )


def test_a_decision_refers_the_client_and_the_provider_sees_only_the_service(
    client: Any, world: World, episode: ServiceEpisode
) -> None:
    assert ServiceEpisode.objects.visible_to(world.provider).get() == episode
    client.force_login(world.provider)
    page = client.get(reverse("services:episode", kwargs={"episode_id": episode.pk}))
    assert page.status_code == 200 and world.client.last_name in page.content.decode()
    assert world.client.hetu not in page.content.decode()
    for url in (
        reverse("clients:detail", kwargs={"client_id": world.client.pk}),
        reverse("casework:case", kwargs={"client_id": world.client.pk}),
        reverse("casework:timeline", kwargs={"client_id": world.client.pk}),
    ):
        assert client.get(url).status_code == 404


def test_after_the_service_ends_the_provider_sees_nothing(
    client: Any, world: World, episode: ServiceEpisode
) -> None:
    with pytest.raises(ValidationError):
        episode_end(actor=world.worker, episode=episode, ended_on=timezone.localdate(), summary=" ")
    episode_end(
        actor=world.worker, episode=episode, ended_on=timezone.localdate(), summary="Tavoitteet täyttyivät."
    )
    assert not ServiceEpisode.objects.visible_to(world.provider).exists()
    client.force_login(world.provider)
    assert client.get(reverse("services:episode", kwargs={"episode_id": episode.pk})).status_code == 404
    with pytest.raises(PermissionDenied):
        home_visit_record(
            actor=world.provider, episode=episode, day=timezone.localdate(), minutes=60, content="x"
        )


def test_another_provider_sees_nothing(world: World, episode: ServiceEpisode) -> None:
    other = Organisation.objects.create(name="Toinen Oy", kind=OrganisationKind.PROVIDER)
    world.provider.organisation = other
    world.provider.save()
    assert not ServiceEpisode.objects.visible_to(world.provider).exists()
    with pytest.raises(PermissionDenied):
        plan(world, episode)


def test_an_implementation_plan_needs_goals_and_a_stale_edit_is_refused(
    world: World, episode: ServiceEpisode
) -> None:
    with pytest.raises(ValidationError):
        implementation_plan_save(
            actor=world.provider, episode=episode, goals=[GoalIn("", "vain omin sanoin")]
        )
    saved = plan(world, episode)
    assert [g.text for g in saved.goals.all()] == ["Laskut maksetaan ajallaan", "Päivärytmi", "Kotityöt"]
    implementation_plan_save(
        actor=world.provider, episode=episode, goals=[GoalIn("Uusi")], expected_version=saved.version
    )
    with pytest.raises(StaleEditError):
        implementation_plan_save(
            actor=world.provider, episode=episode, goals=[GoalIn("Vanha")], expected_version=saved.version
        )


def test_attendance_only_for_members_of_the_group(world: World, episode: ServiceEpisode) -> None:
    film = group_create(actor=world.provider, name="Elokuvaryhmä")
    session = session_create(actor=world.provider, group=film, day=timezone.localdate())
    with pytest.raises(ValidationError) as refused:
        attendance_record(actor=world.provider, session=session, episode=episode, status="present")
    assert "episode" in refused.value.message_dict
    group_add_member(actor=world.provider, group=film, episode=episode)
    mark = attendance_record(actor=world.provider, session=session, episode=episode, status="present")
    attendance_record(
        actor=world.provider,
        session=session,
        episode=episode,
        status="excused",
        expected_version=mark.version,
    )
    assert Attendance.objects.get().status == "excused"
    with pytest.raises(ValidationError):
        session_create(actor=world.provider, group=film, day=timezone.localdate())


def test_a_review_rates_every_goal_from_one_to_five(world: World, episode: ServiceEpisode) -> None:
    goals = list(plan(world, episode).goals.all())
    common = {
        "actor": world.worker,
        "episode": episode,
        "day": timezone.localdate(),
        "participants": "Ville, Sari, Teemu",
        "client_view": "Arki rullaa paremmin.",
        "next_steps": "Kuntouttava työtoiminta mediapajassa.",
    }
    with pytest.raises(ValidationError):
        review_record(**common, ratings=[RatingIn(goals[0].pk, 4)])
    with pytest.raises(ValidationError):
        review_record(**common, ratings=[RatingIn(g.pk, 6) for g in goals])
    review = review_record(
        **common, ratings=[RatingIn(g.pk, s, "hyvin") for g, s in zip(goals, (4, 4, 3), strict=True)]
    )
    assert sorted(r.score for r in review.ratings.all()) == [3, 4, 4]
    assert world.client.journal.filter(kind="review").exists()


def test_home_visits_are_checked(world: World, episode: ServiceEpisode) -> None:
    with pytest.raises(ValidationError) as refused:
        home_visit_record(
            actor=world.provider,
            episode=episode,
            day=timezone.localdate() + timedelta(days=3 * 366),
            minutes=0,
            content="",
        )
    assert {"minutes", "content", "date"} <= set(refused.value.message_dict)
    home_visit_record(
        actor=world.provider,
        episode=episode,
        day=timezone.localdate(),
        minutes=90,
        content="Laskujen läpikäynti.",
    )
    assert episode.home_visits.count() == 1


def test_the_group_page_saves_attendance_for_the_members(
    client: Any, world: World, episode: ServiceEpisode
) -> None:
    film = group_create(actor=world.provider, name="Elokuvaryhmä")
    group_add_member(actor=world.provider, group=film, episode=episode)
    session = session_create(actor=world.provider, group=film, day=timezone.localdate())
    client.force_login(world.provider)
    url = reverse("services:group_action", kwargs={"group_id": film.pk})
    client.post(url, {"attendance": "1", "session": str(session.pk), f"status_{episode.pk}": "present"})
    assert Attendance.objects.get().status == "present"
    page = client.get(reverse("services:group", kwargs={"group_id": film.pk})).content.decode()
    assert world.client.last_name in page and "✓" in page


def test_workers_do_not_see_the_services_of_clients_outside_their_access(
    world: World, episode: ServiceEpisode
) -> None:
    other = ClientFactory()
    RelationshipFactory(client=other, team=world.other_team)
    assert list(ServiceEpisode.objects.visible_to(world.worker)) == [episode]
    assert not ServiceEpisode.objects.visible_to(world.other_worker).exists()
    assert not ServiceEpisode.objects.visible_to(world.analyst).exists()


def test_the_catalogue_lists_what_providers_offer(client: Any, world: World, episode: ServiceEpisode) -> None:
    client.force_login(world.worker)
    page = client.get(reverse("services:catalogue")).content.decode()
    assert "Kuntoutuspaja Verso Oy" in page and "Kuntoutus" in page
