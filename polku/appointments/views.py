"""The client's appointments (book one, or record one that took place) and an appointment's page (hold,
cancel, no-show, move)."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from polku.accounts.models import CLIENT_WORK_ROLES, AuthedRequest
from polku.appointments.forms import (
    MOMENT_FORMAT,
    BookingForm,
    HoldForm,
    ReasonForm,
    RescheduleForm,
    TellForm,
)
from polku.appointments.models import Appointment, AppointmentStatus
from polku.appointments.selectors import (
    appointment_get_for_user,
    client_appointments,
    log_shown,
    review_episodes,
)
from polku.appointments.services import (
    IN_PAST,
    OVERLAP,
    appointment_book,
    appointment_cancel,
    appointment_hold,
    appointment_no_show,
    appointment_record_held,
    appointment_reschedule,
    appointment_tell_client,
    default_summary,
    is_question,
)
from polku.clients.selectors import client_get_for_user
from polku.core.forms import add_refusal, posted_version
from polku.messaging.models import Channel

RECENT = 10


def _split(appointments: list[Appointment]) -> tuple[list[Appointment], list[Appointment]]:
    now = timezone.now()
    upcoming = [a for a in appointments if a.ends_at >= now and a.status == AppointmentStatus.BOOKED]
    recent = [a for a in reversed(appointments) if a not in upcoming][:RECENT]
    return upcoming, recent


@login_required
def client_view(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    """The client's upcoming and recent appointments, and the booking form."""
    client = client_get_for_user(user=request.user, client_id=client_id, view="appointments:client")
    may_book = request.user.role in CLIENT_WORK_ROLES
    episodes = review_episodes(client)
    posted = request.method == "POST"
    form = BookingForm(request.POST if posted else None, user=request.user, client=client, episodes=episodes)
    question = ""
    problem = ""
    if request.method == "POST" and may_book and form.is_valid():
        record = request.POST.get("action") == "record_held"
        try:
            if record:
                appointment = appointment_record_held(
                    actor=request.user, client=client, booking=form.booking(), text=form.cleaned_data["text"]
                )
            else:
                appointment = appointment_book(
                    actor=request.user,
                    client=client,
                    booking=form.booking(),
                    confirm_overlap=form.cleaned_data["confirm_overlap"],
                )
        except (ValidationError, PermissionDenied) as exc:
            if isinstance(exc, ValidationError):
                question = (
                    OVERLAP if is_question(exc, OVERLAP) else IN_PAST if is_question(exc, IN_PAST) else ""
                )
            if record:  # still answering "did it take place?": keep the journal entry's field on the form
                question = IN_PAST
            add_refusal(form, exc)
        else:
            if record:
                messages.success(request, _("The appointment was recorded as held and is on the timeline."))
            else:
                messages.success(request, _("The appointment was booked."))
            return redirect("appointments:detail", appointment_id=appointment.pk)
    elif posted and not may_book:
        problem = _("Only the client's workers book and record the client's appointments.")
    upcoming, recent = _split(list(client_appointments(client)))
    return render(
        request,
        "appointments/client.html",
        {
            "client": client,
            "form": form,
            "may_book": may_book,
            "question": question,
            "problem": problem,
            "upcoming": upcoming,
            "recent": recent,
            "has_episodes": bool(form.fields["episode"].queryset),  # type: ignore[attr-defined]
        },
    )


@login_required
def client_section(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    """The section of the client process page (loaded into it with htmx): the coming appointments."""
    client = client_get_for_user(user=request.user, client_id=client_id, view="appointments:client_section")
    upcoming, recent = _split(list(client_appointments(client)))
    log_shown(user=request.user, appointments=upcoming + recent, view="appointments:client_section")
    return render(
        request,
        "appointments/_client_section.html",
        {"client": client, "upcoming": upcoming, "recent": recent[:3]},
    )


@login_required
def detail(request: AuthedRequest, appointment_id: UUID) -> HttpResponse:
    """An appointment, and what its worker records of it: held (the journal entry), cancelled, no-show,
    moved."""
    appointment = appointment_get_for_user(
        user=request.user, appointment_id=appointment_id, view="appointments:detail"
    )
    action = request.POST.get("action", "") if request.method == "POST" else ""
    data = request.POST if request.method == "POST" else None
    hold = HoldForm(data if action == "hold" else None, initial={"text": default_summary(appointment)})
    cancel = ReasonForm(data if action == "cancel" else None, prefix="cancel")
    no_show = ReasonForm(data if action == "no_show" else None, prefix="no_show")
    local = timezone.localtime(appointment.starts_at)
    move = RescheduleForm(
        data if action == "reschedule" else None,
        initial={
            "starts_at": local.strftime(MOMENT_FORMAT),
            "duration_minutes": appointment.duration_minutes,
            "place": appointment.place,
            "video_link": appointment.video_link,
        },
    )
    tell = TellForm(data if action == "tell" else None, prefix="tell")
    forms = {"hold": hold, "cancel": cancel, "no_show": no_show, "reschedule": move, "tell": tell}
    overlap = False
    problem = ""
    if request.method == "POST":
        form = forms.get(action)
        if form is None:
            problem = _("Choose what to record.")
        elif request.user.role not in CLIENT_WORK_ROLES:
            problem = _("Only the client's workers book and record the client's appointments.")
        elif form.is_valid():
            version = posted_version(request)
            try:
                _act(request, appointment, action, form.cleaned_data, version)
            except (ValidationError, PermissionDenied) as exc:
                overlap = isinstance(exc, ValidationError) and is_question(exc, OVERLAP)
                add_refusal(form, exc)
            else:
                if action == "hold":
                    return redirect("casework:timeline", client_id=appointment.client_id)
                return redirect("appointments:detail", appointment_id=appointment.pk)
    return render(
        request,
        "appointments/detail.html",
        {
            "appointment": appointment,
            "client": appointment.client,
            "colleagues": list(appointment.colleagues.all()),
            "may_record": request.user.role in CLIENT_WORK_ROLES and appointment.is_booked,
            "may_tell": request.user.role in CLIENT_WORK_ROLES
            and appointment.client_takes_part
            and appointment.status in (AppointmentStatus.BOOKED, AppointmentStatus.CANCELLED)
            and appointment.ends_at > timezone.now(),
            "started": appointment.starts_at <= timezone.now(),
            "forms": forms,
            "action": action,
            "overlap": overlap,
            "problem": problem,
        },
    )


def _act(request: AuthedRequest, appointment: Appointment, action: str, data: dict, version: int) -> None:
    actor = request.user
    if action == "tell":
        message = appointment_tell_client(
            actor=actor, appointment=appointment, channel=data["channel"], confirmed=data["confirmed"]
        )
        messages.success(
            request,
            _("The message was sent to the client by e-mail.")
            if message.channel == Channel.EMAIL
            else _("The message was sent to the client by SMS."),
        )
    elif action == "hold":
        appointment_hold(actor=actor, appointment=appointment, expected_version=version, text=data["text"])
        messages.success(request, _("The appointment was recorded as held and is on the timeline."))
    elif action == "cancel":
        appointment_cancel(
            actor=actor, appointment=appointment, expected_version=version, reason=data["reason"]
        )
        messages.success(request, _("The appointment was cancelled."))
    elif action == "no_show":
        appointment_no_show(
            actor=actor, appointment=appointment, expected_version=version, reason=data["reason"]
        )
        messages.success(request, _("The appointment was recorded as a no-show."))
    else:
        appointment_reschedule(
            actor=actor,
            appointment=appointment,
            expected_version=version,
            starts_at=data["starts_at"],
            duration_minutes=data["duration_minutes"],
            place=data["place"],
            video_link=data["video_link"],
            confirm_overlap=data["confirm_overlap"],
        )
        messages.success(request, _("The appointment was moved."))
