"""Concurrent edits: every editable record carries a version, and a save based on an old reading is refused,
never overwrites.

The first test enumerates every model of Polku's apps, so that a new model either carries a version or is
named below as one that nobody edits. The rest take each edit path (service, page form, API operation,
admin form), let someone else save first, and check that the save based on the older reading is refused and
the stored row is what the first editor saved.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone

from polku.accounts.models import ApiToken
from polku.accounts.services import token_create
from polku.casework.models import Initiation, PreAssessment, ReasonCode
from polku.casework.services import (
    assessment_save,
    assessment_start,
    initiation_assign,
    initiation_close,
    initiation_create,
    initiation_set_urgent,
    personal_worker_assign,
    pre_assessment_pull,
    pre_assessment_send,
    pre_assessment_submit,
)
from polku.clients.models import ClientRelationship
from polku.clients.services import client_update
from polku.core.admin import VersionedAdminMixin
from polku.core.models import carries_version
from polku.decisions.models import Decision
from polku.decisions.services import (
    decision_draft,
    decision_make,
    decision_notify,
    decision_service_started,
    decision_update,
)
from polku.instruments.models import Response
from polku.instruments.services import response_page_save, response_start
from polku.plans.models import PlanVersion
from polku.plans.services import GoalIn as PlanGoalIn
from polku.plans.services import PlanContent, plan_create, plan_review
from polku.provision.models import Attendance, ServiceEpisode
from polku.provision.services import (
    GoalIn,
    attendance_record,
    episode_end,
    group_add_member,
    group_create,
    implementation_plan_save,
    session_create,
)
from polku.structural.models import SocialReport
from polku.structural.services import ReportContent, report_create, report_update
from tests.conftest import World
from tests.factories import provider_of, referred_by_decision


@pytest.fixture(autouse=True)
def english(settings: Any) -> None:
    settings.LANGUAGE_CODE = "en"


# Models whose rows nobody edits in place, each with the reason. Everything else must carry a version.
NOT_EDITED = {
    "consultation.Message": "a message of a consultation's thread is written once; a correction is a new one",
    # Pre-aggregated report tables: rebuilt whole by polku.reporting.refresh, never edited.
    "reporting.ReportRefresh": "when a report table was last rebuilt, written by the refresh",
    "reporting.DeadlineCell": "pre-aggregated counts rebuilt by the refresh",
    "reporting.EsrCell": "pre-aggregated counts rebuilt by the refresh",
    "reporting.CaseloadCell": "pre-aggregated counts rebuilt by the refresh",
    "reporting.ServiceCell": "pre-aggregated counts rebuilt by the refresh",
    # Logs: append-only by construction (the use log refuses save and delete on an existing row).
    "audit.UseLogEntry": "use log row (ATL 10), append-only",
    "audit.DisclosureLogEntry": "disclosure log row (ATL 10), append-only",
    "audit.SecurityLogEntry": "security log row (a refused request), append-only",
    "audit.ChainHead": "where a log's hash chain ends; kept by the log writer, never by a person",
    "casework.JournalEntry": "timeline event, written with the change it records, never edited",
    "registry.RetentionRun": "record of one retention run, written by the command",
    "registry.RetentionRemoval": "record of what one retention run removed, written with the removal",
    # Written once by the client through a one-time link; the link's own guard refuses a second answer.
    "casework.PreAssessment": "the client's pre-assessment: submitted once, then only marked taken",
    "instruments.ResponseLink": "one-time answer link: only marked used, once",
    "plans.PlanReadLink": "one-time reading link: only marked opened",
    "finance.BudgetLink": "one-time budget link: only marked opened and used",
    # Immutable versions and their parts: a change makes a new version (PlanVersion.number is its version).
    "plans.PlanVersion": "a review makes a new version; earlier ones never change",
    "plans.PlanGoal": "part of an immutable plan version",
    "plans.PlanService": "part of an immutable plan version",
    "plans.PlanPartner": "part of an immutable plan version",
    "plans.AvainRating": "an AVAIN rating, part of an immutable plan version",
    "provision.Goal": "part of the implementation plan, saved only with the plan and its version",
    "provision.GoalRating": "part of a review meeting record, written once",
    # Derived figures kept by the services in the transaction that completes an answer.
    "instruments.ClientInstrumentSummary": "derived from completed answers, never edited by a person",
    "instruments.ChangeAggregate": "running sums derived from completed answers",
    # Kept by the background worker, never by a person: claimed and marked sent by conditional UPDATEs.
    "workday.Reminder": "one reminder's sending record, changed only by the sender's conditional updates",
    # Anonymous answers, written once and never shown one by one.
    "structural.FeedbackAnswer": "anonymous feedback answer, written once",
    "structural.WorkerSurveyAnswer": "anonymous worker survey answer, written once",
    "structural.WorkerSurveyTaken": "the mark that a worker has answered, written once",
    # Loaded by `polku load_code_set` in one transaction, never edited (only the active mark moves on).
    "codes.CodeSetVersion": "one loaded version of a national code set, written by the loader",
    "codes.NationalCode": "a code of a loaded version, written with it",
    # Financial social work: a budget version and its lines never change (a change makes a new version);
    # an application's calculation and grants are replaced whole under the application's version.
    "finance.BudgetVersion": "a change of the budget makes a new version; earlier ones never change",
    "finance.BudgetLine": "part of an immutable budget version",
    "finance.CountedPerson": "part of an application's calculation, replaced whole under its version",
    "finance.CalculationLine": "part of an application's calculation, replaced whole under its version",
    "finance.Grant": "part of an application's decision, replaced whole under its version",
}


def polku_models() -> list[type[models.Model]]:
    return [
        model
        for config in apps.get_app_configs()
        if config.name.startswith("polku.")
        for model in config.get_models()
    ]


def test_every_model_carries_a_version_or_is_named_as_never_edited() -> None:
    unversioned = {m._meta.label for m in polku_models() if not carries_version(m)}
    slipped = unversioned - set(NOT_EDITED)
    assert not slipped, (
        f"{sorted(slipped)} carry no version: subclass BaseModel or Versioned (polku.core.models), or, if "
        "nobody ever edits their rows, name them in NOT_EDITED with the reason"
    )
    assert "provision.Attendance" not in unversioned  # marks are corrected, so they carry a version


def test_the_list_of_never_edited_models_names_only_real_unversioned_models() -> None:
    by_label = {m._meta.label: m for m in polku_models()}
    assert all(label in by_label for label in NOT_EDITED), set(NOT_EDITED) - set(by_label)
    assert not [label for label in NOT_EDITED if carries_version(by_label[label])]


# --- every edit service refuses a save based on an old reading ----------------------------------------


def snapshot(row: models.Model) -> dict[str, Any]:
    row.refresh_from_db()
    return {f.attname: getattr(row, f.attname) for f in row._meta.concrete_fields}


def assert_stale_refused(row: models.Model, stale_save: Callable[[], Any]) -> None:
    before = snapshot(row)
    with pytest.raises(ValidationError) as refused:
        stale_save()
    assert "stale" in {getattr(e, "code", None) for e in refused.value.error_list}
    assert snapshot(row) == before, "the refused save changed the stored row"


@dataclass
class Edit:
    """An edit path: `read` gives the row and the version a page would show; `save(version, text)` saves
    through the service as someone who read that version."""

    read: Callable[[World], tuple[models.Model, int]]
    save: Callable[[World, models.Model, int, str], Any]


def _decision(world: World) -> Decision:
    return decision_draft(
        actor=world.worker,
        client=world.client,
        decision_type="social_rehabilitation",
        decision_text="Myönnetään.",
        grounds="Arvio.",
        legal_basis="SHL 17 §",
    )


def _initiation(world: World) -> Initiation:
    return initiation_create(
        actor=world.advisor,
        client=world.client,
        team=world.team,
        initiator_type="worker_observation",
        need="Laskut",
    )


def _assessment(world: World) -> Any:
    return assessment_start(actor=world.worker, initiation=_initiation(world))


def _content(text: str) -> PlanContent:
    return PlanContent(
        client_view_of_need=text,
        professional_view_of_need="Talous",
        meeting_frequency="kuukausittain",
        goals=[PlanGoalIn("Laskut hoidossa", "client")],
    )


def _report_content(world: World, text: str) -> ReportContent:
    return ReportContent(
        kind="phenomenon",
        title=text,
        observation="Nähty",
        affected="Moni",
        proposed_measures="Toimia",
        municipality=world.team.municipality,
    )


def _episode(world: World) -> ServiceEpisode:
    provider = provider_of(world.provider, name="Verso")
    return referred_by_decision(worker=world.worker, client=world.client, provider=provider)


def _plan_of(world: World, episode: ServiceEpisode, text: str, version: int | None = None) -> Any:
    return implementation_plan_save(
        actor=world.provider,
        episode=episode,
        goals=[GoalIn(text)],
        schedule=text,
        expected_version=version,
    )


def _attendance(world: World) -> tuple[Attendance, int]:
    episode = _episode(world)
    group = group_create(actor=world.provider, name="Elokuvaryhmä")
    group_add_member(actor=world.provider, group=group, episode=episode)
    session = session_create(actor=world.provider, group=group, day=timezone.localdate())
    mark = attendance_record(actor=world.provider, session=session, episode=episode, status="present")
    return mark, mark.version


def _mark(world: World, mark: Any, version: int, text: str) -> Any:
    status = {"first": "absent"}.get(text, "excused")
    return attendance_record(
        actor=world.provider,
        session=mark.session,
        episode=mark.episode,
        status=status,
        expected_version=version,
    )


def _new_report(world: World) -> tuple[SocialReport, int]:
    report = report_create(actor=world.worker, team=world.team, content=_report_content(world, "Alku"))
    return report, report.version


EDITS: dict[str, Edit] = {
    "client basic data": Edit(
        read=lambda w: (w.client, w.client.version),
        save=lambda w, row, v, text: client_update(
            actor=w.worker, client=row, expected_version=v, first_name=text
        ),
    ),
    "assessment contents": Edit(
        read=lambda w: (a := _assessment(w), a.version),
        save=lambda w, row, v, text: assessment_save(
            actor=w.worker, assessment=row, expected_version=v, situation_summary=text
        ),
    ),
    "decision draft": Edit(
        read=lambda w: (d := _decision(w), d.version),
        save=lambda w, row, v, text: decision_update(
            actor=w.worker, decision=row, expected_version=v, decision_text=text
        ),
    ),
    "making a decision": Edit(
        read=lambda w: (d := _decision(w), d.version),
        save=lambda w, row, v, text: (
            decision_update(actor=w.worker, decision=row, expected_version=v, grounds=text)
            if text == "first"
            else decision_make(actor=w.worker, decision=row, expected_version=v)
        ),
    ),
    "client plan review": Edit(
        read=lambda w: (p := plan_create(actor=w.worker, client=w.client, content=_content("v1")), p.number),
        save=lambda w, row, v, text: plan_review(
            actor=w.worker, plan=row.plan, based_on=v, content=_content(text)
        ),
    ),
    "implementation plan": Edit(
        read=lambda w: (p := _plan_of(w, _episode(w), "Alku"), p.version),
        save=lambda w, row, v, text: _plan_of(w, row.episode, text, v),
    ),
    "attendance mark": Edit(read=_attendance, save=_mark),
    "social report draft": Edit(
        read=_new_report,
        save=lambda w, row, v, text: report_update(
            actor=w.worker,
            report=row,
            expected_version=v,
            team=w.team,
            content=_report_content(w, text),
            themes=[],
        ),
    ),
    "assigning an initiation": Edit(
        read=lambda w: (i := _initiation(w), i.version),
        save=lambda w, row, v, text: initiation_assign(
            actor=w.manager,
            initiation=row,
            worker=w.worker if text == "first" else w.counsellor,
            expected_version=v,
        ),
    ),
    "marking an initiation urgent": Edit(
        read=lambda w: (i := _initiation(w), i.version),
        save=lambda w, row, v, text: initiation_set_urgent(
            actor=w.advisor, initiation=row, urgent=text == "first", expected_version=v
        ),
    ),
    "closing an initiation": Edit(
        read=lambda w: (i := _initiation(w), i.version),
        save=lambda w, row, v, text: (
            initiation_set_urgent(actor=w.advisor, initiation=row, urgent=True, expected_version=v)
            if text == "first"
            else initiation_close(actor=w.advisor, initiation=row, reason=text, expected_version=v)
        ),
    ),
    "naming the personal worker": Edit(
        read=lambda w: (r := ClientRelationship.objects.get(client=w.client, team=w.team), r.version),
        save=lambda w, row, v, text: personal_worker_assign(
            actor=w.manager,
            relationship=row,
            worker=w.worker if text == "first" else w.counsellor,
            expected_version=v,
        ),
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(EDITS))
def test_a_save_based_on_an_old_reading_is_refused_and_changes_nothing(name: str, world: World) -> None:
    edit = EDITS[name]
    row, read_version = edit.read(world)
    edit.save(world, row, read_version, "first")  # someone else saves first, from the same reading
    row.refresh_from_db()
    assert_stale_refused(row, lambda: edit.save(world, row, read_version, "second"))


@pytest.mark.django_db
def test_every_write_to_a_versioned_record_moves_its_version(world: World) -> None:
    """Transitions done by conditional UPDATEs must move the version too, or a later edit based on a
    reading from before them would pass."""
    initiation = _initiation(world)
    versions = [initiation.version]
    initiation_set_urgent(actor=world.advisor, initiation=initiation, urgent=True)
    initiation_assign(actor=world.manager, initiation=initiation, worker=world.worker)
    initiation_close(actor=world.advisor, initiation=initiation, reason="Hoidettu")
    initiation.refresh_from_db()
    versions.append(initiation.version)
    assert versions == [versions[0], versions[0] + 3]
    relationship = ClientRelationship.objects.get(client=world.client, team=world.team)
    before = relationship.version
    personal_worker_assign(actor=world.manager, relationship=relationship, worker=world.worker)
    assert relationship.version == before + 1


@pytest.mark.django_db
def test_a_service_ends_once_and_the_second_ending_does_not_overwrite_the_first(world: World) -> None:
    episode = _episode(world)
    stale_copy = ServiceEpisode.objects.get(pk=episode.pk)
    episode_end(actor=world.worker, episode=episode, ended_on=timezone.localdate(), summary="Hyvin meni")
    row = ServiceEpisode.objects.get(pk=episode.pk)
    assert_stale_refused(
        row,
        lambda: episode_end(
            actor=world.worker, episode=stale_copy, ended_on=timezone.localdate(), summary="Toisin"
        ),
    )
    assert row.end_summary == "Hyvin meni"


@pytest.mark.django_db
def test_a_recorded_attendance_mark_is_not_changed_without_its_version(world: World) -> None:
    mark, _version = _attendance(world)
    assert_stale_refused(
        mark,
        lambda: attendance_record(
            actor=world.provider, session=mark.session, episode=mark.episode, status="absent"
        ),
    )


@pytest.mark.django_db
def test_the_clients_pre_assessment_is_taken_into_the_assessment_once(world: World) -> None:
    assessment = _assessment(world)
    _pre, token = pre_assessment_send(actor=world.worker, assessment=assessment)
    pre = pre_assessment_submit(token=token, own_view="Laskut kasaantuvat.", needs="Apua lomakkeisiin.")
    stale_copy = PreAssessment.objects.get(pk=pre.pk)  # a second worker's page, read before the first took it
    pre_assessment_pull(actor=world.worker, pre_assessment=pre, assessment=assessment)
    assessment.refresh_from_db()
    assert_stale_refused(
        assessment,
        lambda: pre_assessment_pull(actor=world.worker, pre_assessment=stale_copy, assessment=assessment),
    )
    assert assessment.client_view.count("Laskut kasaantuvat.") == 1


@pytest.mark.django_db
def test_a_page_of_answers_saved_from_an_older_reading_keeps_the_pages_saved_meanwhile(world: World) -> None:
    response = response_start(actor=world.worker, client=world.client, instrument_code="functional_capacity")
    older_reading = Response.objects.get(pk=response.pk)
    response_page_save(actor=world.worker, response=response, page=0, answers={"overall": 6})
    response_page_save(
        actor=world.worker,
        response=older_reading,
        page=1,
        answers={"mental_1": 4, "mental_2": 2, "mental_3": 4},
    )
    response.refresh_from_db()
    assert response.answers["overall"] == 6  # not lost to the save based on the older reading
    assert response.answers["mental_1"] == 4
    assert response.version == older_reading.version + 2


@pytest.mark.django_db
def test_notification_and_service_start_are_recorded_once_and_not_moved_by_an_older_page(
    world: World,
) -> None:
    initiation = _initiation(world)
    decision = decision_draft(
        actor=world.worker,
        client=world.client,
        decision_type="social_rehabilitation",
        decision_text="Myönnetään.",
        grounds="Arvio.",
        legal_basis="SHL 17 §",
        initiation=initiation,
    )
    decision = decision_make(actor=world.worker, decision=decision, expected_version=decision.version)
    older_page = Decision.objects.get(pk=decision.pk)
    today = timezone.localdate()
    decision_notify(actor=world.worker, decision=decision, method="in_person", sent_on=today)
    assert_stale_refused(
        decision,
        lambda: decision_notify(actor=world.worker, decision=older_page, method="letter", sent_on=today),
    )
    decision_service_started(actor=world.worker, decision=decision, started_on=today)
    initiation.refresh_from_db()
    assert_stale_refused(
        initiation,
        lambda: decision_service_started(
            actor=world.worker, decision=older_page, started_on=today - timedelta(days=1)
        ),
    )


# --- page forms carry the version and say why a stale save was refused -------------------------------

REFUSAL = "Someone else changed this record after you opened it"


@pytest.mark.django_db
def test_the_queue_forms_carry_the_version_and_refuse_a_stale_assignment(client: Any, world: World) -> None:
    initiation = _initiation(world)
    client.force_login(world.manager)
    queue = client.get(reverse("casework:queue"), {"team": world.team.pk}).content.decode()
    read = initiation.version
    assert f'name="version" value="{read}"' in queue
    initiation_set_urgent(actor=world.advisor, initiation=initiation, urgent=True)  # someone else, meanwhile
    response = client.post(
        reverse("casework:assign", kwargs={"initiation_id": initiation.pk}),
        {"worker": world.counsellor.pk, "version": read},
        follow=True,
    )
    assert REFUSAL in response.content.decode()
    initiation.refresh_from_db()
    assert initiation.assigned_to is None


@pytest.mark.django_db
def test_the_case_page_refuses_naming_a_personal_worker_from_an_old_reading(
    client: Any, world: World
) -> None:
    relationship = ClientRelationship.objects.get(client=world.client, team=world.team)
    client.force_login(world.manager)
    page = client.get(reverse("casework:case", kwargs={"client_id": world.client.pk})).content.decode()
    assert f'name="version" value="{relationship.version}"' in page
    personal_worker_assign(actor=world.worker, relationship=relationship, worker=world.worker)
    response = client.post(
        reverse(
            "casework:personal_worker",
            kwargs={"client_id": world.client.pk, "relationship_id": relationship.pk},
        ),
        {f"{relationship.pk}-worker": world.counsellor.pk, "version": relationship.version - 1},
        follow=True,
    )
    assert REFUSAL in response.content.decode()
    relationship.refresh_from_db()
    assert relationship.personal_worker == world.worker


@pytest.mark.django_db
def test_the_group_page_does_not_overwrite_a_mark_recorded_meanwhile(client: Any, world: World) -> None:
    episode = _episode(world)
    group = group_create(actor=world.provider, name="Elokuvaryhmä")
    group_add_member(actor=world.provider, group=group, episode=episode)
    session = session_create(actor=world.provider, group=group, day=timezone.localdate())
    client.force_login(world.provider)
    page = client.get(reverse("services:group", kwargs={"group_id": group.pk})).content.decode()
    assert 'name="seen" value=""' in page  # no marks yet
    attendance_record(actor=world.provider, session=session, episode=episode, status="present")  # meanwhile
    response = client.post(
        reverse("services:group_action", kwargs={"group_id": group.pk}),
        {"attendance": "1", "session": str(session.pk), f"status_{episode.pk}": "absent", "seen": ""},
        follow=True,
    )
    assert REFUSAL in response.content.decode()
    assert Attendance.objects.get().status == "present"
    page = client.get(reverse("services:group", kwargs={"group_id": group.pk})).content.decode()
    mark = Attendance.objects.get()
    assert f"{session.pk}:{episode.pk}:{mark.version}" in page
    client.post(
        reverse("services:group_action", kwargs={"group_id": group.pk}),
        {
            "attendance": "1",
            "session": str(session.pk),
            f"status_{episode.pk}": "absent",
            "seen": f"{session.pk}:{episode.pk}:{mark.version}",
        },
    )
    assert Attendance.objects.get().status == "absent"  # who saw the mark may correct it


@pytest.mark.django_db
def test_the_report_form_without_its_version_is_refused(client: Any, world: World) -> None:
    report, _version = _new_report(world)
    client.force_login(world.worker)
    url = reverse("structural:report_edit", kwargs={"report_id": report.pk})
    assert f'name="version" value="{report.version}"' in client.get(url).content.decode()
    data = {
        "team": world.team.pk,
        "kind": "phenomenon",
        "title": "Muutettu",
        "observation": "Nähty",
        "affected": "Moni",
        "proposed_measures": "Toimia",
        "municipality": world.team.municipality.pk,
        "urgency": "normal",
        "action": "draft",
    }
    response = client.post(url, data)  # a form that lost its version field
    assert REFUSAL in response.content.decode()
    report.refresh_from_db()
    assert report.title == "Alku"


# --- the API answers 409 with the error shape ---------------------------------------------------------


def api(client: Any, user: Any, method: str, url: str, body: dict[str, Any]) -> Any:
    if method == "get":
        return client.get(url, HTTP_AUTHORIZATION=f"Bearer {token_create(user=user)}")
    return getattr(client, method)(
        url,
        json.dumps(body, default=str),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token_create(user=user)}",
    )


def assert_conflict(response: Any) -> None:
    assert response.status_code == 409, response.content
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert "Someone else saved this record" in body["detail"]


@pytest.mark.django_db
def test_the_api_answers_409_to_a_stale_decision_plan_review_and_attendance(
    client: Any, world: World
) -> None:
    decision = _decision(world)
    stale = decision.version
    decision_update(actor=world.worker, decision=decision, expected_version=stale, grounds="Uusi arvio")
    response = api(client, world.worker, "post", f"/api/v1/decisions/{decision.pk}/make", {"version": stale})
    assert_conflict(response)
    decision.refresh_from_db()
    assert decision.status == "draft"

    first = plan_create(actor=world.worker, client=world.client, content=_content("v1"))
    plan_review(actor=world.worker, plan=first.plan, based_on=1, content=_content("v2"))
    body = {
        "based_on": 1,
        "client_view_of_need": "v2b",
        "professional_view_of_need": "Talous",
        "meeting_frequency": "kuukausittain",
        "goals": [{"text": "Laskut", "owner": "client"}],
    }
    assert_conflict(api(client, world.worker, "post", f"/api/v1/clients/{world.client.pk}/plan", body))
    assert PlanVersion.objects.filter(plan=first.plan).count() == 2

    mark, version = _attendance(world)
    url = f"/api/v1/sessions/{mark.session_id}/attendance"
    assert_conflict(
        api(client, world.provider, "post", url, {"episode_id": mark.episode_id, "status": "absent"})
    )
    answer = api(
        client,
        world.provider,
        "post",
        url,
        {"episode_id": mark.episode_id, "status": "absent", "version": version},
    )
    assert answer.status_code == 201 and answer.json()["version"] == version + 1


@pytest.mark.django_db
def test_the_api_answers_409_to_a_stale_implementation_plan_and_personal_worker(
    client: Any, world: World
) -> None:
    episode = _episode(world)
    plan = _plan_of(world, episode, "Alku")
    read = api(client, world.provider, "get", f"/api/v1/episodes/{episode.pk}", {}).json()
    assert read["plan_version"] == plan.version
    _plan_of(world, episode, "Toisen muutos", plan.version)
    body = {"goals": [{"text": "Oma muutos"}], "version": read["plan_version"]}
    response = api(client, world.provider, "put", f"/api/v1/episodes/{episode.pk}/implementation-plan", body)
    assert_conflict(response)
    plan.refresh_from_db()
    assert plan.schedule == "Toisen muutos"

    relationship = ClientRelationship.objects.get(client=world.client, team=world.team)
    stale = relationship.version
    personal_worker_assign(actor=world.worker, relationship=relationship, worker=world.worker)
    url = f"/api/v1/clients/{world.client.pk}/personal-worker"
    body = {"worker": world.counsellor.username, "version": stale}
    assert_conflict(api(client, world.manager, "post", url, body))
    relationship.refresh_from_db()
    assert relationship.personal_worker == world.worker


# --- the admin site ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_admin_save_based_on_an_old_reading_is_refused(client: Any, world: World) -> None:
    code = ReasonCode.objects.create(code="tested", label_fi="Testi", label_sv="Test", label_en="Test")
    client.force_login(world.admin)
    url = reverse("admin:casework_reasoncode_change", args=[code.pk])
    assert f'name="_version" value="{code.version}"' in client.get(url).content.decode()
    form = {
        "code": "tested",
        "label_fi": "Toisen muutos",
        "label_sv": "Test",
        "label_en": "Test",
        "active": "on",
        "order": 100,
        "_version": code.version,
    }
    assert client.post(url, form).status_code == 302  # the first administrator saves
    code.refresh_from_db()
    assert (code.label_fi, code.version) == ("Toisen muutos", 2)
    response = client.post(url, form | {"label_fi": "Oma muutos"}, follow=True)  # from the old reading
    assert REFUSAL in response.content.decode()
    code.refresh_from_db()
    assert (code.label_fi, code.version) == ("Toisen muutos", 2)


def test_every_admin_page_of_a_versioned_model_checks_the_version() -> None:
    unchecked = [
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if carries_version(model) and not isinstance(model_admin, VersionedAdminMixin)
    ]
    assert not unchecked, f"admin pages that would save without the version: {unchecked}"


@pytest.mark.django_db
def test_the_admin_change_pages_carry_the_version(client: Any, world: World) -> None:
    token_create(user=world.worker)
    client.force_login(world.admin)
    for row in (world.team, world.team.organisation, world.worker, ApiToken.objects.get()):
        url = reverse(f"admin:{row._meta.app_label}_{row._meta.model_name}_change", args=[row.pk])
        page = client.get(url)
        assert page.status_code == 200
        assert f'name="_version" value="{row.version}"' in page.content.decode(), url
