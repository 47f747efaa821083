"""The referral to a provider carries the decision (service, period, extent), the client plan's goals that
concern the service, the personal worker's name and phone and what the client agreed may be disclosed to
the provider, each hidden by the client's ban; the client's workers follow the provider's attendance and
review meetings on the client's services page, in the same few queries however many there are."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from polku.accounts.models import Organisation, OrganisationKind
from polku.audit.models import UseLogEntry
from polku.clients.consents import ban_record, consent_record
from polku.clients.models import BanScope, DocumentType
from polku.decisions.services import decision_draft, decision_make
from polku.plans.services import GoalIn, PlanContent, plan_create
from polku.provision.models import Group, ServiceEpisode
from polku.provision.services import (
    GoalIn as ProviderGoalIn,
)
from polku.provision.services import (
    RatingIn,
    attendance_record,
    group_add_member,
    group_create,
    implementation_plan_save,
    review_record,
    session_create,
)
from tests.conftest import World
from tests.factories import provider_of

pytestmark = pytest.mark.django_db

MAX_QUERIES = 10  # measured: 9 on each page, with 1 session or 21
EXTENT = "Elokuvaryhmä kerran viikossa ja kotiohjaus kerran viikossa"
# The service began half a year ago, so that its past weeks' sessions fall within it (core.dates).
STARTED_DAYS_AGO = 180


@pytest.fixture
def episode(world: World) -> ServiceEpisode:
    """Ville's social rehabilitation at Verso: a decision with its extent, a plan whose goals are set
    together (one of them the employment office's task), a personal worker with a work phone, and the
    client's consents to the provider and to Kela."""
    provider = provider_of(world.provider)
    world.worker.phone = "040 123 4567"
    world.worker.save()
    world.client.relationships.update(personal_worker=world.worker)
    today = timezone.localdate()
    plan_create(
        actor=world.worker,
        client=world.client,
        content=PlanContent(
            client_view_of_need="Laskut jäävät maksamatta.",
            professional_view_of_need="Arjenhallinnan tuki.",
            meeting_frequency="Kerran kuukaudessa",
            goals=[
                GoalIn("Laskut maksetaan ajallaan", "together", client_words="Haluan hoitaa laskut itse"),
                GoalIn("Päivärytmi", "client"),
                GoalIn("Työkokeilu keväällä", "partner", partner="TE-palvelut"),
            ],
        ),
    )
    consent_record(
        actor=world.worker,
        client=world.client,
        recipient="",
        recipient_organisation=provider,
        purpose="Kuntoutuksen toteuttaminen ja arviointi",
        given_on=today,
        method="written",
    )
    consent_record(
        actor=world.worker,
        client=world.client,
        recipient="Kela",
        purpose="Toimeentulotuen käsittely",
        given_on=today,
        method="written",
    )
    decision = decision_draft(
        actor=world.worker,
        client=world.client,
        decision_type="social_rehabilitation",
        decision_text="Myönnetään sosiaalinen kuntoutus.",
        grounds="Arvio.",
        legal_basis="SHL 17 §",
        provider=provider,
        start_date=today - timedelta(days=STARTED_DAYS_AGO),
        end_date=today + timedelta(days=90),
        extent=EXTENT,
    )
    decision_make(actor=world.worker, decision=decision, expected_version=decision.version)
    return ServiceEpisode.objects.get(decision_id=decision.pk)


def referral_url(episode: ServiceEpisode) -> str:
    return reverse("services:referral", kwargs={"episode_id": episode.pk})


@pytest.mark.parametrize(
    ("language", "headings"),
    [
        ("fi", ["Päätös<", "Asiakassuunnitelman tavoitteet", "Omatyöntekijä", "Mitä asiakas on suostunut"]),
        ("sv", ["Beslut<", "Klientplanens mål", "Egen kontaktperson", "Vad klienten har samtyckt"]),
    ],
)
def test_the_provider_reads_the_decision_the_goals_the_personal_worker_and_the_consents(
    client: Any, world: World, episode: ServiceEpisode, language: str, headings: list[str]
) -> None:
    client.force_login(world.provider)
    page = client.get(referral_url(episode), HTTP_ACCEPT_LANGUAGE=language)
    assert page.status_code == 200
    text = page.content.decode()
    for heading in headings:
        assert heading in text
    today = timezone.localdate()
    start = today - timedelta(days=STARTED_DAYS_AGO)
    period = f"{start:%-d.%-m.%Y}–{today + timedelta(days=90):%-d.%-m.%Y}"
    assert period in text and EXTENT in text
    assert "Laskut maksetaan ajallaan" in text and "Haluan hoitaa laskut itse" in text
    assert "Päivärytmi" in text
    assert "Työkokeilu keväällä" not in text  # another partner's task: not the provider's
    assert world.worker.last_name in text and "040 123 4567" in text
    assert "Kuntoutuksen toteuttaminen ja arviointi" in text
    assert "Toimeentulotuen käsittely" not in text  # a consent to Kela is not the provider's to see
    assert world.client.hetu not in text
    logged = UseLogEntry.objects.filter(view="services:referral", user_id=str(world.provider.pk))
    assert list(logged.values_list("client_id", "object_type", "object_id")) == [
        (world.client.pk, "referral", str(episode.pk))
    ]


def test_a_ban_on_the_client_plan_or_the_decision_hides_it_from_the_referral(
    client: Any, world: World, episode: ServiceEpisode
) -> None:
    for document in (DocumentType.CLIENT_PLAN, DocumentType.DECISION):
        ban_record(
            actor=world.worker,
            client=world.client,
            scope=BanScope.DOCUMENT,
            document_type=document,
            given_on=timezone.localdate(),
        )
    client.force_login(world.provider)
    text = client.get(referral_url(episode), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Laskut maksetaan ajallaan" not in text and "Päivärytmi" not in text
    assert EXTENT not in text
    assert text.count("The client has not allowed disclosing this to the provider.") == 2
    assert "Social rehabilitation" in text  # the referral itself still names the service
    assert world.worker.last_name in text


def test_a_ban_on_the_provider_hides_the_whole_referral(
    client: Any, world: World, episode: ServiceEpisode
) -> None:
    ban_record(
        actor=world.worker,
        client=world.client,
        scope=BanScope.ORGANISATION,
        organisation=episode.provider,
        given_on=timezone.localdate(),
    )
    client.force_login(world.provider)
    assert client.get(referral_url(episode)).status_code == 404


def test_another_provider_gets_404_and_reads_nothing(
    client: Any, world: World, episode: ServiceEpisode
) -> None:
    other = Organisation.objects.create(name="Toinen Oy", kind=OrganisationKind.PROVIDER)
    world.provider.organisation = other
    world.provider.save()
    client.force_login(world.provider)
    answer = client.get(referral_url(episode))
    assert answer.status_code == 404
    assert EXTENT not in answer.content.decode()
    assert not UseLogEntry.objects.filter(view="services:referral").exists()


def _provider_work(world: World, episode: ServiceEpisode, *, sessions: int, reviews: int) -> None:
    """`sessions` weekly film group sessions (present, absent, absent with notice in turn) and `reviews`
    review meetings rating both goals of the implementation plan."""
    plan = getattr(episode, "implementation_plan", None) or implementation_plan_save(
        actor=world.provider,
        episode=episode,
        goals=[ProviderGoalIn("Laskut ajallaan"), ProviderGoalIn("Päivärytmi")],
    )
    goals = list(plan.goals.all())
    film = Group.objects.filter(provider=episode.provider).first() or group_create(
        actor=world.provider, name="Elokuvaryhmä"
    )
    group_add_member(actor=world.provider, group=film, episode=episode)
    start = film.sessions.order_by("date").values_list("date", flat=True).first() or timezone.localdate()
    statuses = ["present", "absent", "excused"]
    for week in range(sessions):
        session = session_create(actor=world.provider, group=film, day=start - timedelta(days=7 * (week + 1)))
        attendance_record(actor=world.provider, session=session, episode=episode, status=statuses[week % 3])
    for number in range(reviews):
        review_record(
            actor=world.provider,
            episode=episode,
            day=timezone.localdate() - timedelta(days=number + episode.reviews.count()),
            participants="Ville, omatyöntekijä, ohjaaja",
            client_view=f"Arki sujuu paremmin ({number})",
            next_steps=f"Kuntouttava työtoiminta mediapajassa ({number})",
            ratings=[RatingIn(goals[0].pk, 4, "Laskut maksettu"), RatingIn(goals[1].pk, 3, "")],
        )


def test_the_personal_worker_sees_the_providers_attendance_and_reviews(
    client: Any, world: World, episode: ServiceEpisode
) -> None:
    _provider_work(world, episode, sessions=7, reviews=1)
    client.force_login(world.worker)
    case = client.get(reverse("casework:case", kwargs={"client_id": world.client.pk})).content.decode()
    services_url = reverse("services:client", kwargs={"client_id": world.client.pk})
    decision_url = reverse("decisions:detail", kwargs={"decision_id": episode.decision_id})
    assert EXTENT in client.get(decision_url).content.decode()  # the decision itself states the extent
    assert f'href="{services_url}"' in case
    page = client.get(services_url, HTTP_ACCEPT_LANGUAGE="fi")
    assert page.status_code == 200
    (record,) = page.context["services"]
    assert (record.present, record.absent, record.excused) == (3, 2, 2)
    assert len(record.last_sessions) == 5
    latest = timezone.localdate() - timedelta(days=7)
    assert (record.last_sessions[0].day, record.last_sessions[0].status) == (latest, "läsnä")
    text = page.content.decode()
    assert "Kuntouttava työtoiminta mediapajassa (0)" in text and "Arki sujuu paremmin (0)" in text
    assert "Laskut maksettu" in text and "Elokuvaryhmä" in text
    assert f"{latest:%-d.%-m.%Y}" in text
    assert referral_url(episode) in text
    assert UseLogEntry.objects.filter(view="services:client", client_id=world.client.pk).exists()
    client.force_login(world.other_worker)
    assert client.get(services_url).status_code == 404
    client.force_login(world.provider)
    assert client.get(services_url).status_code == 404


def test_the_client_services_page_and_the_referral_cost_the_same_queries_with_1_or_20_sessions(
    client: Any, world: World, episode: ServiceEpisode
) -> None:
    client.force_login(world.worker)
    urls = [reverse("services:client", kwargs={"client_id": world.client.pk}), referral_url(episode)]

    def counts() -> list[int]:
        result = []
        for url in urls:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            result.append(len(captured))
        return result

    _provider_work(world, episode, sessions=1, reviews=1)
    counts()  # the first request writes the session once
    few = counts()
    _provider_work(world, episode, sessions=20, reviews=6)
    assert counts() == few
    assert max(few) <= MAX_QUERIES, dict(zip(urls, few, strict=True))
