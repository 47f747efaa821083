"""The rest of Ville's story (domain.md steps 3-6), each step on its day of `VilleDays`: the client plan,
the decision on social rehabilitation for six months, the provider's implementation plan, the weekly film
group and home guidance, his self-assessments at the start and at the review meeting three months later,
the plan's review with the next steps, the activation plan made with employment services and the decision
on rehabilitative work activity to follow. The social rehabilitation is still running on the day of loading,
so that the provider sees Ville among its services and in the film group. Made through the services, like
everything in the demo."""

from __future__ import annotations

from datetime import datetime, timedelta

from polku.accounts.models import Organisation, OrganisationKind, User
from polku.casework.models import Initiation
from polku.clients.models import Client
from polku.decisions.services import decision_draft, decision_make, decision_notify, decision_service_started
from polku.demo.backdate import happened_at
from polku.demo.ville_days import VilleDays, at
from polku.instruments.models import ResponseMode
from polku.instruments.services import response_submit
from polku.plans.services import (
    AvainIn,
    GoalIn,
    PartnerIn,
    PlanContent,
    ServiceIn,
    activation_plan_create,
    plan_create,
    plan_review,
)
from polku.provision.models import ServiceEpisode
from polku.provision.services import (
    GoalIn as ServiceGoal,
)
from polku.provision.services import (
    RatingIn,
    attendance_record,
    group_add_member,
    group_create,
    home_visit_record,
    implementation_plan_save,
    review_record,
    session_create,
)

SELF_ASSESSMENT = "functional_capacity"
VILLE_START = {
    "overall": 4, "mental_1": 2, "mental_2": 4, "mental_3": 3, "social_1": 2, "social_2": 1, "social_3": 4,
    "physical_1": 4, "physical_2": 2, "physical_3": 2, "skills_1": 2, "skills_2": 4, "skills_3": 5,
    "everyday_1": 1, "everyday_2": 1, "everyday_3": 3,
}  # fmt: skip
VILLE_REVIEW = VILLE_START | {
    "overall": 6, "mental_1": 3, "mental_2": 3, "social_2": 3, "social_3": 3, "everyday_1": 3, "everyday_2": 3,
}  # fmt: skip


# AVAIN in Ville's plan and as his review rated it again (polku.plans.avain; the situational factors, services
# and methods by the codes of the AVAIN file).
VILLE_AVAIN_PLAN = [
    AvainIn("factors", "debts", -2),
    AvainIn("factors", "income", -1),
    AvainIn("factors", "daily_life", -1),
    AvainIn("factors", "social_network", -1),
    AvainIn("factors", "motivation", 1),
    AvainIn("services", "social_rehabilitation", None),
    AvainIn("services", "debt_advice", None),
    AvainIn("methods", "service_guidance", 1),
    AvainIn("methods", "motivational", 1),
    AvainIn("methods", "financial_guidance", 1),
]
VILLE_AVAIN_REVIEW = [
    AvainIn("factors", "debts", -1),
    AvainIn("factors", "income", 0),
    AvainIn("factors", "daily_life", 1),
    AvainIn("factors", "social_network", 0),
    AvainIn("factors", "motivation", 2),
    AvainIn("services", "social_rehabilitation", 3),
    AvainIn("services", "debt_advice", 2),
    AvainIn("services", "work_activity", None),
    AvainIn("methods", "service_guidance", 2),
    AvainIn("methods", "motivational", 3),
    AvainIn("methods", "financial_guidance", 2),
    AvainIn("methods", "network_work", 2),
]


def _plan_content(**changes: object) -> PlanContent:
    base: dict[str, object] = {
        "client_view_of_need": "Laskut ovat kasaantuneet ja päivät menevät sekaisin. Haluan saada asiat järjestykseen.",
        "professional_view_of_need": "Tukea arjen rytmiin, raha-asioiden hoitoon ja sosiaalisiin suhteisiin.",
        "client_view_of_services": "Ryhmä, jossa katsotaan elokuvia, ja apua kotona laskujen kanssa.",
        "professional_view_of_services": "Sosiaalinen kuntoutus: elokuvaryhmä ja kotiohjaus; talous- ja velkaneuvonta.",
        "meeting_frequency": "Kerran kuukaudessa ja tarvittaessa",
        "strengths": "Kiinnostus elokuviin ja tietokoneisiin, halu muutokseen.",
        "estimated_duration": "Noin vuosi",
        "follow_up": "Arviointipalaveri palveluntuottajan kanssa 3 kuukauden kuluttua palvelun alusta.",
        "goals": [
            GoalIn("Laskut maksetaan ajallaan", "client", "Hoidan laskut itse", avain=1),
            GoalIn("Säännöllinen päivärytmi", "together", "Herään aamulla ja käyn ryhmässä", avain=2),
            GoalIn("Kotityöt sujuvat", "client", avain=2),
        ],
        "services": [ServiceIn("Sosiaalinen kuntoutus", None, "6 kuukautta")],
        "avain": VILLE_AVAIN_PLAN,
    }
    return PlanContent(**(base | changes))  # type: ignore[arg-type]


def load_ville_services(
    *,
    ville: Client,
    initiation: Initiation,
    social_worker: User,
    provider_worker: User,
    others: list[Client],
    days: VilleDays,
) -> None:
    verso = provider_worker.organisation
    assert verso is not None  # noqa: S101  (the demo provider worker belongs to the provider)
    with happened_at(at(days.plan_made, 13)):
        plan = plan_create(
            actor=social_worker,
            client=ville,
            content=_plan_content(
                services=[ServiceIn("Sosiaalinen kuntoutus", days.service_start, "6 kuukautta")],
                review_date=None,
            ),
        )
    # The review date as it was set on the plan's day: today it is past, which the plan service refuses
    # for a date set now (core.dates.review_due).
    type(plan).objects.filter(pk=plan.pk).update(review_date=days.review)
    with happened_at(at(days.decided, 10, 30)):
        decision = decision_draft(
            actor=social_worker,
            client=ville,
            initiation=initiation,
            decision_type="social_rehabilitation",
            decision_text="Myönnetään sosiaalinen kuntoutus: elokuvaryhmä kerran viikossa ja kotiohjaus kerran "
            "viikossa kuuden kuukauden ajan.",
            grounds="Palvelutarpeen arvioinnin mukaan Ville tarvitsee tukea arjen rytmiin, raha-asioiden hoitoon "
            "ja sosiaalisiin suhteisiin. Ryhmätoiminta ja kotiohjaus vastaavat tarpeeseen.",
            legal_basis="Sosiaalihuoltolaki 1301/2014 17 §, 45 §",
            provider=verso,
            start_date=days.service_start,
            end_date=days.service_end,
        )
        decision = decision_make(actor=social_worker, decision=decision, expected_version=decision.version)
    decision.refresh_from_db()  # decided when it was made, not now
    with happened_at(at(days.decided, 10, 45)):  # handed over in the meeting with Ville and the provider
        decision = decision_notify(
            actor=social_worker, decision=decision, method="in_person", sent_on=days.decided
        )
    episode = ServiceEpisode.objects.get(decision_id=decision.pk)
    with happened_at(at(days.decided, 14)):
        film = group_create(
            actor=provider_worker, name="Elokuvaryhmä", description="Katsotaan ja keskustellaan."
        )
        members = [episode, *_other_members(social_worker, verso, others, days)]
        for member in members:
            group_add_member(actor=provider_worker, group=film, episode=member)
    with happened_at(at(days.service_start, 9)):
        decision_service_started(
            actor=social_worker,
            decision=decision,
            started_on=days.service_start,
            delay_reason=""
            if initiation.service_due is None or days.service_start <= initiation.service_due
            else "Ryhmä alkoi seuraavalla jaksolla.",
        )
        episode.refresh_from_db()
        implementation = implementation_plan_save(
            actor=provider_worker,
            episode=episode,
            goals=[
                ServiceGoal("Laskut maksetaan ajallaan", "Hoidan laskut itse"),
                ServiceGoal("Säännöllinen päivärytmi", "Herään aamulla ja käyn ryhmässä"),
                ServiceGoal("Kotityöt sujuvat", "Tiskit ja pyykit hoidossa"),
            ],
            individual_activities="Kotiohjaus kerran viikossa: laskut, lomakkeet, kotityöt.",
            group_activities="Elokuvaryhmä tiistaisin.",
            schedule="Ryhmä ti klo 13-15, kotiohjaus to.",
        )
    _self_assessment(ville, social_worker, VILLE_START, at(days.service_start, 11))

    for week, day in enumerate(days.sessions):
        with happened_at(at(day, 15, 10)):  # marked after the session
            session = session_create(actor=provider_worker, group=film, day=day, topic=f"Elokuva {week + 1}")
            for index, member in enumerate(members):
                # Ville misses two weeks early on and one with notice; others vary too.
                status = "present"
                if member == episode and week in (1, 2):
                    status = "absent"
                elif (member == episode and week == 7) or ((week + index) % 5 == 0 and member != episode):
                    status = "excused"
                attendance_record(actor=provider_worker, session=session, episode=member, status=status)
    for week, day in enumerate(days.home_visits):
        with happened_at(at(day, 12)):
            home_visit_record(
                actor=provider_worker,
                episode=episode,
                day=day,
                minutes=90,
                content=[
                    "Laskujen läpikäynti ja maksaminen.",
                    "Kela-lomakkeen täyttö yhdessä.",
                    "Siivous ja pyykit, viikkorytmin suunnittelu.",
                ][week % 3],
            )

    goals = list(implementation.goals.all())
    with happened_at(at(days.review, 14, 30)):
        review_record(
            actor=social_worker,
            episode=episode,
            day=days.review,
            participants="Ville, Sari Virtanen (omatyöntekijä), Teemu Laine (Kuntoutuspaja Verso)",
            client_view="Arki rullaa paremmin ja ryhmässä on kivaa. Haluaisin tehdä jotain mediahommia.",
            next_steps="Sosiaalinen kuntoutus jatkuu jakson loppuun. Sen jälkeen kuntouttava työtoiminta "
            "mediapajassa 3 päivää viikossa; aktivointisuunnitelma TE-palveluiden kanssa.",
            ratings=[
                RatingIn(goals[0].pk, 4, "Laskut maksettu ajallaan kahtena kuukautena."),
                RatingIn(goals[1].pk, 4, "Käy ryhmässä säännöllisesti."),
                RatingIn(goals[2].pk, 3, "Kotityöt sujuvat ohjattuna."),
            ],
        )
    _self_assessment(ville, social_worker, VILLE_REVIEW, at(days.review, 15))

    work_services = [ServiceIn("Kuntouttava työtoiminta", days.work_activity_start, "6 kuukautta")]
    with happened_at(at(days.plan_reviewed, 13)):
        plan_review(
            actor=social_worker,
            plan=plan.plan,
            based_on=1,
            content=_plan_content(
                meeting_frequency="Kerran kuukaudessa",
                is_joint=True,
                consent_note="Ville antoi suostumuksensa suullisesti arviointipalaverissa.",
                goals=[
                    GoalIn("Laskut maksetaan ajallaan", "client", "Hoidan laskut itse", avain=3),
                    GoalIn(
                        "Kuntouttava työtoiminta sujuu",
                        "client",
                        "Käyn mediapajassa kolmesti viikossa",
                        avain=2,
                    ),
                    GoalIn("Aktivointisuunnitelman toimet", "partner", partner="Koivulan TE-palvelut"),
                ],
                avain=VILLE_AVAIN_REVIEW,
                services=[
                    ServiceIn("Sosiaalinen kuntoutus", days.service_start, "6 kuukautta"),
                    *work_services,
                ],
                partners=[
                    PartnerIn("Koivulan TE-palvelut", "employment", "Aktivointisuunnitelma ja sen seuranta.")
                ],
                review_date=days.service_end,
            ),
        )

    mediapaja = Organisation.objects.get(name="Mediapaja Koivula", kind=OrganisationKind.PROVIDER)
    with happened_at(at(days.activation_plan, 10)):
        activation_plan_create(
            actor=social_worker,
            client=ville,
            made_on=days.activation_plan,
            employment_office="Koivulan TE-palvelut",
            measures="Kuntouttava työtoiminta mediapajassa 3 pv/vk, seuranta 3 kk välein.",
            work_activity="Mediapaja Koivula, ma-ke klo 9-14.",
            review_date=days.work_activity_start + timedelta(weeks=13),
        )
    with happened_at(at(days.activation_plan, 11)):
        work = decision_draft(
            actor=social_worker,
            client=ville,
            decision_type="rehabilitative_work_activity",
            decision_text="Myönnetään kuntouttava työtoiminta mediapajassa kolmena päivänä viikossa "
            "sosiaalisen kuntoutuksen päätyttyä.",
            grounds="Aktivointisuunnitelman mukaisesti; sosiaalisen kuntoutuksen tavoitteet on saavutettu "
            "melko hyvin.",
            legal_basis="Laki kuntouttavasta työtoiminnasta 189/2001; sosiaalihuoltolaki 45 §",
            provider=mediapaja,
            start_date=days.work_activity_start,
        )
        work = decision_make(actor=social_worker, decision=work, expected_version=work.version)
    work.refresh_from_db()
    with happened_at(at(days.activation_plan, 11, 20)):
        decision_notify(actor=social_worker, decision=work, method="letter", sent_on=days.activation_plan)


def _self_assessment(ville: Client, worker: User, answers: dict[str, int], moment: datetime) -> None:
    """Ville's functional-capacity self-assessment, filled with his worker (the API's service)."""
    with happened_at(moment):
        response_submit(
            actor=worker,
            client=ville,
            instrument_code=SELF_ASSESSMENT,
            answers=answers,
            answered_at=moment,
            mode=ResponseMode.WITH_WORKER,
            view="demo",
        )


def _other_members(
    worker: User, provider: Organisation, others: list[Client], days: VilleDays
) -> list[ServiceEpisode]:
    episodes = []
    for client in others:
        decision = decision_draft(
            actor=worker,
            client=client,
            decision_type="social_rehabilitation",
            decision_text="Myönnetään sosiaalinen kuntoutus (elokuvaryhmä).",
            grounds="Palvelutarpeen arviointi.",
            legal_basis="Sosiaalihuoltolaki 17 §, 45 §",
            provider=provider,
            start_date=days.service_start,
        )
        decision_make(actor=worker, decision=decision, expected_version=decision.version)
        episodes.append(ServiceEpisode.objects.get(decision_id=decision.pk))
    return episodes
