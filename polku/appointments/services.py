"""Every write of appointments: booking, rescheduling, cancelling, no-show, and holding one, which writes
the client's journal entry (asiakaskertomus) in the same transaction.

Two answers of `appointment_book` are questions rather than refusals, each a `ValidationError` with its own
code that the form turns into a button: an appointment that overlaps another booked one of the same worker
(`overlap`: "book anyway" sends `confirm_overlap`), and a start in the past (`in_past`: "did it take
place?", answered by `appointment_record_held`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import urlsplit
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from polku.accounts.models import CLIENT_WORK_ROLES, User
from polku.accounts.selectors import colleagues_of
from polku.appointments.models import (
    DURATION_MAX,
    DURATION_MIN,
    TRANSITIONS,
    Appointment,
    AppointmentKind,
    AppointmentStatus,
)
from polku.audit.models import Action
from polku.audit.services import use_log_write
from polku.casework.models import JournalEntry, JournalKind
from polku.casework.services.journal import journal_write
from polku.clients.models import Client
from polku.clients.selectors import works_with_client
from polku.core.dates import booked, happened_at
from polku.core.formats import moment
from polku.core.models import StaleEditError
from polku.messaging.models import Message, MessageKind
from polku.messaging.services import DETAILS_MAX_LENGTH, message_language, message_send
from polku.provision.models import ServiceEpisode

TEXT_MAX = 4000
OVERLAP = "overlap"
IN_PAST = "in_past"


@dataclass
class Booking:
    """What a booking says, as a form or the API gives it."""

    kind: str
    starts_at: datetime
    duration_minutes: int
    place: str = ""
    video_link: str = ""
    colleagues: Sequence[User] = field(default_factory=list)
    episode: ServiceEpisode | None = None
    partner: str = ""
    client_takes_part: bool = True


def _may_work(actor: User, client: Client) -> None:
    if actor.role not in CLIENT_WORK_ROLES or not works_with_client(actor, client):
        raise PermissionDenied(_("Only the client's workers book and record the client's appointments."))


def _log(actor: User, appointment: Appointment, view: str) -> None:
    use_log_write(
        actor=actor,
        client_ids=[appointment.client_id],
        view=view,
        object_type="appointment",
        object_id=str(appointment.pk),
        action=Action.WRITE,
    )


def _has_nul(*texts: str) -> bool:
    return any("\x00" in t for t in texts)


def _check_time(
    errors: dict[str, list[str]], starts_at: datetime, duration_minutes: int, *, now: datetime
) -> None:
    if not isinstance(duration_minutes, int) or not DURATION_MIN <= duration_minutes <= DURATION_MAX:
        errors["duration_minutes"] = [
            _("An appointment lasts from %(min)s to %(max)s minutes.")
            % {"min": DURATION_MIN, "max": DURATION_MAX}
        ]
    local = timezone.localtime(starts_at) if timezone.is_aware(starts_at) else starts_at
    if error := booked(local.date(), today=timezone.localdate(now)):
        errors["starts_at"] = [error]


def _check_details(errors: dict[str, list[str]], booking: Booking, *, actor: User, client: Client) -> None:
    if booking.kind not in AppointmentKind.values:
        errors["kind"] = [_("Choose the kind of appointment.")]
    if _has_nul(booking.place, booking.video_link, booking.partner):
        errors["place"] = [_("The text contains a character that cannot be saved.")]
        return
    if len(booking.place) > 200:
        errors["place"] = [_("Write the place in at most 200 characters.")]
    if len(booking.partner) > 200:
        errors["partner"] = [_("Write the partner in at most 200 characters.")]
    if booking.video_link:
        parts = urlsplit(booking.video_link)
        if parts.scheme != "https" or not parts.netloc or len(booking.video_link) > 500:
            errors["video_link"] = [_("Give the video link as an address that starts with https://.")]
    elif booking.kind == AppointmentKind.VIDEO:
        errors["video_link"] = [_("A video meeting needs its link.")]
    if booking.episode is not None:
        if booking.episode.client_id != client.pk:
            errors["episode"] = [_("Choose a service of this client.")]
        elif booking.kind != AppointmentKind.REVIEW:
            errors["episode"] = [_("Only a review meeting names the provider's service.")]
    allowed = set(colleagues_of(actor).values_list("pk", flat=True))
    if any(c.pk not in allowed or c.pk == actor.pk for c in booking.colleagues):
        errors["colleagues"] = [_("Choose other workers of your own teams.")]


def _overlaps(
    worker_ids: Sequence[UUID], starts_at: datetime, ends_at: datetime, exclude: UUID | None = None
) -> list[Appointment]:
    found = (
        Appointment.objects.involving(worker_ids)
        .overlapping(starts_at, ends_at)
        .filter(status=AppointmentStatus.BOOKED)
        .order_by("starts_at")
    )
    if exclude is not None:
        found = found.exclude(pk=exclude)
    return list(found[:5])


def _overlap_warning(found: Iterable[Appointment]) -> ValidationError:
    times = ", ".join(
        f"{moment(a.starts_at)}–{timezone.localtime(a.ends_at):%H:%M} {a.get_kind_display()}" for a in found
    )
    return ValidationError(
        {
            "starts_at": [
                ValidationError(
                    _("This overlaps another booked appointment: %(times)s. Book it anyway?")
                    % {"times": times},
                    code=OVERLAP,
                )
            ]
        }
    )


def is_question(error: ValidationError, code: str) -> bool:
    """Whether `error` is only the question `code` (OVERLAP or IN_PAST), with no refusal beside it."""
    if not hasattr(error, "error_dict"):
        return False
    return all(e.code == code for errors in error.error_dict.values() for e in errors)


@transaction.atomic
def appointment_book(
    *,
    actor: User,
    client: Client,
    booking: Booking,
    confirm_overlap: bool = False,
    now: datetime | None = None,
) -> Appointment:
    """Book an appointment with `client`, organised by `actor`. A start in the past is the question
    IN_PAST (record it as held instead); an overlap with another booked appointment of a worker taking part
    is the question OVERLAP, unless `confirm_overlap`."""
    _may_work(actor, client)
    now = now or timezone.now()
    errors: dict[str, list[str]] = {}
    _check_details(errors, booking, actor=actor, client=client)
    _check_time(errors, booking.starts_at, booking.duration_minutes, now=now)
    if errors:
        raise ValidationError(errors)
    if booking.starts_at < now:
        raise ValidationError(
            {
                "starts_at": [
                    ValidationError(
                        _("This time is in the past. Did the appointment take place?"), code=IN_PAST
                    )
                ]
            }
        )
    ends_at = booking.starts_at + timedelta(minutes=booking.duration_minutes)
    workers = [actor.pk, *(c.pk for c in booking.colleagues)]
    if not confirm_overlap and (found := _overlaps(workers, booking.starts_at, ends_at)):
        raise _overlap_warning(found)
    appointment = _create(actor, client, booking, ends_at, AppointmentStatus.BOOKED)
    _log(actor, appointment, "appointments:client")
    return appointment


def _create(actor: User, client: Client, booking: Booking, ends_at: datetime, status: str) -> Appointment:
    appointment = Appointment.objects.create(
        client=client,
        organiser=actor,
        kind=booking.kind,
        starts_at=booking.starts_at,
        duration_minutes=booking.duration_minutes,
        ends_at=ends_at,
        place=booking.place.strip(),
        video_link=booking.video_link.strip(),
        episode=booking.episode,
        partner=booking.partner.strip(),
        client_takes_part=booking.client_takes_part,
        status=status,
        created_by=actor,
        updated_by=actor,
    )
    if booking.colleagues:
        appointment.colleagues.set(booking.colleagues)
    return appointment


def default_summary(appointment: Appointment) -> str:
    """What the hold form offers as the journal entry's text: kind, time and who took part."""
    people = [str(appointment.organiser), *(str(c) for c in appointment.colleagues.all())]
    if appointment.client_takes_part:
        people.append(_("the client"))
    if appointment.partner:
        people.append(appointment.partner)
    return _("%(kind)s %(time)s, %(minutes)s min. Present: %(people)s.") % {
        "kind": appointment.get_kind_display().capitalize(),
        "time": moment(appointment.starts_at),
        "minutes": appointment.duration_minutes,
        "people": ", ".join(people),
    }


def _journal_text(text: str) -> str:
    if _has_nul(text):
        raise ValidationError({"text": [_("The text contains a character that cannot be saved.")]})
    text = text.strip()
    if not text:
        raise ValidationError({"text": [_("Write what happened in the appointment.")]})
    if len(text) > TEXT_MAX:
        raise ValidationError({"text": [_("Write at most %(max)s characters.") % {"max": TEXT_MAX}]})
    return text


@transaction.atomic
def appointment_record_held(
    *, actor: User, client: Client, booking: Booking, text: str, now: datetime | None = None
) -> Appointment:
    """An appointment that already took place, recorded afterwards: held at once, with its journal entry."""
    _may_work(actor, client)
    now = now or timezone.now()
    errors: dict[str, list[str]] = {}
    _check_details(errors, booking, actor=actor, client=client)
    _check_time(errors, booking.starts_at, booking.duration_minutes, now=now)
    if "starts_at" not in errors and (error := happened_at(booking.starts_at, now=now)):
        errors["starts_at"] = [error]
    if errors:
        raise ValidationError(errors)
    text = _journal_text(text)
    ends_at = booking.starts_at + timedelta(minutes=booking.duration_minutes)
    appointment = _create(actor, client, booking, ends_at, AppointmentStatus.HELD)
    entry = journal_write(
        actor=actor, client=client, kind=JournalKind.MEETING, summary=text, at=booking.starts_at
    )
    Appointment.objects.filter(pk=appointment.pk).update(journal_entry=entry, status_at=now)
    appointment.journal_entry = entry
    appointment.status_at = now
    _log(actor, appointment, "appointments:client")
    return appointment


@transaction.atomic
def appointment_hold(
    *,
    actor: User,
    appointment: Appointment,
    expected_version: int | None,
    text: str,
    now: datetime | None = None,
) -> JournalEntry:
    """The appointment took place: it becomes the client's journal entry (a meeting, at its start), in
    this transaction. Asked twice (a double click), the second answer is the first one's entry."""
    _may_work(actor, appointment.client)
    if appointment.status == AppointmentStatus.HELD and appointment.journal_entry_id is not None:
        return JournalEntry.objects.get(pk=appointment.journal_entry_id)
    TRANSITIONS.check(appointment.status, AppointmentStatus.HELD)
    now = now or timezone.now()
    if error := happened_at(appointment.starts_at, now=now):
        raise ValidationError({"text": [_("The appointment has not started yet: %(why)s") % {"why": error}]})
    text = _journal_text(text)
    appointment.status = AppointmentStatus.HELD
    appointment.status_at = now
    try:
        appointment.save_versioned(
            actor=actor,
            expected_version=expected_version,
            update_fields=["status", "status_at"],
            where=Q(status=AppointmentStatus.BOOKED),
        )
    except StaleEditError:
        current = Appointment.objects.get(pk=appointment.pk)
        if current.status == AppointmentStatus.HELD and current.journal_entry_id is not None:
            return JournalEntry.objects.get(pk=current.journal_entry_id)
        raise
    entry = journal_write(
        actor=actor,
        client=appointment.client,
        kind=JournalKind.MEETING,
        summary=text,
        at=appointment.starts_at,
    )
    Appointment.objects.filter(pk=appointment.pk).update(journal_entry=entry)
    appointment.journal_entry = entry
    _log(actor, appointment, "appointments:detail")
    return entry


def _close(
    *,
    actor: User,
    appointment: Appointment,
    expected_version: int | None,
    status: str,
    reason: str,
    now: datetime | None,
    reason_needed: bool,
) -> Appointment:
    _may_work(actor, appointment.client)
    TRANSITIONS.check(
        appointment.status, status, message=_("The appointment is already %(now)s."), field="reason"
    )
    if _has_nul(reason):
        raise ValidationError({"reason": [_("The text contains a character that cannot be saved.")]})
    reason = reason.strip()
    if reason_needed and not reason:
        raise ValidationError({"reason": [_("Give the reason.")]})
    if len(reason) > TEXT_MAX:
        raise ValidationError({"reason": [_("Write at most %(max)s characters.") % {"max": TEXT_MAX}]})
    appointment.status = status
    appointment.status_reason = reason
    appointment.status_at = now or timezone.now()
    appointment.save_versioned(
        actor=actor,
        expected_version=expected_version,
        update_fields=["status", "status_reason", "status_at"],
        where=Q(status=AppointmentStatus.BOOKED),
    )
    _log(actor, appointment, "appointments:detail")
    return appointment


@transaction.atomic
def appointment_cancel(
    *,
    actor: User,
    appointment: Appointment,
    expected_version: int | None,
    reason: str,
    now: datetime | None = None,
) -> Appointment:
    """Cancel a booked appointment, with the reason (kept and counted)."""
    return _close(
        actor=actor,
        appointment=appointment,
        expected_version=expected_version,
        status=AppointmentStatus.CANCELLED,
        reason=reason,
        now=now,
        reason_needed=True,
    )


@transaction.atomic
def appointment_no_show(
    *,
    actor: User,
    appointment: Appointment,
    expected_version: int | None,
    reason: str = "",
    now: datetime | None = None,
) -> Appointment:
    """The client did not come (kept and counted); only once the appointment has started."""
    now = now or timezone.now()
    if appointment.starts_at > now:
        raise ValidationError({"reason": [_("The appointment has not started yet.")]})
    return _close(
        actor=actor,
        appointment=appointment,
        expected_version=expected_version,
        status=AppointmentStatus.NO_SHOW,
        reason=reason,
        now=now,
        reason_needed=False,
    )


@transaction.atomic
def appointment_reschedule(
    *,
    actor: User,
    appointment: Appointment,
    expected_version: int | None,
    starts_at: datetime,
    duration_minutes: int,
    place: str,
    video_link: str,
    confirm_overlap: bool = False,
    now: datetime | None = None,
) -> Appointment:
    """Move a booked appointment (to a future time) or change its place; a save based on an old reading is
    refused (`StaleEditError`)."""
    _may_work(actor, appointment.client)
    if appointment.status != AppointmentStatus.BOOKED:
        raise ValidationError(
            _("Only a booked appointment can be moved; this one is %(now)s.")
            % {"now": appointment.get_status_display()}
        )
    now = now or timezone.now()
    booking = Booking(
        kind=appointment.kind,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        place=place,
        video_link=video_link,
        episode=None,
    )
    errors: dict[str, list[str]] = {}
    _check_details(errors, booking, actor=actor, client=appointment.client)
    _check_time(errors, starts_at, duration_minutes, now=now)
    if not errors and starts_at < now:
        errors["starts_at"] = [_("Move the appointment to a time ahead.")]
    if errors:
        raise ValidationError(errors)
    ends_at = starts_at + timedelta(minutes=duration_minutes)
    workers = [appointment.organiser_id, *appointment.colleagues.values_list("pk", flat=True)]
    if not confirm_overlap and (found := _overlaps(workers, starts_at, ends_at, exclude=appointment.pk)):
        raise _overlap_warning(found)
    appointment.starts_at = starts_at
    appointment.duration_minutes = duration_minutes
    appointment.ends_at = ends_at
    appointment.place = place.strip()
    appointment.video_link = video_link.strip()
    appointment.save_versioned(
        actor=actor,
        expected_version=expected_version,
        update_fields=["starts_at", "duration_minutes", "ends_at", "place", "video_link"],
        where=Q(status=AppointmentStatus.BOOKED),
    )
    _log(actor, appointment, "appointments:detail")
    return appointment


def appointment_details(appointment: Appointment, language: str) -> str:
    """What a message to the client says of the appointment, in the client's language: its kind, day and
    time, and where (an office or a video link; never a home visit's address, which is the client's own)."""
    with translation.override(language):
        ends = timezone.localtime(appointment.ends_at)
        parts = [f"{appointment.get_kind_display()} {moment(appointment.starts_at)}–{ends:%H:%M}"]
        if appointment.kind == AppointmentKind.VIDEO and appointment.video_link:
            parts.append(appointment.video_link)
        elif appointment.place and appointment.kind != AppointmentKind.HOME_VISIT:
            parts.append(appointment.place)
    return ", ".join(parts)[:DETAILS_MAX_LENGTH]


def appointment_tell_client(
    *, actor: User, appointment: Appointment, channel: str, confirmed: bool = False
) -> Message:
    """Send the client the appointment's confirmation (a booked one) or the word that it is cancelled, by
    e-mail or SMS through `message_send` (its rules: the client's address, address protection, the
    disclosure log)."""
    if appointment.status not in (AppointmentStatus.BOOKED, AppointmentStatus.CANCELLED):
        raise ValidationError(_("Only a booked or a cancelled appointment is told to the client."))
    if not appointment.client_takes_part:
        raise ValidationError(_("The client does not take part in this appointment."))
    client = appointment.client
    kind = (
        MessageKind.APPOINTMENT_CONFIRMATION
        if appointment.status == AppointmentStatus.BOOKED
        else MessageKind.APPOINTMENT_CHANGE
    )
    return message_send(
        actor=actor,
        client=client,
        kind=kind,
        channel=channel,
        confirmed=confirmed,
        details=appointment_details(appointment, message_language(client)),
    )
