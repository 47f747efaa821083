"""Monthly statistics of walk-in and outreach tallies and of client feedback, with the small-cell rule.

Counted in the database (one grouped query per table), so that the size of the data does not matter.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from polku.accounts.models import Team
from polku.clients.models import Gender
from polku.core.suppression import Cell, Grid, is_small, linked_grids, shown, suppress
from polku.structural.feedback_items import INSTRUMENT_CODE, FeedbackItem, feedback_items
from polku.structural.models import AgeGroup, FeedbackAnswer, Tally, TallyTopic, WorkKind


def months_between(first: date, last: date) -> list[date]:
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = date(month.year + 1, 1, 1) if month.month == 12 else month.replace(month=month.month + 1)
    return months


def month_label(month: date) -> str:
    return _month_label(month, get_language())


@lru_cache(maxsize=4096)
def _month_label(month: date, _language: str) -> str:
    """Kept per month and language: a year's report names its months a few dozen times (~20 µs each)."""
    return date_format(month, "YEAR_MONTH_FORMAT")


def _as_date(value: Any) -> date:
    return value.date() if hasattr(value, "date") and callable(value.date) else value


def _labels(choices: Any) -> list[tuple[Any, str]]:
    return [(key, str(label)) for key, label in choices]


@dataclass
class TallyStats:
    months: list[date]
    grids: dict[str, Grid]  # "age", "gender", "work"
    topics: list[tuple[str, list[Cell]]]


def tally_stats(*, teams: QuerySet[Team], first: date, last: date) -> TallyStats:
    """People met per month by age group, gender and kind of work (linked through their shared monthly
    totals), and per topic (a tally can have several topics, so topics have no totals to protect)."""
    months = months_between(first, last)
    tallies = Tally.objects.filter(team__in=teams, date__gte=first, date__lte=last).annotate(
        month=TruncMonth("date")
    )

    # One grouped query for every breakdown and the topics (a few hundred groups at most).
    dimensions = ("age_group", "gender", "work_kind")
    counts: dict[str, dict[tuple[Any, Any], int]] = {d: defaultdict(int) for d in dimensions}
    by_topic: dict[tuple[date, str], int] = defaultdict(int)
    for row in tallies.values("month", *dimensions, "topics").annotate(n=Sum("people")).order_by():
        month = _as_date(row["month"])
        for dimension in dimensions:
            counts[dimension][(month, row[dimension])] += row["n"]
        for topic in row["topics"] or []:
            by_topic[(month, topic)] += row["n"]
    rows = [(m, month_label(m)) for m in months]
    grids = linked_grids(
        [
            ("age", dict(counts["age_group"]), _labels(AgeGroup.choices)),
            ("gender", dict(counts["gender"]), _labels(Gender.choices)),
            ("work", dict(counts["work_kind"]), _labels(WorkKind.choices)),
        ],
        rows,
        _("Total"),
    )
    topics = [
        (
            str(label),
            [Cell(suppress(by_topic[(m, code)]), shown(suppress(by_topic[(m, code)]))) for m in months],
        )
        for code, label in TallyTopic.choices
    ]
    return TallyStats(months=months, grids=grids, topics=topics)


@dataclass(frozen=True)
class FeedbackRow:
    team: Team
    month: date
    answers: Cell
    means: list[str]  # one per item, "" when hidden or unanswered


@dataclass
class FeedbackSummary:
    items: tuple[FeedbackItem, ...]
    rows: list[FeedbackRow]


def feedback_summary(*, teams: QuerySet[Team], first: date, last: date) -> FeedbackSummary:
    """Answers and item means per team and month. A mean of fewer than the threshold's answers would let
    a worker guess who answered what, so it is hidden with its count."""
    items = feedback_items()
    answers = (
        FeedbackAnswer.objects.filter(
            instrument_code=INSTRUMENT_CODE, team__in=teams, month__gte=first.replace(day=1), month__lte=last
        )
        .values("team", "month")
        .annotate(n=Count("id"))
        .order_by("month", "team")
    )
    groups = {(a["team"], a["month"]): a["n"] for a in answers}
    sums: dict[tuple[Any, date, str], list[int]] = defaultdict(list)
    big = [key for key, n in groups.items() if not is_small(n)]
    if big:
        wanted = FeedbackAnswer.objects.filter(
            instrument_code=INSTRUMENT_CODE, team__in=[t for t, _m in big], month__in=[m for _t, m in big]
        ).values_list("team", "month", "answers")
        for team_id, month, given in wanted.iterator():
            for code, value in (given or {}).items():
                sums[(team_id, month, code)].append(int(value))
    team_by_id = {t.pk: t for t in Team.objects.filter(pk__in={t for t, _m in groups})}
    rows = []
    for (team_id, month), n in sorted(groups.items(), key=lambda kv: (kv[0][1], str(kv[0][0]))):
        means = []
        for item in items:
            values = sums.get((team_id, month, item.code), [])
            means.append(f"{sum(values) / len(values):.1f}" if values and not is_small(len(values)) else "")
        rows.append(FeedbackRow(team_by_id[team_id], month, Cell(suppress(n), shown(suppress(n))), means))
    return FeedbackSummary(items=items, rows=rows)
