"""A report's export too large to write while the browser waits is written in the background (`polku
worker`, as the log extract's PDF): the export's page shows its progress and then the file, which is the
same file the export answered at once would have been; only the one who ordered it sees it. Smaller
exports stream at once."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from polku.registry.models import ExportStatus
from polku.reporting import export_tasks, views_effectiveness, views_monitoring
from polku.reporting.export_tasks import report_export_write
from polku.reporting.models import ReportExport
from tests.conftest import World
from tests.factories import UserFactory
from tests.reporting.test_effectiveness import hand_example
from tests.reporting.test_monitoring_deadlines import fill

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EFFECTIVENESS = (
    "reporting:effectiveness_export",
    {"instrument": "functional_capacity", "start": "2025-03-01", "end": "2025-03-31", "by": "gender"},
)
DEADLINES = ("reporting:deadline_compliance_{}", {"first": "2025-03-01", "last": "2025-04-30"})


@pytest.fixture(autouse=True)
def english(settings: Any) -> None:
    settings.LANGUAGE_CODE = "en"


def _get(client: Any, kind: str, file_format: str) -> Any:
    if kind == "effectiveness":
        name, query = EFFECTIVENESS
        return client.get(reverse(name), query | {"format": file_format})
    name, query = DEADLINES
    return client.get(reverse(name.format(file_format)), query)


def _rows(content: bytes, file_format: str) -> list[list[Any]]:
    if file_format == "csv":
        return [row for row in csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";")]
    return [list(row) for row in load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True)]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("kind", ["effectiveness", "deadlines"])
def test_a_large_export_is_written_in_the_background_and_is_the_same_file(
    world: World, client: Any, settings: Any, monkeypatch: pytest.MonkeyPatch, kind: str, file_format: str
) -> None:
    hand_example(world) if kind == "effectiveness" else fill(world)
    client.force_login(world.manager)
    at_once = _get(client, kind, file_format)
    assert at_once.status_code == 200 and at_once.streaming
    expected = _rows(b"".join(at_once.streaming_content), file_format)

    settings.TASKS = IMMEDIATE
    monkeypatch.setattr(views_effectiveness, "INLINE_GROUPS", 0)  # every breakdown counts as large
    monkeypatch.setattr(views_monitoring, "INLINE_TEAMS", 0)
    monkeypatch.setattr(export_tasks, "TEAMS_A_PAGE", 1)  # deadline compliance a team at a time
    ordered = _get(client, kind, file_format)
    assert ordered.status_code == 302
    export = ReportExport.objects.get()
    assert ordered["Location"] == reverse("reporting:export", kwargs={"report_export_id": export.pk})
    assert (export.status, export.rows_done, export.created_by) == (
        ExportStatus.DONE,
        len(expected),
        world.manager,
    )
    page = client.get(ordered["Location"]).content.decode()
    download = reverse("reporting:export_download", kwargs={"report_export_id": export.pk})
    assert download in page and "written in the background" in page and "hx-get" not in page
    answer = client.get(download)
    assert answer.status_code == 200 and export.filename in answer["Content-Disposition"]
    assert _rows(answer.content, file_format) == expected


def test_the_page_follows_an_export_until_the_worker_has_written_it(world: World, client: Any) -> None:
    fill(world)
    client.force_login(world.manager)
    export = ReportExport.objects.create(
        kind="deadlines",
        file_format="csv",
        params={"first": "2025-03-01", "last": "2025-04-30"},
        filename="deadlines.csv",
        language="en",
        rows_total=5,
        created_by=world.manager,
    )
    status = reverse("reporting:export_status", kwargs={"report_export_id": export.pk})
    download = reverse("reporting:export_download", kwargs={"report_export_id": export.pk})
    waiting = client.get(status).content.decode()
    assert f'hx-get="{status}"' in waiting and "Waiting for the background worker" in waiting
    assert client.get(download).status_code == 404
    report_export_write.call(str(export.pk))  # what polku worker does
    done = client.get(status).content.decode()
    assert "hx-get" not in done and download in done
    assert "54.5" in client.get(download).content.decode("utf-8-sig")


def test_only_the_one_who_ordered_an_export_sees_it(world: World, client: Any) -> None:
    export = ReportExport.objects.create(
        kind="deadlines",
        file_format="csv",
        params={"first": "2025-03-01", "last": "2025-04-30"},
        filename="deadlines.csv",
        language="en",
        created_by=world.manager,
    )
    report_export_write.call(str(export.pk))
    another_manager = UserFactory(role="team_manager", teams=[world.team])
    for user in (another_manager, world.analyst, world.worker):
        client.force_login(user)
        for name in ("reporting:export", "reporting:export_status", "reporting:export_download"):
            assert client.get(reverse(name, kwargs={"report_export_id": export.pk})).status_code == 404


def test_an_export_whose_orderer_lost_the_right_fails_and_says_so(world: World, client: Any) -> None:
    export = ReportExport.objects.create(
        kind="deadlines",
        file_format="xlsx",
        params={"first": "2025-03-01", "last": "2025-04-30"},
        filename="deadlines.xlsx",
        language="en",
        created_by=world.manager,
    )
    world.manager.role = "social_worker"
    world.manager.save(update_fields=["role"])
    with pytest.raises(Exception, match="managers and analysts"):
        report_export_write.call(str(export.pk))
    export.refresh_from_db()
    assert export.status == ExportStatus.FAILED and export.content is None
    client.force_login(world.manager)
    page = client.get(reverse("reporting:export", kwargs={"report_export_id": export.pk})).content.decode()
    assert "Writing the file failed." in page
