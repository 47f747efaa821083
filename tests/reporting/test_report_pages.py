"""The report pages' lists of teams are paged (PER_PAGE teams by name, a stable order): an analyst of a
whole county sees the first page and links to the next, the dashboard the first page and how many there
are; each page reads the same few queries with 3 teams or 60. The effectiveness report's SQL gives what
the ORM query it replaces gives."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from polku.accounts.models import Team
from polku.core.pagination import PER_PAGE
from polku.instruments.aggregates import ALL
from polku.instruments.models import ChangeAggregate
from polku.reporting.effectiveness import month_range, report_rows
from polku.reporting.models import CaseloadCell, DeadlineCell, ReportRefresh
from polku.reporting.refresh import BUILDERS
from tests.conftest import World
from tests.factories import TeamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings: Any) -> None:
    settings.LANGUAGE_CODE = "en"


def teams_with_figures(count: int) -> list[Team]:
    """`count` teams, each with ten statutory assessments started in time last month and twenty open
    clients without a personal worker, as the worker's refresh would have counted them."""
    teams = [TeamFactory(name=f"Tiimi {index:03d}") for index in range(count)]
    month = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)
    DeadlineCell.objects.bulk_create(
        DeadlineCell(team=team, period=month, whole_month=True, on_time=10) for team in teams
    )
    CaseloadCell.objects.bulk_create(CaseloadCell(team=team, personal_worker=None, n=20) for team in teams)
    for table in BUILDERS:  # as if the worker had rebuilt every table
        ReportRefresh.objects.update_or_create(table=table, defaults={"refreshed_at": timezone.now()})
    return teams


PAGES = {
    "deadlines": "reporting:deadline_compliance",
    "caseloads": "reporting:caseloads",
    "dashboard": "reporting:monitoring_dashboard",
}


@pytest.mark.parametrize("page", list(PAGES))
def test_an_analyst_pages_through_every_team_and_each_page_reads_the_same_queries(
    world: World, client: Any, page: str
) -> None:
    client.force_login(world.analyst)
    url = reverse(PAGES[page])

    def queries(query: dict[str, str]) -> tuple[int, str]:
        with CaptureQueriesContext(connection) as captured:
            answer = client.get(url, query)
        assert answer.status_code == 200
        return len(captured), answer.content.decode()

    teams = teams_with_figures(3)
    few, shown = queries({})
    assert "Tiimi 002" in shown
    teams += teams_with_figures(PER_PAGE + 10)  # Tiimi 000..059: a second team of the first three names
    many, first = queries({})
    assert many == few <= 10
    names = sorted(t.name for t in teams)
    assert first.count("<caption>Tiimi ") == PER_PAGE and "Tiimi 024" in first
    if page == "dashboard":
        assert f"The first {PER_PAGE} of {len(names)} teams by name." in first
        return
    assert f"Rows 1–{PER_PAGE} of {len(names)}" in first
    second_count, second = queries({"page": "2"})
    assert second_count == many
    assert second.count("<caption>Tiimi ") == len(names) - PER_PAGE
    assert names[-1] in second


def test_the_effectiveness_reports_sql_sums_what_the_orm_would(world: World) -> None:
    month = date(2025, 3, 1)
    rows = [
        ChangeAggregate(
            instrument_code="functional_capacity",
            period=month.replace(month=m),
            dimension=dimension,
            value=value,
            domain=domain,
            n=n,
            sum_change=n * 37 - 500,
            sum_squares=n * 9000,
            improved=n // 3,
            unchanged=n // 3,
            worsened=n - 2 * (n // 3),
        )
        for m in (1, 3, 4, 7)
        for dimension, value in ((ALL, ""), ("team", "a"), ("team", "b"), ("team", ""), ("gender", "f"))
        for domain, n in (("mobility", 11 + m), ("mood", 20 - m))
    ]
    ChangeAggregate.objects.bulk_create(rows)
    for start, end, by in ((date(2025, 2, 15), date(2025, 6, 30), "team"), (month, month, ALL)):
        first, last = month_range(start, end)
        orm = (
            ChangeAggregate.objects.filter(
                instrument_code="functional_capacity",
                period__gte=first,
                period__lte=last,
                dimension__in={ALL, by},
            )
            .values("dimension", "value", "domain")
            .annotate(
                n_=Sum("n"),
                sum_=Sum("sum_change"),
                sq_=Sum("sum_squares"),
                imp_=Sum("improved"),
                unch_=Sum("unchanged"),
                wors_=Sum("worsened"),
            )
            .order_by("dimension", "value", "domain")
        )
        assert list(report_rows("functional_capacity", start, end, by)) == list(orm)
