"""The worker survey at the start and the end of a development project: anonymous, once per phase, and
summarised with small groups hidden."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from polku.accounts.models import Role
from polku.structural.models import WorkerSurveyAnswer
from polku.structural.services.projects import project_create
from polku.structural.services.worker_survey import worker_survey_record, worker_survey_summary
from tests.conftest import World
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_worker_answers_once_per_phase_and_the_answer_does_not_name_them(world: World) -> None:
    project = project_create(
        actor=world.manager,
        name="Vaikuttavuus näkyviin",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
    )
    answer = worker_survey_record(
        actor=world.worker, project=project, phase="start", answers={"methods": 2, "follow_up": 3}
    )
    assert answer.answers == {"methods": 2, "follow_up": 3}
    assert not any(f.name in ("user", "created_by") for f in WorkerSurveyAnswer._meta.get_fields())
    with pytest.raises(ValidationError):
        worker_survey_record(actor=world.worker, project=project, phase="start", answers={"methods": 4})
    with pytest.raises(ValidationError) as refused:
        worker_survey_record(actor=world.counsellor, project=project, phase="end", answers={"methods": 9})
    assert "methods" in refused.value.message_dict
    with pytest.raises(PermissionDenied):
        worker_survey_record(actor=world.analyst, project=project, phase="start", answers={"methods": 3})
    assert WorkerSurveyAnswer.objects.count() == 1


def test_the_summary_hides_a_phase_with_fewer_than_five_answers(world: World) -> None:
    project = project_create(
        actor=world.manager, name="Kehittämishanke", starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31)
    )
    workers = [UserFactory(role=Role.SOCIAL_WORKER, teams=[world.team]) for _ in range(5)]
    for index, worker in enumerate(workers):
        worker_survey_record(actor=worker, project=project, phase="start", answers={"methods": 2 + index % 2})
    for worker in workers[:4]:
        worker_survey_record(actor=worker, project=project, phase="end", answers={"methods": 4})
    methods = next(row for row in worker_survey_summary(project=project) if row.item.code == "methods")
    # Start: 2, 3, 2, 3, 2 -> mean 2.4 from five answers; end: four answers, hidden.
    assert (methods.start_n, methods.start_mean) == (5, 2.4)
    assert (methods.end_n, methods.end_mean, methods.change) == (None, None, None)


def test_the_project_page_takes_the_survey_and_shows_the_summary(client: Any, world: World) -> None:
    project = project_create(
        actor=world.manager, name="Hanke", starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31)
    )
    client.force_login(world.worker)
    url = reverse("structural:project", kwargs={"project_id": project.pk})
    client.post(url, {"survey": "1", "phase": "start", "item_methods": "4"})
    assert WorkerSurveyAnswer.objects.get().answers == {"methods": 4}
    client.force_login(world.manager)
    page = client.get(url).content.decode()
    assert 'id="survey-summary"' in page and "&lt;5" in page
    assert page.count('id="survey-summary"') == 1
    assert page.count('id="worker-survey"') == 1
