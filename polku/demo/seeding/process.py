"""One synthetic client's whole process as rows: relationship, contact, initiation with its stored due
dates, assessment, special support, personal worker, client plan in versions, decision, service episode
with its implementation plan, group attendance, home visits and review, self-assessment answers at the
start and at reviews (scored as the scoring service scores them), journal entries and use-log events.

Which steps a client has is chosen by their profile: ended (the relationship ended), waiting (a recent
initiation, in the team queue or being assessed), or followed (a personal worker and what follows).
"""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

from django.db.models import TextChoices

from polku.casework.deadlines import assessment_due_dates
from polku.casework.journal_messages import encode, in_languages
from polku.casework.models import InitiatorType, NeedDuration, ReasonCode, SpecialSupportGround
from polku.core.weekdays import add_months
from polku.decisions.appeal import correction_request_last_day, received_on
from polku.decisions.models import DecisionType, Outcome
from polku.demo.seeding import texts
from polku.demo.seeding.staff import Person, Staff, TeamPlan
from polku.demo.seeding.tables import Tables
from polku.instruments.aggregates import age_group, classify, hundredths, period_of
from polku.instruments.definitions import Instrument
from polku.instruments.scoring import domain_scores
from polku.provision.models import ServiceKind

ENDED, WAITING, FOLLOWED = "ended", "waiting", "followed"
HISTORY_DAYS = 3650  # ten years
GROUP_SIZE = 10
SERVICE_KINDS = ("social_rehabilitation", "rehabilitative_work_activity")


def profile_of(u: float) -> str:
    return ENDED if u < 0.25 else WAITING if u < 0.40 else FOLLOWED


@lru_cache(maxsize=65536)
def _due(
    day: date, age75: bool, urgent: bool, hca: bool, start_target: int | None, complete_target: int | None
):
    due = assessment_due_dates(
        contacted_on=day, age=75 if age75 else 30, urgent=urgent, highest_care_allowance=hca,
        target_start_weekdays=start_target, target_complete_weekdays=complete_target,
    )  # fmt: skip
    return due.assessment_start_due, due.assessment_complete_due


@lru_cache(maxsize=65536)
def _service_due(day: date) -> date:
    return add_months(day, 3)  # SHL 45 §2 (SERVICE_LIMIT_MONTHS in polku/decisions/services.py)


@lru_cache(maxsize=65536)
def _notified(method: str, sent_on: date) -> tuple[date, date]:
    return received_on(method, sent_on), correction_request_last_day(method, sent_on)


def _in_languages(choices: type[TextChoices], values: Iterable[str]) -> dict[str, Any]:
    """Each choice's label in every language, encoded as the timeline stores a label a model makes."""

    def label(value: str) -> Callable[[], object]:
        return lambda: choices(value).label

    return {value: encode(in_languages(label(value))) for value in values}


class Labels:
    """The labels a model makes that the timeline's system messages name, in every language, encoded once
    as the services store them (`journal_messages.encode`): making them is the costly part of encoding."""

    def __init__(self) -> None:
        self.duration = _in_languages(NeedDuration, NeedDuration.values)
        self.service = _in_languages(ServiceKind, SERVICE_KINDS)
        self.decided = _in_languages(DecisionType, SERVICE_KINDS)
        self.outcome = _in_languages(Outcome, Outcome.values)


@lru_cache(maxsize=1)
def labels() -> Labels:
    return Labels()


class Context:
    """What every client of one run shares: the staff, the day, the instrument, the running sums."""

    def __init__(
        self, *, staff: Staff, today: date, instrument: Instrument | None, reasons: list[ReasonCode],
        policy: tuple[int | None, int | None], tables: Tables, rng: random.Random,
    ) -> None:  # fmt: skip
        self.staff, self.today, self.instrument, self.reasons, self.policy = (
            staff,
            today,
            instrument,
            reasons,
            policy,
        )
        self.t, self.rng = tables, rng
        self.aggregates: dict[tuple[str, str, str, str], list[int]] = {}
        self.groups: dict[str, tuple[uuid.UUID, list[tuple[uuid.UUID, date, date]]]] = {}
        self.chunk_groups: list[tuple[str, uuid.UUID, list[tuple[uuid.UUID, date, date]]]] = []
        self.group_number = 0
        self.goal_id = 0  # the chunk's provision goals count from 1; the loader moves them past those in use
        self.answer_pool = answer_pool(instrument, random.Random(7)) if instrument else []  # noqa: S311
        self.labels = labels()

    def uid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128))

    def at(self, day: date) -> datetime:
        """A moment in office hours on `day` (the same calendar day in Helsinki)."""
        r = self.rng.random()
        return datetime.combine(day, time(7 + int(r * 6), int(r * 3600) % 60), UTC)

    def log(self, when: datetime, who: Person, client: uuid.UUID, action: str, view: str, kind: str, obj: Any,
            purpose: str = "client_work") -> None:  # fmt: skip
        self.t.events.append((when, who, client, action, view, kind, str(obj), purpose))

    def journal(self, client: uuid.UUID, when: datetime, kind: str, who: Person, initiation: uuid.UUID | None,
                message: str = "", **params: Any) -> None:  # fmt: skip
        """A timeline entry as the service of its kind writes it: a message code and its parameters (already
        encoded, `Labels`), or, for kinds the services write without one, the kind alone."""
        self.t.journal.add(
            client, when, kind, who.id, "", initiation, message, json.dumps(params) if message else "{}"
        )


def client_process(ctx: Context, client: dict[str, Any], profile: str, slot: int | None) -> None:
    """Write one client's process; `client` holds id, birth_date, municipality_id, gender, language."""
    r = ctx.rng.random
    today = ctx.today
    cid: uuid.UUID = client["id"]
    born: date = client["birth_date"]
    adult_days = (today - born).days - 18 * 365
    if profile == FOLLOWED:
        assert slot is not None  # noqa: S101
        worker, team = ctx.staff.worker_of_slot(slot)
        days = 40 + int((min(HISTORY_DAYS, adult_days) - 40) * r() ** 1.4) if adult_days > 40 else 40
    else:
        team = ctx.staff.teams[int(r() * len(ctx.staff.teams))]
        worker = team.workers[int(r() * len(team.workers))]
        if profile == WAITING:
            days = int(r() * 90)
        else:
            days = 60 + int((min(HISTORY_DAYS, adult_days) - 60) * r()) if adult_days > 60 else 60
    client["municipality_id"] = team.municipality_id
    start_day = today - timedelta(days=days)
    started = ctx.at(start_day)
    age = (start_day.year - born.year) - ((start_day.month, start_day.day) < (born.month, born.day))
    ended_at = None
    if profile == ENDED:
        ended_day = min(start_day + timedelta(days=60 + int(r() * 700)), today - timedelta(days=1))
        ended_at = ctx.at(ended_day)
    rel = ctx.uid()
    t = ctx.t
    t.relationships.add(
        rel, started, ended_at or started, team.advisor.id, team.advisor.id, 1, cid, team.id, started, ended_at,
        texts.ENDED_REASON if ended_at else "", worker.id if profile == FOLLOWED else None,
    )  # fmt: skip
    # The initiation: a contact from another authority for four in ten, otherwise an application.
    urgent = r() < 0.04
    hca = age >= 65 and r() < 0.05
    contact = None
    if r() < 0.4:
        contact = ctx.uid()
        sender, channel = texts.SENDERS[int(r() * len(texts.SENDERS))]
        consent = r() < 0.92
        description = texts.CONTACT_TEXTS[int(r() * 4)]
        t.contacts.add(
            contact, started, started, team.advisor.id, team.advisor.id, 1, cid, sender, "Käsittelijä", "",
            consent, "" if consent else "cannot_look_after_self", description, urgent, hca, started, channel, "",
            None,
        )  # fmt: skip
        reasons = ctx.rng.sample(ctx.reasons, min(2, len(ctx.reasons)))
        for reason in reasons:
            t.contact_reasons.add(contact, reason.pk)
        ctx.journal(
            cid, started, "contact", team.advisor, None, "contact", initiator=f"{sender}, Käsittelijä",
            reasons=encode(reasons), description=description,
        )  # fmt: skip
    start_due, complete_due = _due(start_day, age >= 75, urgent, hca, *ctx.policy)
    initiation = ctx.uid()
    # How far the assessment got: a waiting client may be in the queue, being handled or being assessed.
    if profile == WAITING:
        stage = ctx.rng.choice(("new", "new", "taken", "started"))
    else:
        stage = "completed" if profile == FOLLOWED or r() < 0.7 else "closed"
    assessment_started = assessment_completed = None
    completer = worker
    special = profile == FOLLOWED and r() < 0.12
    if special and not worker.public_office:
        completer = team.social_worker  # SHL 36 §2: special support needs a public-office social worker
    if stage in ("started", "completed"):
        limit = (start_due - start_day).days if start_due else 10
        assessment_started = ctx.at(start_day + timedelta(days=min(int(r() * (limit + 2)), max(days, 0))))
        if stage == "completed":
            assessment_completed = assessment_started + timedelta(days=5 + int(r() * 35))
            if assessment_completed.date() > today:
                assessment_completed = ctx.at(today)
    closed_at = None
    if profile == ENDED:
        closed_at = ended_at
    elif profile == FOLLOWED and days > 365 and assessment_completed:
        closed_at = assessment_completed + timedelta(days=1)
    status = "closed" if closed_at else ("new" if stage == "new" else "in_progress")
    decision_plan = _decision_plan(ctx, profile, assessment_completed, client)
    service_due = _service_due(start_day) if decision_plan else None
    service_started_on = decision_plan["start"] if decision_plan and decision_plan["start"] <= today else None
    delay = (
        "Ryhmä alkoi seuraavalla jaksolla." if service_started_on and service_due and service_started_on > service_due
        else ""
    )  # fmt: skip
    initiator_type = "authority_contact" if contact else "application"
    need = texts.NEEDS[int(r() * 4)]
    t.initiations.add(
        initiation, started, closed_at or assessment_completed or started, team.advisor.id, worker.id, 1, cid,
        team.id, rel, contact, started, initiator_type, "" if contact else "Asiakas itse", need, "", urgent, hca,
        False, age, status,
        None if stage == "new" else worker.id, start_due, complete_due, closed_at,
        (texts.ENDED_REASON if profile == ENDED else texts.CLOSED_REASON) if closed_at else "",
        assessment_started, assessment_completed, service_due, service_started_on, delay,
    )  # fmt: skip
    ctx.journal(
        cid, started, "initiation", team.advisor, initiation, "initiation",
        initiator_type=encode(InitiatorType(initiator_type).label), need=need,
    )  # fmt: skip
    ctx.log(
        started, team.advisor, cid, "write", "casework:contact_new", "initiation", initiation, "registration"
    )
    if stage != "new":
        ctx.journal(cid, started + timedelta(hours=2), "taken", worker, initiation)
    if assessment_started:
        assessment = ctx.uid()
        duration = "long_term" if r() < 0.6 else "recurring"
        conclusion = "Asiakkuuden edellytykset täyttyvät." if assessment_completed else ""
        t.assessments.add(
            assessment, assessment_started, assessment_completed or assessment_started, worker.id, completer.id, 1,
            cid, initiation, assessment_started, assessment_completed,
            completer.id if assessment_completed else None, duration, texts.SUMMARIES[int(r() * 3)],
            texts.SERVICE_NEEDS[int(r() * 3)], conclusion, "Haluan saada asiat järjestykseen.", "", "yes", "yes", "",
        )  # fmt: skip
        ctx.journal(cid, assessment_started, "assessment_started", worker, initiation)
        if assessment_completed:
            ctx.journal(
                cid, assessment_completed, "assessment_completed", completer, initiation, "assessment_completed",
                duration=ctx.labels.duration[duration], conclusion=conclusion,
            )  # fmt: skip
            ctx.log(
                assessment_completed, completer, cid, "write", "casework:assessment", "assessment", assessment
            )
    last_seen = assessment_completed or assessment_started or started
    if profile == FOLLOWED and assessment_completed:
        last_seen = _followed(
            ctx, client, rel, initiation, worker, team, assessment_completed, special, decision_plan
        )
    if ended_at:
        ctx.journal(
            cid, ended_at, "relationship_ended", worker, initiation, "relationship_ended", team=team.name,
            reason=texts.ENDED_REASON,
        )  # fmt: skip
        last_seen = ended_at
    ctx.log(
        last_seen, worker if profile != WAITING else team.advisor, cid, "read", "casework:case", "client", cid
    )


def _decision_plan(
    ctx: Context, profile: str, completed: datetime | None, client: dict[str, Any]
) -> dict | None:
    if profile != FOLLOWED or completed is None or ctx.rng.random() >= 0.45:
        return None
    decided = completed + timedelta(days=3 + int(ctx.rng.random() * 20))
    if decided.date() > ctx.today:
        return None
    kind = SERVICE_KINDS[0] if ctx.rng.random() < 0.6 else SERVICE_KINDS[1]
    if kind not in ctx.staff.providers:
        kind = next(iter(ctx.staff.providers), "")
        if not kind:
            return None
    start = decided.date() + timedelta(days=7 + int(ctx.rng.random() * 30))
    weeks = 13 if kind == SERVICE_KINDS[0] else 26
    return {"kind": kind, "decided": decided, "start": start, "end": start + timedelta(weeks=weeks),
            "granted": ctx.rng.random() < 0.92}  # fmt: skip


def _followed(
    ctx: Context, client: dict[str, Any], rel: uuid.UUID, initiation: uuid.UUID, worker: Person, team: TeamPlan,
    completed: datetime, special: bool, decision: dict | None,
) -> datetime:  # fmt: skip
    """The personal worker and what follows the completed assessment; returns the last event's time."""
    r = ctx.rng.random
    t, cid, today = ctx.t, client["id"], ctx.today
    social_worker = worker if worker.public_office else team.social_worker
    if special:
        grounds = ["several_needs"] if r() < 0.5 else ["substance"]
        explanation = "Asiakas tarvitsee erityistä tukea."
        t.special_support.add(
            ctx.uid(), completed, completed, social_worker.id, social_worker.id, 1, cid, completed.date(),
            json.dumps(grounds), explanation, None, "",
        )  # fmt: skip
        ctx.journal(
            cid, completed, "special_support", social_worker, initiation, "special_support",
            grounds=encode([SpecialSupportGround(g).label for g in grounds]), explanation=explanation,
        )  # fmt: skip
    alongside = social_worker if special and not worker.public_office else None
    t.assignments.add(ctx.uid(), completed, completed, social_worker.id, social_worker.id, 1, rel, worker.id,
                      alongside.id if alongside else None, completed, None)  # fmt: skip
    ctx.journal(
        cid, completed, "personal_worker", social_worker, initiation, "personal_worker", worker=worker.full_name,
        alongside=alongside.full_name if alongside else None,
    )  # fmt: skip
    last = completed
    if r() < 0.7:
        plan = ctx.uid()
        made = completed + timedelta(days=7)
        t.plans.add(plan, made, made, worker.id, worker.id, 1, cid)
        number = 0
        while made.date() <= today and number < 4:
            number += 1
            version = ctx.uid()
            review = made.date() + timedelta(days=180)
            t.plan_versions.add(
                version, plan, number, made, worker.id, "Haluan saada asiat järjestykseen.",
                texts.NEEDS[number % 4], "", texts.SERVICE_NEEDS[number % 3], "Kerran kuukaudessa", "Halu muutokseen.",
                "Noin vuosi", "Arviointi puolen vuoden välein.", review, False, None, "",
            )  # fmt: skip
            for order, (text, owner, words) in enumerate(ctx.rng.sample(texts.PLAN_GOALS, 2)):
                t.plan_goals.add(version, text, words, owner, "", order)
            t.plan_services.add(version, texts.SERVICE_NEEDS[number % 3][:60], made.date(), "6 kuukautta")
            ctx.journal(cid, made, "client_plan", worker, None, "client_plan_version", number=number)
            ctx.log(made, worker, cid, "write", "plans:edit", "client_plan", plan)
            last = made
            made += timedelta(days=150 + int(r() * 250))
    episode_context: dict[str, list[str]] = {}
    episode_span: tuple[date, date] | None = None
    if decision:
        last = max(last, _decision(ctx, client, initiation, worker, social_worker, special, decision))
        if decision["granted"]:
            episode_context = decision["context"]
            episode_span = (decision["start"], decision["end"])
    if ctx.instrument is not None and r() < 0.6:
        _answers(ctx, client, team, completed, episode_context, episode_span)
    return last


def _decision(
    ctx: Context, client: dict[str, Any], initiation: uuid.UUID, worker: Person, maker: Person, special: bool,
    plan: dict,
) -> datetime:  # fmt: skip
    r = ctx.rng.random
    t, cid, today = ctx.t, client["id"], ctx.today
    decided: datetime = plan["decided"]
    decider = maker if special or not worker.public_office else worker  # SHL 46
    kind = plan["kind"]
    provider_id, provider_name, provider_worker = ctx.staff.providers[kind]
    method = ("letter", "electronic", "in_person")[int(r() * 3)]
    sent_on = decided.date()
    received, appeal = _notified(method, sent_on)
    decision = ctx.uid()
    outcome = "granted" if plan["granted"] else "denied"
    label = "Sosiaalinen kuntoutus" if kind == SERVICE_KINDS[0] else "Kuntouttava työtoiminta"
    text = f"{'Myönnetään' if plan['granted'] else 'Ei myönnetä'}: {label.lower()}."
    t.decisions.add(
        decision, decided, decided, worker.id, decider.id, 3, cid, initiation, kind, "", outcome, text,
        "Palvelutarpeen arvioinnin mukaan.",
        "Sosiaalihuoltolaki 1301/2014 17 §, 45 §" if kind == SERVICE_KINDS[0]
        else "Laki kuntouttavasta työtoiminnasta 189/2001; sosiaalihuoltolaki 45 §",
        provider_id, plan["start"], plan["end"], "sv" if client["language"] == "sv" else "fi", "notified", decided,
        decider.id, method, sent_on, received, appeal,
    )  # fmt: skip
    ctx.journal(
        cid, decided, "decision", decider, initiation, "decision", service=ctx.labels.decided[kind],
        outcome=ctx.labels.outcome[outcome], text=text,
    )  # fmt: skip
    ctx.log(decided, decider, cid, "write", "decisions:make", "decision", decision)
    last = decided
    plan["context"] = {}
    if not plan["granted"]:
        return last
    start, end = plan["start"], plan["end"]
    ended = end < today
    episode = ctx.uid()
    at_start = ctx.at(min(start, today))
    t.episodes.add(
        episode, decided, decided, decider.id, decider.id, 1, cid, kind, "", provider_id, decision, start, end,
        "ended" if ended else "active", end if ended else None, "Tavoitteet saavutettiin osittain." if ended else "",
    )  # fmt: skip
    ctx.journal(
        cid, at_start, "service", decider, initiation, "service_started", service=ctx.labels.service[kind],
        provider=provider_name, start=encode(start),
    )  # fmt: skip
    if start > today:
        return last
    implementation = ctx.uid()
    t.implementation_plans.add(implementation, at_start, at_start, provider_worker.id, provider_worker.id, 1,
                               episode, "Kotiohjaus kerran viikossa.", "Ryhmä kerran viikossa.", "Ti ja to")  # fmt: skip
    goals = []
    for order, (text, words) in enumerate(texts.SERVICE_GOALS):
        ctx.goal_id += 1
        goals.append(ctx.goal_id)
        t.goals.add(ctx.goal_id, implementation, text, words, order)
    context = {"service": [kind], "provider": [str(provider_id)]}
    if kind == SERVICE_KINDS[0] and start > today - timedelta(days=730):
        group = _group_join(ctx, kind, provider_id, episode, start, min(end, today))
        context["group"] = [str(group)]
        for visit in range(1 + int(r() * 3)):
            day = start + timedelta(days=2 + 7 * visit)
            if day <= today:
                t.home_visits.add(ctx.uid(), ctx.at(day), ctx.at(day), provider_worker.id, provider_worker.id, 1,
                                  episode, day, 90, texts.HOME_VISITS[visit % 3])  # fmt: skip
    plan["context"] = {k: v for k, v in context.items() if not ended}
    if ended and r() < 0.7:
        day = end - timedelta(days=5)
        review = ctx.uid()
        when = ctx.at(day)
        next_steps = "Jatketaan suunnitelman mukaan."
        t.reviews.add(review, when, when, worker.id, worker.id, 1, episode, day, "Asiakas, omatyöntekijä, ohjaaja",
                      "Arki sujuu paremmin.", next_steps)  # fmt: skip
        scores = [2 + int(r() * 4) for _goal in goals]
        for goal, score in zip(goals, scores, strict=True):
            t.goal_ratings.add(review, goal, score, "")
        ctx.journal(
            cid, when, "review", worker, initiation, "review", service=ctx.labels.service[kind],
            average=sum(scores) / len(scores), next=next_steps,
        )  # fmt: skip
        ctx.log(when, worker, cid, "write", "services:review", "review", review)
        last = max(last, when)
    return last


def _group_join(
    ctx: Context, kind: str, provider: uuid.UUID, episode: uuid.UUID, start: date, end: date
) -> uuid.UUID:
    current = ctx.groups.get(kind)
    if current is None or len(current[1]) >= GROUP_SIZE:
        ctx.group_number += 1
        current = (ctx.uid(), [])
        ctx.groups[kind] = current
        ctx.chunk_groups.append((kind, *current))
        when = ctx.at(start)
        ctx.t.groups.add(current[0], when, when, None, None, 1, provider, f"Ryhmä {ctx.group_number}")
    current[1].append((episode, start, end))
    ctx.t.group_members.add(current[0], episode)
    return current[0]


def _answers(ctx: Context, client: dict[str, Any], team: TeamPlan, first_at: datetime,
             context: dict[str, list[str]], span: tuple[date, date] | None) -> None:  # fmt: skip
    """The functional-capacity self-assessment at the start and at reviews 3-6 months apart."""
    instrument = ctx.instrument
    assert instrument is not None  # noqa: S101
    r, rng = ctx.rng.random, ctx.rng
    answers_made: list[tuple[uuid.UUID, datetime, dict[str, float], dict[str, list[str]]]] = []
    level = 0.15 + r() * 0.45
    gain = rng.gauss(0.12 if context else 0.04, 0.12)
    at = first_at
    pool = ctx.answer_pool
    for _step in range(1 + int(r() * 4)):
        if at.date() > ctx.today:
            break
        in_service = span is not None and span[0] <= at.date() <= span[1]
        variants = pool[min(LEVELS - 1, max(0, int(level * LEVELS)))]
        _answers_set, scores, answers_json, scores_json = variants[int(r() * len(variants))]
        response = ctx.uid()
        where = context if in_service else {}
        ctx.t.responses.add(
            response, at, at, None, None, 1, client["id"], instrument.code, instrument.version, "completed",
            "with_worker", answers_json, scores_json, len(instrument.pages), at, json.dumps(where),
        )  # fmt: skip
        answers_made.append((response, at, scores, where))
        level += gain + rng.gauss(0, 0.05)
        at += timedelta(days=90 + int(r() * 90))
    if not answers_made:
        return
    first, latest = answers_made[0], answers_made[-1]
    contribution = (
        _contribution(ctx, instrument, client, team, first, latest) if len(answers_made) > 1 else {}
    )
    ctx.t.summaries.add(
        client["id"], instrument.code, first[0], latest[0], first[1], latest[1], json.dumps(first[2]),
        json.dumps(latest[2]), len(answers_made), json.dumps(contribution),
    )  # fmt: skip


LEVELS, VARIANTS = 10, 24


def answer_pool(instrument: Instrument, rng: random.Random) -> list[list[tuple[Any, ...]]]:
    """Answer sets by level of functioning (0-1, higher is better), each scored by the scoring service:
    drawn once, so that a million answers need not be scored one by one."""
    pool = []
    for step in range(LEVELS):
        level = (step + 0.5) / LEVELS
        variants = []
        for _ in range(VARIANTS):
            answers = {}
            for domain in instrument.domains:
                for item_id in domain.items:
                    item = instrument.items[item_id]
                    fraction = min(max(level + rng.gauss(0, 0.35), 0.0), 1.0)
                    if item.reverse:
                        fraction = 1 - fraction
                    answers[item_id] = round(item.scale.min + fraction * (item.scale.max - item.scale.min))
            scores = domain_scores(instrument, answers)
            variants.append((answers, scores, json.dumps(answers), json.dumps(scores)))
        pool.append(variants)
    return pool


def _contribution(ctx: Context, instrument: Instrument, client: dict[str, Any], team: TeamPlan,
                  first: tuple, latest: tuple) -> dict[str, Any]:  # fmt: skip
    """What polku.instruments.aggregates.contribution_of gives for the pair, added to the running sums."""
    domains: dict[str, tuple[int, str]] = {}
    for domain in instrument.domains:
        if domain.id in first[2] and domain.id in latest[2]:
            change = hundredths(latest[2][domain.id]) - hundredths(first[2][domain.id])
            domains[domain.id] = (change, classify(change, domain.minimal_important_difference))
    if not domains:
        return {}
    born: date = client["birth_date"]
    day = first[1].date()
    age = (day.year - born.year) - ((day.month, day.day) < (born.month, born.day))
    dimensions = {
        "all": [""], "municipality": [str(client["municipality_id"] or "")], "gender": [client["gender"]],
        "age_group": [age_group(age)], "team": [str(team.id)],
    }  # fmt: skip
    for key in ("service", "provider", "group"):
        dimensions[key] = sorted(latest[3].get(key) or first[3].get(key) or [""])
    period = period_of(latest[1]).isoformat()
    for dimension, values in dimensions.items():
        for value in values:
            for domain_id, (change, kind) in domains.items():
                sums = ctx.aggregates.setdefault((period, dimension, value, domain_id), [0, 0, 0, 0, 0, 0])
                sums[0] += 1
                sums[1] += change
                sums[2] += change * change
                sums[3 + ("improved", "unchanged", "worsened").index(kind)] += 1
    return {"period": period, "dimensions": dimensions, "domains": domains}
