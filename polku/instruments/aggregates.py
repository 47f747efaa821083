"""Change aggregates kept current when answers are completed, so that the effectiveness report reads a
bounded number of rows whatever the number of answers (design.md, "Quality bars").

The approach
------------
1. Per client and instrument, `ClientInstrumentSummary` holds the first and the latest completed answer.
   A client with two or more answers has one *pair*: change = latest score - first score, per domain.
2. Each pair adds to `ChangeAggregate` rows keyed by (instrument, period, dimension, value, domain):
   n, the sum of the changes, the sum of their squares, and how many improved, stayed unchanged or
   worsened beyond the domain's minimal important difference (MID). Mean, SD, 95 % CI and the
   standardised response mean all follow from n, sum and sum of squares.
3. **Period** is the calendar month (Helsinki time) of the pair's *latest* answer. A report for the
   months from..to counts every client whose latest answer falls in them, with the change from their
   first answer ever. When the client answers again, their pair moves: its old contribution (stored
   verbatim on the summary) is subtracted and the new one added, in the same transaction as the answer.
4. **Dimensions** are taken when the pair is formed: municipality, gender, age group (ESR: under 25,
   25-29, 30-54, over 54, by age at the first answer) and team (of the relationship open at the first
   answer); plus every key of CONTEXT_DIMENSIONS found in the first or latest answer's `context`
   (service, provider, group: a list of ids each, a client counting in every group they belong to).
   The dimension "all" has the single value "" and gives the totals.
5. Writes are a handful of queries per answer: create missing rows (ON CONFLICT DO NOTHING), lock the
   affected rows in key order (no deadlocks between concurrent answers), update them in one statement.

A report then sums at most months x values x domains rows for the chosen dimension.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from typing import Any

from django.db.models import Q
from django.utils import timezone

from polku.clients.hetu import age_on
from polku.clients.models import ClientRelationship
from polku.instruments.definitions import Instrument
from polku.instruments.models import ChangeAggregate, ClientInstrumentSummary, Response

ALL = "all"
DEMOGRAPHIC_DIMENSIONS = ("municipality", "age_group", "gender", "team")
# Filled by the services app through Response.context (see docs/instruments.md).
CONTEXT_DIMENSIONS = ("service", "provider", "group")
DIMENSIONS = (ALL, *DEMOGRAPHIC_DIMENSIONS, *CONTEXT_DIMENSIONS)
IMPROVED, UNCHANGED, WORSENED = "improved", "unchanged", "worsened"
Delta = list[int]  # n, sum_change, sum_squares, improved, unchanged, worsened


def age_group(age: int) -> str:
    """The ESR participant table's age groups."""
    if age < 25:
        return "under_25"
    if age < 30:
        return "25_29"
    if age <= 54:
        return "30_54"
    return "over_54"


def period_of(moment: datetime) -> date:
    local = timezone.localtime(moment)
    return date(local.year, local.month, 1)


def hundredths(score: float) -> int:
    return round(score * 100)


def _team_at(client_id: Any, moment: datetime) -> str:
    relationship = (
        ClientRelationship.objects.filter(client_id=client_id, started_at__lte=moment)
        .filter(Q(ended_at__isnull=True) | Q(ended_at__gt=moment))
        .order_by("started_at", "pk")
        .values_list("team_id", flat=True)
        .first()
    )
    return str(relationship) if relationship else ""


def _context_values(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    return sorted({str(v) for v in values if v not in (None, "")})


def dimensions_of(first: Response, latest: Response) -> dict[str, list[str]]:
    client = first.client
    assert first.answered_at is not None  # noqa: S101  (only completed answers are summarised)
    found = {
        ALL: [""],
        "municipality": [str(client.municipality_id or "")],
        "gender": [client.gender],
        "age_group": [age_group(age_on(client.birth_date, timezone.localdate(first.answered_at)))],
        "team": [_team_at(client.pk, first.answered_at)],
    }
    for key in CONTEXT_DIMENSIONS:
        values = _context_values(latest.context.get(key)) or _context_values(first.context.get(key))
        found[key] = values or [""]  # "" = in no service (provider, group): the comparison group
    return found


def classify(change: int, mid: float) -> str:
    limit = hundredths(mid)
    if change >= limit:
        return IMPROVED
    if change <= -limit:
        return WORSENED
    return UNCHANGED


def contribution_of(instrument: Instrument, first: Response, latest: Response) -> dict[str, Any]:
    if first.pk == latest.pk or latest.answered_at is None:
        return {}
    domains = {}
    for domain in instrument.domains:
        if domain.id in first.scores and domain.id in latest.scores:
            change = hundredths(latest.scores[domain.id]) - hundredths(first.scores[domain.id])
            domains[domain.id] = [change, classify(change, domain.minimal_important_difference)]
    if not domains:
        return {}
    return {
        "period": period_of(latest.answered_at).isoformat(),
        "dimensions": dimensions_of(first, latest),
        "domains": domains,
    }


def _deltas(contribution: dict[str, Any], sign: int) -> dict[tuple[str, str, str, str], Delta]:
    out: dict[tuple[str, str, str, str], Delta] = {}
    if not contribution:
        return out
    for dimension, values in contribution["dimensions"].items():
        for value in values:
            for domain, (change, kind) in contribution["domains"].items():
                out[(contribution["period"], dimension, value, domain)] = [
                    sign,
                    sign * change,
                    sign * change * change,
                    sign * (kind == IMPROVED),
                    sign * (kind == UNCHANGED),
                    sign * (kind == WORSENED),
                ]
    return out


FIELDS = ("n", "sum_change", "sum_squares", "improved", "unchanged", "worsened")


def aggregates_apply(code: str, old: dict[str, Any], new: dict[str, Any]) -> None:
    """Take back `old` and add `new` (contributions as stored on the summary)."""
    deltas: dict[tuple[str, str, str, str], Delta] = defaultdict(lambda: [0] * len(FIELDS))
    for contribution, sign in ((old, -1), (new, 1)):
        for key, delta in _deltas(contribution, sign).items():
            deltas[key] = [a + b for a, b in zip(deltas[key], delta, strict=True)]
    deltas = {key: delta for key, delta in deltas.items() if any(delta)}
    if not deltas:
        return
    ChangeAggregate.objects.bulk_create(
        [
            ChangeAggregate(instrument_code=code, period=p, dimension=dim, value=v, domain=dom)
            for (p, dim, v, dom) in deltas
        ],
        ignore_conflicts=True,
    )
    rows = (
        ChangeAggregate.objects.select_for_update()
        .filter(
            instrument_code=code,
            period__in={p for p, *_ in deltas},
            dimension__in={dim for _, dim, _v, _d in deltas},
            domain__in={dom for *_, dom in deltas},
        )
        .order_by("period", "dimension", "value", "domain")
    )
    changed = []
    for row in rows:
        key = (row.period.isoformat(), row.dimension, row.value, row.domain)
        if key in deltas:
            delta = deltas[key]
            for name, amount in zip(FIELDS, delta, strict=True):
                setattr(row, name, getattr(row, name) + amount)
            changed.append(row)
    ChangeAggregate.objects.bulk_update(changed, FIELDS)


def _earlier(a: Response, b: Response) -> bool:
    assert a.answered_at is not None and b.answered_at is not None  # noqa: S101
    return (a.answered_at, a.created_at) < (b.answered_at, b.created_at)


def summary_record(*, instrument: Instrument, response: Response) -> ClientInstrumentSummary:
    """Fold a just-completed answer into the client's summary and, when the instrument tracks change,
    into the aggregates. Runs inside the caller's transaction."""
    assert response.answered_at is not None  # noqa: S101
    summary = (
        ClientInstrumentSummary.objects.select_for_update()
        .select_related("first_response__client", "latest_response")
        .filter(client_id=response.client_id, instrument_code=response.instrument_code)
        .first()
    )
    if summary is None:
        return ClientInstrumentSummary.objects.create(
            client_id=response.client_id,
            instrument_code=response.instrument_code,
            first_response=response,
            latest_response=response,
            first_at=response.answered_at,
            latest_at=response.answered_at,
            first_scores=response.scores,
            latest_scores=response.scores,
        )
    first, latest = summary.first_response, summary.latest_response
    if _earlier(response, first):
        first = response
    elif not _earlier(response, latest):
        latest = response
    old = summary.contribution
    new = contribution_of(instrument, first, latest) if instrument.tracks_change else {}
    summary.first_response, summary.latest_response = first, latest
    summary.first_at, summary.latest_at = first.answered_at, latest.answered_at  # type: ignore[assignment]
    summary.first_scores, summary.latest_scores = first.scores, latest.scores
    summary.responses += 1
    summary.contribution = new
    summary.save()
    aggregates_apply(response.instrument_code, old, new)
    return summary
