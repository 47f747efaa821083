"""Structural social work for the demo: a year of social reports from Koivula and Harjuniemi in several
themes (read, summarised, presented and answered), walk-in and outreach tallies, client feedback, an ESR
project with participants, and statutory assessments of past months for the compliance chart.

Made through the services the pages use. The services stamp "now"; where the demo needs a past moment
(a report sent in March, an assessment started last autumn) the step is written inside `happened_at`,
which moves what it wrote back to that moment (only demo data ever is).
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from polku.accounts.models import Team, User
from polku.casework.models import Initiation
from polku.casework.services import assessment_start, initiation_create
from polku.clients.models import Client
from polku.demo.backdate import happened_at
from polku.structural.feedback_items import feedback_items
from polku.structural.models import Project, SocialReport, Tally, Theme
from polku.structural.periods import HalfYear
from polku.structural.services import (
    ReportContent,
    feedback_record,
    participant_add,
    project_create,
    report_create,
    report_read,
    report_respond,
    summary_compile,
    summary_present,
    tally_record,
)

# (title, kind, themes, what was seen, who, how many, proposed measures)
REPORTS = (
    (
        "Nuorten sohvasurffaus yleistyy",
        "phenomenon",
        ["housing", "youth"],
        "Yhä useampi 18-24-vuotias asuu tuttavien luona ilman omaa vuokrasopimusta.",
        "nuoret aikuiset ilman vakituista asuntoa",
        25,
        "Lisää tuettuja nuorten asuntoja ja asumisneuvontaa.",
    ),
    (
        "Vuokrarästit kasautuvat",
        "problem",
        ["housing", "debt"],
        "Vuokrarästejä on aiempaa useammalla toimeentulotuen asiakkaalla, häätöuhka kasvaa.",
        "pienituloiset vuokralaiset",
        40,
        "Asumisneuvoja sosiaalitoimistoon ja ennakoiva yhteistyö vuokranantajien kanssa.",
    ),
    (
        "Pikavipit ja maksuhäiriöt",
        "problem",
        ["debt"],
        "Pikavippivelkoja ja maksuhäiriömerkintöjä on yhä nuoremmilla asiakkailla.",
        "nuoret aikuiset",
        30,
        "Talous- ja velkaneuvonta osaksi aikuissosiaalityötä.",
    ),
    (
        "Digitaalinen asiointi ei onnistu",
        "weak_signal",
        ["digital", "services"],
        "Ikääntyneet ja maahan muuttaneet eivät saa verkkohakemuksia tehtyä.",
        "digitaalisesti syrjäytyneet",
        60,
        "Digitukipiste kirjastoon ja asiointiapu sosiaalitoimistoon.",
    ),
    (
        "Yksinäisyys ikääntyneillä",
        "phenomenon",
        ["loneliness", "older_people"],
        "Kotona asuvat ikääntyneet kertovat yksinäisyydestä ja turvattomuudesta.",
        "yksin asuvat yli 75-vuotiaat",
        50,
        "Ryhmätoimintaa ja kuljetustukea kylille.",
    ),
    (
        "Päihteet ja asunnottomuus",
        "problem",
        ["substances", "housing"],
        "Päihteitä käyttävät asunnottomat yöpyvät rappukäytävissä.",
        "päihteitä käyttävät asunnottomat",
        12,
        "Matalan kynnyksen asumispalvelu ja jalkautuva päihdetyö.",
    ),
    (
        "Mielenterveyspalveluihin jonotetaan",
        "problem",
        ["mental_health", "services"],
        "Asiakkaat odottavat mielenterveyspalveluihin kuukausia, tilanteet pahenevat.",
        "työikäiset mielenterveysasiakkaat",
        35,
        "Yhteinen vastaanotto psykiatrisen sairaanhoitajan kanssa.",
    ),
    (
        "Jalkautuva ilta kirjastossa toimii",
        "good_practice",
        ["youth", "services"],
        "Kirjaston iltavastaanotolle tulee nuoria, jotka eivät tule toimistolle.",
        "nuoret aikuiset",
        20,
        "Vakiinnutetaan ilta ja laajennetaan Harjuniemeen.",
    ),
    (
        "Pitkäaikaistyöttömien aktivointi katkeaa",
        "weak_signal",
        ["employment"],
        "Kuntouttavan työtoiminnan paikkoja on vähän, aktivointisuunnitelmat jäävät toteutumatta.",
        "pitkäaikaistyöttömät",
        45,
        "Lisää työtoimintapaikkoja yhdessä työllisyyspalvelujen kanssa.",
    ),
    (
        "Lähisuhdeväkivallan merkit",
        "weak_signal",
        ["violence"],
        "Asiakastapaamisissa nousee esiin lähisuhdeväkivallan merkkejä, mutta puheeksi otto on vaikeaa.",
        "lähisuhdeväkivaltaa kokevat",
        4,
        "Koulutus väkivallan puheeksi ottoon ja yhteistyö turvakodin kanssa.",
    ),
    (
        "Toimeentulotuen perusosan alennukset",
        "phenomenon",
        ["income", "employment"],
        "Kelan perusosan alennuspäätöksiä tulee aiempaa enemmän.",
        "työttömät toimeentulotuen saajat",
        28,
        "Nopea yhteydenotto jokaiseen alennuspäätöksen saaneeseen.",
    ),
    (
        "Vertaisryhmä velkaantuneille",
        "good_practice",
        ["debt", "loneliness"],
        "Vertaisryhmä on auttanut velkaantuneita hakemaan apua ajoissa.",
        "velkaantuneet",
        15,
        "Vertaisryhmälle pysyvä rahoitus.",
    ),
)

MARKER = "Nuorten sohvasurffaus yleistyy"


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10)))


def load_reports(*, teams: dict[str, Team], users: dict[str, User], today: date) -> None:
    if SocialReport.objects.filter(title=MARKER).exists():
        return
    rng = random.Random(7)  # noqa: S311  (demo data, not secrets)
    writers = (
        (users["sosiaalityontekija"], teams["koivula"]),
        (users["sosiaaliohjaaja"], teams["koivula"]),
        (users["tuottaja"], teams["harjuniemi"]),
    )
    made: list[SocialReport] = []
    for round_ in range(2):  # the same concerns twice a year, from both municipalities
        for number, (title, kind, codes, seen, who, count, measures) in enumerate(REPORTS):
            author, team = writers[(number + round_) % len(writers)]
            sent = today - timedelta(days=15 + (number * 29 + round_ * 13) % 340)
            with happened_at(_at(sent)):  # written and sent on that day
                report = report_create(
                    actor=author,
                    team=team,
                    content=ReportContent(
                        kind=kind,
                        title=title if round_ == 0 else f"{title} ({team.municipality})",
                        observation=seen,
                        affected=who,
                        affected_count=count + rng.randint(-2, 5),
                        municipality=team.municipality,  # type: ignore[arg-type]
                        area=rng.choice(["keskusta", "asemanseutu", "kylät", ""]),
                        since=rng.choice(["viime syksystä", "vuoden alusta", "pitkään"]),
                        evidence=rng.choice(["asiakastapaamiset", "tilastot ja asiakastapaamiset", ""]),
                        proposed_measures=measures,
                        urgency=rng.choice(["low", "normal", "normal", "high"]),
                    ),
                    themes=list(Theme.objects.filter(code__in=codes)),
                    submit=True,
                )
            report.refresh_from_db()
            made.append(report)
    manager = users["esihenkilo"]
    for report in made[:-3]:  # the newest few wait for the manager's reading
        report_read(actor=manager, report=report, comment="Luettu. Viedään puolivuotiskoosteeseen.")
    _summaries(analyst=users["analyytikko"], teams=teams, today=today)


def _summaries(*, analyst: User, teams: dict[str, Team], today: date) -> None:
    """The previous half-year is compiled, presented to the welfare board and partly answered."""
    previous = HalfYear.of(today).previous()
    for team in teams.values():
        summary = summary_compile(actor=analyst, municipality=team.municipality, period=previous)  # type: ignore[arg-type]
        if not summary.reports.exists():
            continue
        summary_present(
            actor=analyst,
            summary=summary,
            presented_to="Hyvinvointilautakunta",
            presented_on=min(today, previous.last_day + timedelta(days=30)),
        )
        for report in summary.reports.all()[:3]:
            report_respond(
                actor=analyst,
                report=report,
                response="Lautakunta pyysi selvityksen kustannuksista ja otti ehdotuksen talousarviovalmisteluun.",
            )


def load_tallies(*, teams: dict[str, Team], users: dict[str, User], today: date) -> None:
    if Tally.objects.filter(team__in=teams.values()).exists():
        return
    rng = random.Random(11)  # noqa: S311  (demo data, not secrets)
    places = {"koivula": ["Kirjasto", "Rautatieasema", "Kauppakeskus"], "harjuniemi": ["Tori", "Nuorisotila"]}
    recorder = {"koivula": users["sosiaaliohjaaja"], "harjuniemi": users["esihenkilo"]}
    for months_back in range(12):
        month = today.replace(day=1) - relativedelta(months=months_back)
        for key, team in teams.items():
            for _line in range(rng.randint(4, 8)):
                day = min(today, month + timedelta(days=rng.randint(0, 27)))
                tally_record(
                    actor=recorder[key],
                    team=team,
                    day=day,
                    work_kind=rng.choice(["walk_in", "outreach"]),
                    place=rng.choice(places[key]),
                    contact_kind=rng.choice(["in_person", "in_person", "phone", "group"]),
                    topics=rng.sample(
                        ["income", "housing", "debt", "substances", "mental_health", "daily_life"], 2
                    ),
                    age_group=rng.choice(["18_24", "25_29", "30_54", "30_54", "55_64", "65_plus"]),
                    gender=rng.choice(["female", "male", "male", "unknown"]),
                    people=rng.randint(1, 9),
                )


def load_feedback(*, team: Team, worker: User, today: date) -> None:
    from polku.structural.models import FeedbackAnswer

    if FeedbackAnswer.objects.filter(team=team).exists():
        return
    rng = random.Random(13)  # noqa: S311  (demo data, not secrets)
    for months_back in range(6):
        month = today.replace(day=1) - relativedelta(months=months_back)
        for _answer in range(rng.randint(3, 12)):
            feedback_record(
                actor=worker,
                team=team,
                answered_on=min(today, month + timedelta(days=rng.randint(0, 27))),
                answers={item.code: rng.choice([2, 3, 4, 4, 5, 5]) for item in feedback_items()},
            )


def load_project(*, worker: User, manager: User, today: date) -> None:
    name = "Polku työelämään (ESR+)"
    if Project.objects.filter(name=name).exists():
        return
    start = today.replace(month=1, day=1) - relativedelta(years=1)
    project = project_create(
        actor=manager, name=name, starts_on=start, ends_on=start + relativedelta(years=3) - timedelta(days=1)
    )
    rng = random.Random(17)  # noqa: S311  (demo data, not secrets)
    clients = list(Client.objects.visible_to(worker).order_by("hetu_hash")[:100])
    for client in clients:
        participant_add(
            actor=worker,
            project=project,
            client=client,
            started_on=min(today, start + timedelta(days=rng.randint(0, 500))),
            view="demo",
        )


# Per past month: how many statutory assessments started in time and how many late. Each figure is 0 or
# at least 5, so that the chart has points to draw under the small-cell rule.
HISTORY = ((7, 5), (12, 0), (6, 6), (10, 0), (7, 5), (12, 0))


def load_compliance_history(*, team: Team, advisor: User, worker: User, today: date) -> None:
    """Statutory assessments (the highest care allowance) of the past six months."""
    if Initiation.objects.filter(initiator="demo-history").exists():
        return
    rng = random.Random(19)  # noqa: S311  (demo data, not secrets)
    clients = iter(Client.objects.visible_to(worker).filter(initiations__isnull=True).order_by("hetu_hash"))
    for months_back, (in_time, late) in enumerate(HISTORY, start=1):
        month = today.replace(day=1) - relativedelta(months=months_back)
        for number in range(in_time + late):
            client = next(clients, None)
            if client is None:
                return
            initiated = _at(month + timedelta(days=rng.randint(0, 5)))  # late starts stay in the past
            with happened_at(initiated):
                initiation = initiation_create(
                    actor=advisor,
                    client=client,
                    team=team,
                    initiator_type="application",
                    initiator="demo-history",
                    need="Kotona selviytyminen ja hoitotuki",
                    highest_care_allowance=True,
                    initiated_at=initiated,
                )
            # In time: the next day. Late: three weeks after (the limit is the 7th weekday).
            with happened_at(initiated + timedelta(days=1 if number < in_time else 21)):
                assessment_start(actor=worker, initiation=initiation)


@transaction.atomic
def load_structural(*, teams: list[Team], users: list[User]) -> None:
    """Safe to run again: each part is made once."""
    today = timezone.localdate()
    by_name = {u.username: u for u in users}
    koivula, harjuniemi = sorted(teams, key=lambda t: t.name != "Aikuissosiaalityö, Koivula")[:2]
    team_map = {"koivula": koivula, "harjuniemi": harjuniemi}
    load_reports(teams=team_map, users=by_name, today=today)
    load_tallies(teams=team_map, users=by_name, today=today)
    load_feedback(team=koivula, worker=by_name["sosiaalityontekija"], today=today)
    load_project(worker=by_name["sosiaalityontekija"], manager=by_name["esihenkilo"], today=today)
    from polku.demo.codev import load_codev  # the co-development project and its proposals

    load_codev(manager=by_name["esihenkilo"], analyst=by_name["analyytikko"], team=koivula, today=today)
    load_compliance_history(
        team=koivula, advisor=by_name["palveluneuvoja"], worker=by_name["sosiaalityontekija"], today=today
    )
