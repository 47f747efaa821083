"""The half-yearly summary per municipality: grouped by theme, with proposals and responses; as a page, a
PDF and an XLSX file in Finnish and Swedish; authors never shown; small groups of people hidden."""

from __future__ import annotations

from datetime import date, datetime
from io import BytesIO
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from polku.structural.models import ReportStatus, SocialReport
from polku.structural.periods import HalfYear
from polku.structural.selectors import summary_for
from polku.structural.services import report_respond, summary_compile, summary_present
from tests.conftest import World
from tests.structural.conftest import HELSINKI, read_report

pytestmark = pytest.mark.django_db

SPRING = datetime(2025, 3, 10, 12, tzinfo=HELSINKI)
AUTUMN = datetime(2025, 9, 10, 12, tzinfo=HELSINKI)
H1 = HalfYear(2025, 1)


def _url(name: str, world: World, period: str = "2025H1") -> str:
    return reverse(
        f"structural:{name}", kwargs={"municipality_id": world.team.municipality.pk, "half_year": period}
    )


def test_reports_are_grouped_by_theme_with_counts_and_small_groups_of_people_hidden(world: World) -> None:
    read_report(world, themes=["housing"], submitted=SPRING, affected_count=3)
    read_report(world, themes=["housing", "debt"], submitted=SPRING, affected_count=4)
    read_report(world, themes=["debt"], submitted=SPRING, affected_count=20)
    read_report(world, themes=["debt"], submitted=AUTUMN, affected_count=50)  # another half-year
    summary = summary_for(user=world.manager, municipality=world.team.municipality, period=H1)
    by_theme = {g.code: g for g in summary.groups}
    assert summary.count == 3
    assert (by_theme["housing"].count, by_theme["housing"].affected_shown) == (2, "7")
    # Debt's 24 minus the shown 20 would give the hidden 4 of the report in both themes.
    assert (by_theme["debt"].count, by_theme["debt"].affected_shown) == (2, "×")
    assert summary.affected_shown == "27"
    only_small = read_report(world, themes=["violence"], submitted=SPRING, affected_count=2)
    summary = summary_for(user=world.manager, municipality=world.team.municipality, period=H1)
    violence = next(g for g in summary.groups if g.code == "violence")
    assert (violence.affected_count, violence.affected_shown) == (None, "<5")
    assert only_small.affected_shown == "<5"


def test_a_summary_is_compiled_presented_and_the_response_recorded(world: World) -> None:
    report = read_report(world, themes=["housing"], submitted=SPRING)
    unread_elsewhere = read_report(world, themes=["housing"], submitted=AUTUMN)
    summary = summary_compile(actor=world.analyst, municipality=world.team.municipality, period=H1)
    report.refresh_from_db()
    unread_elsewhere.refresh_from_db()
    assert (report.status, report.summary) == (ReportStatus.IN_SUMMARY, summary)
    assert unread_elsewhere.status == ReportStatus.READ
    summary_present(
        actor=world.analyst,
        summary=summary,
        presented_to="Perusturvalautakunta",
        presented_on=date(2025, 9, 1),
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.PRESENTED
    report_respond(actor=world.analyst, report=report, response="Tukiasuntoja lisätään 10.")
    report.refresh_from_db()
    assert (report.status, report.response) == (ReportStatus.RESPONDED, "Tukiasuntoja lisätään 10.")


def test_workers_do_not_compile_or_read_summaries(world: World, client: Any) -> None:
    with pytest.raises(PermissionDenied):
        summary_compile(actor=world.worker, municipality=world.team.municipality, period=H1)
    client.force_login(world.worker)
    assert client.get(_url("summary", world)).status_code == 403
    assert client.get(_url("summary_pdf", world)).status_code == 403


def test_the_manager_reads_the_summary_page_without_authors_in_constant_queries(
    world: World, client: Any
) -> None:
    read_report(world, themes=["housing"], submitted=SPRING, title="Sohvasurffaajat")
    client.force_login(world.manager)
    with CaptureQueriesContext(connection) as few:
        page = client.get(_url("summary", world))
    for _n in range(6):
        read_report(world, themes=["housing", "debt"], submitted=SPRING)
    with CaptureQueriesContext(connection) as many:
        client.get(_url("summary", world))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Sohvasurffaajat" in body and "Lisää tukiasuntoja nuorille." in body
    assert world.worker.get_full_name() not in body
    assert len(many) == len(few)


def test_the_page_compiles_and_records_the_presentation(world: World, client: Any) -> None:
    read_report(world, themes=["housing"], submitted=SPRING)
    client.force_login(world.manager)
    client.post(_url("summary_action", world), {"action": "compile"})
    assert SocialReport.objects.get().status == ReportStatus.IN_SUMMARY
    client.post(
        _url("summary_action", world),
        {"action": "present", "presented_to": "Hyvinvointilautakunta", "presented_on": "2025-09-01"},
    )
    assert SocialReport.objects.get().status == ReportStatus.PRESENTED
    assert "Hyvinvointilautakunta" in client.get(_url("summary", world)).content.decode()


def test_the_summary_opens_as_a_pdf_in_finnish_and_in_swedish(world: World, client: Any) -> None:
    read_report(world, themes=["housing"], submitted=SPRING)
    client.force_login(world.manager)
    for language in ("fi", "sv"):
        response = client.get(_url("summary_pdf", world), {"lang": language})
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
        assert f"-{language}.pdf" in response["Content-Disposition"]


def test_the_summary_downloads_as_xlsx_with_the_theme_names_of_the_chosen_language(
    world: World, client: Any
) -> None:
    read_report(world, themes=["housing"], submitted=SPRING, affected_count=2)
    client.force_login(world.analyst)
    sheets = {}
    for language in ("fi", "sv"):
        response = client.get(_url("summary_xlsx", world), {"lang": language})
        assert response.status_code == 200
        sheets[language] = load_workbook(BytesIO(response.content)).worksheets[0]
    assert sheets["fi"]["A2"].value == "Asuminen ja asunnottomuus"
    assert sheets["sv"]["A2"].value == "Boende och bostadslöshet"
    assert sheets["fi"]["C2"].value == "<5"  # the small-cell rule holds in files too


def test_a_half_year_is_written_like_2025H1(world: World, client: Any) -> None:
    client.force_login(world.manager)
    assert client.get(_url("summary", world, "2025H3")).status_code == 404
    choose = client.get(
        reverse("structural:summaries"), {"municipality": world.team.municipality.pk, "period": "2025h2"}
    )
    assert choose.status_code == 302 and choose["Location"].endswith("/2025H2/")
