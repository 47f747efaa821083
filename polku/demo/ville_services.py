"""The rest of Ville's story (domain.md steps 3-6): the client plan, the decision on social rehabilitation,
the provider's implementation plan, three months of the weekly film group and home guidance, the review
meeting, the end of social rehabilitation, rehabilitative work activity with an activation plan, and the
updated client plan. Made through the services, like everything in the demo."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from polku.accounts.models import Organisation, OrganisationKind, User
from polku.casework.models import Initiation
from polku.clients.models import Client
from polku.decisions.services import decision_draft, decision_make, decision_notify, decision_service_started
from polku.plans.services import (
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
    episode_end,
    group_add_member,
    group_create,
    home_visit_record,
    implementation_plan_save,
    review_record,
    session_create,
)

WEEKS = 13


def _plan_content(**changes: object) -> PlanContent:
    base: dict[str, object] = {
        "client_view_of_need": "Laskut ovat kasaantuneet ja päivät menevät sekaisin. Haluan saada asiat järjestykseen.",
        "professional_view_of_need": "Tukea arjen rytmiin, raha-asioiden hoitoon ja sosiaalisiin suhteisiin.",
        "client_view_of_services": "Ryhmä, jossa katsotaan elokuvia, ja apua kotona laskujen kanssa.",
        "professional_view_of_services": "Sosiaalinen kuntoutus: elokuvaryhmä ja kotiohjaus; talous- ja velkaneuvonta.",
        "meeting_frequency": "Kerran kuukaudessa ja tarvittaessa",
        "strengths": "Kiinnostus elokuviin ja tietokoneisiin, halu muutokseen.",
        "estimated_duration": "Noin vuosi",
        "follow_up": "Arviointipalaveri palveluntuottajan kanssa 3 kuukauden kuluttua.",
        "goals": [
            GoalIn("Laskut maksetaan ajallaan", "client", "Hoidan laskut itse"),
            GoalIn("Säännöllinen päivärytmi", "together", "Herään aamulla ja käyn ryhmässä"),
            GoalIn("Kotityöt sujuvat", "client"),
        ],
        "services": [ServiceIn("Sosiaalinen kuntoutus", None, "3 kuukautta")],
    }
    return PlanContent(**(base | changes))  # type: ignore[arg-type]


def load_ville_services(
    *, ville: Client, initiation: Initiation, social_worker: User, provider_worker: User, others: list[Client]
) -> None:
    today = timezone.localdate()
    start = today - timedelta(weeks=WEEKS + 1)
    verso = provider_worker.organisation
    assert verso is not None  # noqa: S101  (the demo provider worker belongs to the provider)
    plan = plan_create(actor=social_worker, client=ville, content=_plan_content(review_date=today))

    decision = decision_draft(
        actor=social_worker,
        client=ville,
        initiation=initiation,
        decision_type="social_rehabilitation",
        decision_text="Myönnetään sosiaalinen kuntoutus: elokuvaryhmä kerran viikossa ja kotiohjaus kerran "
        "viikossa kolmen kuukauden ajan.",
        grounds="Palvelutarpeen arvioinnin mukaan Ville tarvitsee tukea arjen rytmiin, raha-asioiden hoitoon ja "
        "sosiaalisiin suhteisiin. Ryhmätoiminta ja kotiohjaus vastaavat tarpeeseen.",
        legal_basis="Sosiaalihuoltolaki 1301/2014 17 §, 45 §",
        provider=verso,
        start_date=start,
        end_date=start + timedelta(weeks=WEEKS),
    )
    decision = decision_make(actor=social_worker, decision=decision, expected_version=decision.version)
    decision_notify(actor=social_worker, decision=decision, method="in_person", sent_on=today)
    decision_service_started(
        actor=social_worker,
        decision=decision,
        started_on=start,
        delay_reason=""
        if initiation.service_due is None or start <= initiation.service_due
        else "Ryhmä alkoi seuraavalla jaksolla.",
    )
    episode = ServiceEpisode.objects.get(decision_id=decision.pk)
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

    film = group_create(actor=provider_worker, name="Elokuvaryhmä", description="Katsotaan ja keskustellaan.")
    members = [episode, *_other_members(social_worker, verso, others, start)]
    for member in members:
        group_add_member(actor=provider_worker, group=film, episode=member)
    first_tuesday = start + timedelta(days=(1 - start.weekday()) % 7)
    for week in range(WEEKS):
        day = first_tuesday + timedelta(weeks=week)
        if day > today:
            break
        session = session_create(actor=provider_worker, group=film, day=day, topic=f"Elokuva {week + 1}")
        for index, member in enumerate(members):
            # Ville misses two weeks early on and one with notice; others vary too.
            status = "present"
            if member == episode and week in (1, 2):
                status = "absent"
            elif (member == episode and week == 7) or ((week + index) % 5 == 0 and member != episode):
                status = "excused"
            attendance_record(actor=provider_worker, session=session, episode=member, status=status)
        visit_day = day + timedelta(days=2)
        if visit_day <= today:
            home_visit_record(
                actor=provider_worker,
                episode=episode,
                day=visit_day,
                minutes=90,
                content=[
                    "Laskujen läpikäynti ja maksaminen.",
                    "Kela-lomakkeen täyttö yhdessä.",
                    "Siivous ja pyykit, viikkorytmin suunnittelu.",
                ][week % 3],
            )

    goals = list(implementation.goals.all())
    review_record(
        actor=social_worker,
        episode=episode,
        day=today - timedelta(days=5),
        participants="Ville, Sari Virtanen (omatyöntekijä), Teemu Laine (Kuntoutuspaja Verso)",
        client_view="Arki rullaa paremmin ja ryhmässä on kivaa. Haluaisin tehdä jotain mediahommia.",
        next_steps="Kuntouttava työtoiminta mediapajassa 3 päivää viikossa; aktivointisuunnitelma TE-palveluiden "
        "kanssa.",
        ratings=[
            RatingIn(goals[0].pk, 4, "Laskut maksettu ajallaan kahtena kuukautena."),
            RatingIn(goals[1].pk, 4, "Käy ryhmässä säännöllisesti."),
            RatingIn(goals[2].pk, 3, "Kotityöt sujuvat ohjattuna."),
        ],
    )
    episode_end(
        actor=social_worker,
        episode=episode,
        ended_on=today - timedelta(days=1),
        summary="Tavoitteet saavutettiin melko hyvin. Jatkuu kuntouttavana työtoimintana.",
        confirm_past=True,
    )

    mediapaja = Organisation.objects.get(name="Mediapaja Koivula", kind=OrganisationKind.PROVIDER)
    work = decision_draft(
        actor=social_worker,
        client=ville,
        decision_type="rehabilitative_work_activity",
        decision_text="Myönnetään kuntouttava työtoiminta mediapajassa kolmena päivänä viikossa.",
        grounds="Aktivointisuunnitelman mukaisesti; sosiaalisen kuntoutuksen tavoitteet saavutettiin.",
        legal_basis="Laki kuntouttavasta työtoiminnasta 189/2001; sosiaalihuoltolaki 45 §",
        provider=mediapaja,
        start_date=today + timedelta(days=7),
    )
    work = decision_make(actor=social_worker, decision=work, expected_version=work.version)
    decision_notify(actor=social_worker, decision=work, method="letter", sent_on=today)
    activation_plan_create(
        actor=social_worker,
        client=ville,
        made_on=today - timedelta(days=2),
        employment_office="Koivulan TE-palvelut",
        measures="Kuntouttava työtoiminta mediapajassa 3 pv/vk, seuranta 3 kk välein.",
        work_activity="Mediapaja Koivula, ma-ke klo 9-14.",
        review_date=today + timedelta(weeks=13),
    )
    plan_review(
        actor=social_worker,
        plan=plan.plan,
        based_on=1,
        content=_plan_content(
            meeting_frequency="Kerran kuukaudessa",
            is_joint=True,
            consent_note="Ville antoi suostumuksensa suullisesti arviointipalaverissa.",
            goals=[
                GoalIn("Laskut maksetaan ajallaan", "client", "Hoidan laskut itse"),
                GoalIn("Kuntouttava työtoiminta sujuu", "client", "Käyn mediapajassa kolmesti viikossa"),
                GoalIn("Aktivointisuunnitelman toimet", "partner", partner="Koivulan TE-palvelut"),
            ],
            services=[ServiceIn("Kuntouttava työtoiminta", today + timedelta(days=7), "6 kuukautta")],
            partners=[
                PartnerIn("Koivulan TE-palvelut", "employment", "Aktivointisuunnitelma ja sen seuranta.")
            ],
            review_date=today + timedelta(weeks=13),
        ),
    )


def _other_members(
    worker: User, provider: Organisation, others: list[Client], start: date
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
            start_date=start,
        )
        decision_make(actor=worker, decision=decision, expected_version=decision.version)
        episodes.append(ServiceEpisode.objects.get(decision_id=decision.pk))
    return episodes
