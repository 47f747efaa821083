"""Ville's story reads in order, each step on its own day counted back from the day the demo is loaded; the
provider sees him and his attendance in the film group; self-assessments are months apart."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from itertools import pairwise

import pytest
from django.test import Client as Browser
from django.urls import reverse
from django.utils import timezone

from polku.accounts.models import User
from polku.casework.models import Assessment, Initiation, JournalEntry, PersonalWorkerAssignment
from polku.clients.models import Client
from polku.core.crypto import search_hash
from polku.core.weekdays import add_weekdays
from polku.decisions.models import Decision
from polku.demo.data import load_demo
from polku.demo.ville import VILLE_HETU
from polku.demo.ville_days import VilleDays
from polku.instruments.models import ClientInstrumentSummary, Response
from polku.plans.models import ActivationPlan, PlanVersion
from polku.provision.models import Attendance, Group, HomeVisit, Review, ServiceEpisode, Session

pytestmark = pytest.mark.django_db

LOAD_DAY = date(2026, 11, 18)  # a Wednesday; the story is counted back from it


def _load() -> Client:
    load_demo(clients=12, today=LOAD_DAY)
    return Client.objects.get(hetu_hash=search_hash(VILLE_HETU))


def _day(moment: datetime | date | None) -> date:
    assert moment is not None
    return timezone.localdate(moment) if isinstance(moment, datetime) else moment


def test_villes_story_reads_in_order_on_days_counted_back_from_the_load_day() -> None:
    loading = timezone.now()
    ville = _load()
    initiation = Initiation.objects.get(client=ville)
    assert initiation.contact is not None
    journal = {e.kind: e.at for e in JournalEntry.objects.filter(client=ville).order_by("at")}
    assessment = Assessment.objects.get(initiation=initiation)
    plan_v1, plan_v2 = PlanVersion.objects.filter(plan__client=ville).order_by("number")
    rehabilitation = Decision.objects.get(client=ville, decision_type="social_rehabilitation")
    work = Decision.objects.get(client=ville, decision_type="rehabilitative_work_activity")
    episode = ServiceEpisode.objects.get(client=ville, kind="social_rehabilitation")
    sessions = list(Session.objects.filter(group__members=episode).order_by("date"))
    answers = list(Response.objects.filter(client=ville).order_by("answered_at"))
    review = Review.objects.get(episode=episode)
    activation = ActivationPlan.objects.get(client=ville)

    story = [  # (step, its day), in the order the story tells it
        ("Kela's contact", _day(initiation.contact.contacted_at)),
        ("initiation", _day(initiation.initiated_at)),
        ("taken by the social worker", _day(journal["taken"])),
        ("assessment started", _day(assessment.started_at)),
        ("pre-assessment answered", _day(journal["pre_assessment"])),
        ("first meeting", _day(min(e.at for e in ville.journal.filter(kind="meeting")))),
        ("assessment completed", _day(assessment.completed_at)),
        ("personal worker named", _day(journal["personal_worker"])),
        ("client plan", _day(plan_v1.created_at)),
        ("decision made", _day(rehabilitation.decided_at)),
        ("decision handed over", _day(rehabilitation.notification_sent_on)),
        ("service started", _day(initiation.service_started_on)),
        ("episode starts", episode.start_date),
        ("first self-assessment", _day(answers[0].answered_at)),
        ("first session", sessions[0].date),
        ("review meeting", review.date),
        ("second self-assessment", _day(answers[-1].answered_at)),
        ("plan reviewed", _day(plan_v2.created_at)),
        ("activation plan", activation.made_on),
        ("work activity decided", _day(work.decided_at)),
        ("last session", sessions[-1].date),
    ]
    days = [day for _step, day in story]
    assert days == sorted(days), story
    assert rehabilitation.end_date is not None
    assert days[-1] < LOAD_DAY <= rehabilitation.end_date  # still running on the load day
    # Spread over its months: the contact about six months back, the service about five.
    assert LOAD_DAY - timedelta(days=190) <= days[0] <= LOAD_DAY - timedelta(days=175)
    assert _day(initiation.initiated_at) < _day(assessment.started_at) <= add_weekdays(days[0], 7)
    assert (
        initiation.assessment_start_due is None
        or _day(assessment.started_at) <= initiation.assessment_start_due
    )
    assert _day(rehabilitation.decided_at) < episode.start_date
    assert initiation.service_due is not None and initiation.service_started_on <= initiation.service_due  # type: ignore[operator]
    assert rehabilitation.appeal_last_day == rehabilitation.notification_sent_on + timedelta(days=30)  # type: ignore[operator]
    assert work.start_date is not None and work.start_date > rehabilitation.end_date  # type: ignore[operator]

    # Each row carries the day of its event, not the moment of loading.
    assert _day(rehabilitation.created_at) == _day(rehabilitation.decided_at)
    assert _day(episode.created_at) == _day(rehabilitation.decided_at)
    assert all(_day(s.created_at) == s.date for s in sessions)
    assert all(_day(v.created_at) == v.date for v in HomeVisit.objects.filter(episode=episode))
    assert _day(review.created_at) == review.date
    assert [_day(a.created_at) for a in answers] == [_day(a.answered_at) for a in answers]
    assert _day(activation.created_at) == activation.made_on
    stamped = [
        *JournalEntry.objects.filter(client=ville).values_list("at", flat=True),
        ville.created_at,
        initiation.created_at,
        initiation.contact.created_at,
        assessment.created_at,
        plan_v1.created_at,
        plan_v2.created_at,
        *Decision.objects.filter(client=ville).values_list("created_at", flat=True),
        *Decision.objects.filter(client=ville).values_list("updated_at", flat=True),
        *ServiceEpisode.objects.filter(client=ville).values_list("updated_at", flat=True),
        *ville.relationships.values_list("started_at", flat=True),
        *PersonalWorkerAssignment.objects.filter(relationship__client=ville).values_list(
            "started_at", flat=True
        ),
        *Session.objects.filter(group__members=episode).values_list("created_at", flat=True),
    ]
    assert len(stamped) > 30
    # Nothing in Ville's story happens on the load day itself, and nothing at the moment of loading.
    assert max(stamped) < timezone.make_aware(datetime.combine(LOAD_DAY, time(0))) < loading

    # The self-assessment's change spans the three months from the start to the review.
    assert answers[-1].answered_at - answers[0].answered_at >= timedelta(days=60)  # type: ignore[operator]
    summary = ClientInstrumentSummary.objects.get(client=ville)
    assert summary.latest_at - summary.first_at >= timedelta(days=60)


def test_the_provider_named_in_the_readme_sees_ville_and_his_attendance_in_the_film_group() -> None:
    ville = _load()
    days = VilleDays(LOAD_DAY)
    browser = Browser()
    browser.force_login(User.objects.get(username="tuottaja"))  # README: "as `tuottaja` and open Services"
    services = browser.get(reverse("services:home"))
    assert services.status_code == 200
    assert [e.client for e in services.context["episodes"]].count(ville) == 1
    assert "Polkunen" in services.content.decode()
    film = Group.objects.get(name="Elokuvaryhmä")
    page = browser.get(reverse("services:group", kwargs={"group_id": film.pk}))
    assert page.status_code == 200
    row = next(marks for member, marks in page.context["rows"] if member.client == ville)
    marked = [(session.date, mark) for session, mark in row if mark]
    assert [d for d, _mark in marked] == days.sessions  # every Tuesday from the start, none today or later
    assert len(marked) >= 20 and all(d < LOAD_DAY for d, _mark in marked)
    assert sum(mark == "present" for _d, mark in marked) == len(marked) - 3  # two absences, one with notice
    assert "Polkunen Ville</th>" in page.content.decode()
    # No attendance is recorded for a session in the future, in the whole demo.
    assert not Attendance.objects.filter(session__date__gt=timezone.localdate()).exists()


def test_other_clients_self_assessments_are_months_apart_and_written_when_answered() -> None:
    load_demo(clients=40, today=LOAD_DAY)
    now = timezone.now()  # after the load: an answer may be dated to the moment the load ran
    answered: dict[object, list[datetime]] = {}
    responses = Response.objects.exclude(client__hetu_hash=search_hash(VILLE_HETU)).order_by("answered_at")
    assert responses.count() > 20
    for response in responses:
        assert response.answered_at is not None and response.answered_at <= now
        assert response.created_at == response.answered_at
        answered.setdefault(response.client_id, []).append(response.answered_at)
    pairs = [times for times in answered.values() if len(times) >= 2]
    assert len(pairs) > 5
    for times in pairs:
        assert all(later - earlier >= timedelta(days=60) for earlier, later in pairwise(times))
