"""Shared helpers of the structural tests."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from polku.structural.models import SocialReport, Theme
from polku.structural.services import ReportContent, report_create, report_read
from tests.conftest import World

HELSINKI = ZoneInfo("Europe/Helsinki")


@pytest.fixture(autouse=True)
def english(settings: Any) -> None:
    """Pages in the English source language, so that tests read the same after translation."""
    settings.LANGUAGE_CODE = "en"


def content(world: World, **overrides: Any) -> ReportContent:
    data: dict[str, Any] = {
        "kind": "phenomenon",
        "title": "Nuorten asunnottomuus lisääntyy",
        "observation": "Yhä useampi nuori aikuinen asuu kavereiden sohvilla.",
        "affected": "18-24-vuotiaat",
        "proposed_measures": "Lisää tukiasuntoja nuorille.",
        "municipality": world.team.municipality,
        "affected_count": 12,
    }
    return ReportContent(**(data | overrides))


def read_report(
    world: World, *, themes: list[str] = (), submitted: datetime | None = None, **kw: Any
) -> SocialReport:
    """A report the supervisor has read, optionally dated into a given half-year."""
    report = report_create(
        actor=world.worker,
        team=world.team,
        content=content(world, **kw),
        themes=list(Theme.objects.filter(code__in=themes)),
        submit=True,
    )
    if submitted is not None:
        SocialReport.objects.filter(pk=report.pk).update(submitted_at=submitted)
    report.refresh_from_db()
    return report_read(actor=world.manager, report=report, comment="Tärkeä havainto.")
