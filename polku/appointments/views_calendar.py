"""The week calendars (the worker's own, the team's) and the worker's iCalendar feed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from polku.accounts.models import AuthedRequest, User
from polku.appointments.feed import feed_appointments, feed_calendar, feed_create, feed_owner, feed_revoke
from polku.appointments.models import Appointment, CalendarFeed
from polku.appointments.selectors import (
    appointments_between,
    appointments_to_record,
    closed_counts,
    log_shown,
    team_appointments_between,
    team_workers,
)
from polku.core.forms import DATE_MAX, DATE_MIN
from polku.core.urls import uuid_url

WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


def week_start(value: str | None, today: date) -> date:
    """The Monday of the ISO week `value` (2026-W49); this week's when it is missing or not a week Polku
    shows."""
    match = WEEK.match(value or "")
    if match:
        try:
            monday = date.fromisocalendar(int(match[1]), int(match[2]), 1)
        except ValueError:
            monday = None
        if monday is not None and DATE_MIN <= monday <= DATE_MAX - timedelta(days=14):
            return monday
    return today - timedelta(days=today.weekday())


def week_name(monday: date) -> str:
    year, week, _day = monday.isocalendar()
    return f"{year}-W{week:02d}"


@dataclass
class Day:
    day: date
    is_today: bool
    appointments: list[Appointment]


def _week(request: HttpRequest) -> tuple[date, datetime, datetime, dict[str, str]]:
    today = timezone.localdate()
    monday = week_start(request.GET.get("week"), today)
    zone = timezone.get_current_timezone()
    start = datetime.combine(monday, time.min, tzinfo=zone)
    end = datetime.combine(monday + timedelta(days=7), time.min, tzinfo=zone)
    nav = {
        "previous": week_name(monday - timedelta(days=7)),
        "next": week_name(monday + timedelta(days=7)),
        "this": week_name(today - timedelta(days=today.weekday())),
        "current": week_name(monday),
    }
    return monday, start, end, nav


def _days(monday: date, appointments: list[Appointment]) -> list[Day]:
    today = timezone.localdate()
    days = [Day(monday + timedelta(days=i), monday + timedelta(days=i) == today, []) for i in range(7)]
    for appointment in appointments:
        index = (timezone.localtime(appointment.starts_at).date() - monday).days
        if 0 <= index < 7:
            days[index].appointments.append(appointment)
    return days


@login_required
@require_GET
def week(request: AuthedRequest) -> HttpResponse:
    """The worker's own week, Monday to Sunday, and the past appointments still to be recorded."""
    monday, start, end, nav = _week(request)
    shown = list(appointments_between(request.user, start, end))
    to_record = list(appointments_to_record(request.user, timezone.now())[:20])
    log_shown(user=request.user, appointments=shown + to_record, view="appointments:week")
    return render(
        request,
        "appointments/week.html",
        {
            "days": _days(monday, shown),
            "nav": nav,
            "monday": monday,
            "sunday": monday + timedelta(days=6),
            "to_record": to_record,
            "detail": uuid_url("appointments:detail", "appointment_id"),
        },
    )


@dataclass
class WorkerRow:
    worker: User
    days: list[Day]


@login_required
@require_GET
def team(request: AuthedRequest) -> HttpResponse:
    """The week of the workers of the user's teams, a row per worker, with the week's cancelled and no-show
    counts."""
    monday, start, end, nav = _week(request)
    workers = list(team_workers(request.user))
    rows = team_appointments_between(request.user, start, end)
    shown = list(rows)
    log_shown(user=request.user, appointments=shown, view="appointments:team")
    by_worker: dict[object, list[Appointment]] = {w.pk: [] for w in workers}
    for appointment in shown:
        by_worker.setdefault(appointment.organiser_id, []).append(appointment)
    return render(
        request,
        "appointments/team.html",
        {
            "rows": [WorkerRow(w, _days(monday, by_worker[w.pk])) for w in workers],
            "weekdays": [monday + timedelta(days=i) for i in range(7)],
            "nav": nav,
            "monday": monday,
            "sunday": monday + timedelta(days=6),
            "counts": closed_counts(rows),
            "detail": uuid_url("appointments:detail", "appointment_id"),
        },
    )


@login_required
def feed_settings(request: AuthedRequest) -> HttpResponse:
    """Make (or make anew) and revoke the secret address of the user's calendar feed."""
    address = ""
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            feed_revoke(actor=request.user)
            messages.success(request, _("The calendar address no longer works."))
            return redirect("appointments:feed_settings")
        token = feed_create(actor=request.user)
        address = request.build_absolute_uri(reverse("appointments:feed", kwargs={"feed_token": token}))
    feed = CalendarFeed.objects.filter(user=request.user).first()
    return render(request, "appointments/feed_settings.html", {"feed": feed, "address": address})


def feed(request: HttpRequest, feed_token: str) -> HttpResponse:
    """The iCalendar feed: no sign-in, the token is the only key. No client's name, no home's address."""
    owner = feed_owner(feed_token)
    if owner is None:
        raise Http404("No such calendar.")
    shown = feed_appointments(owner, timezone.now())
    log_shown(user=owner, appointments=shown, view="appointments:feed")
    detail = uuid_url("appointments:detail", "appointment_id")
    body = feed_calendar(
        shown,
        link=lambda a: request.build_absolute_uri(detail(a.pk)),
        language=(get_language() or "fi")[:2],
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response
