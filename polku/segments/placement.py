"""Placing clients by the rule (polku.segments.rule) from their recorded facts (polku.segments.facts), with
the workers' reviews: the latest review stands. Pure where it can be: `place` takes facts and a rule."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from django.db.models import QuerySet

from polku.segments.facts import ClientIds, Facts, facts_for
from polku.segments.models import SegmentReview
from polku.segments.quadrants import BY_AXES, Quadrant
from polku.segments.rule import Axis, Fact, Rule, rule


@dataclass(frozen=True)
class Line:
    """A line of an axis as the client's page shows it: the fact, the client's value, whether it counted."""

    fact: Fact
    value: object
    met: bool


@dataclass(frozen=True)
class Score:
    points: float
    high: bool
    axis: Axis
    facts: Facts

    @property
    def lines(self) -> tuple[Line, ...]:
        """Each fact of the axis with the client's value and whether it counted (the client's page; a team's
        tables count quadrants only, so a score does not build its lines until asked)."""
        return tuple(
            Line(fact, value, fact.met(value))
            for fact in self.axis.facts
            for value in (self.facts.value(fact.field),)
        )


@dataclass(frozen=True)
class Review:
    quadrant: Quadrant
    action: str
    reason: str
    by: str
    at: datetime


@dataclass(frozen=True)
class Placement:
    client_id: UUID
    facts: Facts
    load: Score
    resources: Score
    computed: Quadrant
    review: Review | None
    heavy: bool

    @property
    def quadrant(self) -> Quadrant:
        """The latest review's quadrant, else the rule's."""
        return self.review.quadrant if self.review is not None else self.computed


def score(axis: Axis, facts: Facts) -> Score:
    points = sum(fact.weight for fact in axis.facts if fact.met(facts.value(fact.field)))
    return Score(points, points >= axis.high_from, axis, facts)


def place(facts: Facts, the_rule: Rule) -> tuple[Quadrant, Score, Score]:
    """The quadrant the rule gives these facts, with each axis's score."""
    load, resources = score(the_rule.load, facts), score(the_rule.resources, facts)
    return BY_AXES[(load.high, resources.high)], load, resources


def is_heavy(facts: Facts, the_rule: Rule) -> bool:
    """Many services, many contacts from other authorities, and no plan (thresholds in the rule file)."""
    return (
        facts.services_12m >= the_rule.heavy_services_at_least
        and facts.authority_contacts_12m >= the_rule.heavy_contacts_at_least
        and not facts.has_plan
    )


def latest_reviews(client_ids: ClientIds) -> dict[UUID, Review]:
    """Each client's latest review, in one query."""
    found: dict[UUID, Review] = {}
    ids = client_ids if isinstance(client_ids, QuerySet) else list(client_ids)
    rows = (
        SegmentReview.objects.filter(client_id__in=ids)
        .order_by("client_id", "-created_at", "-id")
        .values_list(
            "client_id",
            "quadrant",
            "action",
            "reason",
            "created_by__first_name",
            "created_by__last_name",
            "created_at",
        )
    )
    for client_id, quadrant, action, reason, first, last, at in rows:
        if client_id not in found:
            found[client_id] = Review(Quadrant(quadrant), action, reason, f"{first} {last}".strip(), at)
    return found


def placements_for(client_ids: ClientIds, today: date | None = None) -> dict[UUID, Placement]:
    """The clients' placements: the rule read (a broken rule raises its ValidationError), then a fixed number
    of queries for any number of clients."""
    the_rule = rule()
    ids = client_ids if isinstance(client_ids, QuerySet) else list(client_ids)
    facts = facts_for(ids, today)
    reviews = latest_reviews(ids)
    result = {}
    for client_id, client_facts in facts.items():
        computed, load, resources = place(client_facts, the_rule)
        result[client_id] = Placement(
            client_id,
            client_facts,
            load,
            resources,
            computed,
            reviews.get(client_id),
            is_heavy(client_facts, the_rule),
        )
    return result
