"""Reminders by e-mail: each worker's daily digest of what falls due, and a same-day notice of urgent
initiations; run by `polku worker` every minute (settings.POLKU_WORKER_SCHEDULE: `send_reminders`).

- Idempotent: a `Reminder` row is unique per (user, kind, day); rows are made with one insert that
  ignores conflicts, and each sending attempt is claimed with a conditional UPDATE (attempts = n -> n+1),
  so two workers running at once never send the same reminder twice.
- Retried: a failed send waits 2, 4, 8, 16 minutes, up to MAX_ATTEMPTS; then it stays FAILED and the home
  page shows it ("the reminder of 4.12. could not be sent: ...").
- No client data leaves the system: the mail holds counts, kinds and dates, and links to Polku's pages;
  no client's name, henkilötunnus or id. So no use-log row is written (the use log records who read a
  client's data); the `Reminder` rows are the log of what was sent to whom, when, after how many attempts
  and with what error (the security log records refusals, and a reminder is none).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from polku.accounts.models import User
from polku.accounts.selectors import teams_of
from polku.casework.models import Initiation, InitiationStatus
from polku.core.attempts import claim_attempt
from polku.core.models import StaleEditError
from polku.workday.models import Reminder, ReminderKind, ReminderSetting, ReminderStatus
from polku.workday.worklist import SECTIONS, Section, work_for

MAX_ATTEMPTS = 5
FIRST_RETRY = timedelta(minutes=2)  # then 4, 8, 16 minutes


def _setting(user: User) -> ReminderSetting:
    try:
        return user.reminder_setting  # type: ignore[attr-defined,no-any-return]
    except ReminderSetting.DoesNotExist:
        return ReminderSetting(user=user)


def _urgent_today(user: User, now: datetime) -> int:
    """Urgent initiations of today given to the user, or untaken in the user's teams."""
    start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return (
        Initiation.objects.filter(urgent=True, initiated_at__gte=start, status=InitiationStatus.NEW)
        .filter(Q(assigned_to=user) | Q(assigned_to__isnull=True, team__in=teams_of(user).values("pk")))
        .count()
    )


def _due_users(now: datetime) -> list[Reminder]:
    """The reminders that fall due now and have no row yet, as unsaved rows."""
    local = timezone.localtime(now)
    today = local.date()
    rows = []
    users = (
        User.objects.filter(is_active=True, role__in=list(SECTIONS))
        .exclude(email="")
        .select_related("reminder_setting")
        .exclude(reminders__day=today, reminders__kind=ReminderKind.DIGEST)
    )
    for user in users:
        setting = _setting(user)
        if setting.daily_digest and local.hour >= setting.digest_hour:
            rows.append(Reminder(user=user, kind=ReminderKind.DIGEST, day=today, next_attempt_at=now))
    return rows


def _link(path: str) -> str:
    return f"{settings.POLKU_PUBLIC_URL}{path}"


def digest_body(user: User, sections: list[Section]) -> tuple[str, str, int]:
    """Subject, body and the number of items: counts, kinds and dates with links, no client data."""
    lines = []
    items = 0
    for section in sections:
        dated = [row for row in section.rows if row.due is not None and (row.overdue or row.due_today)]
        if not section.total:
            continue
        items += section.total
        overdue = sum(1 for row in dated if row.overdue)
        line = f"- {section.title}: {section.total}"
        if overdue:
            line += " (" + ngettext("%(n)s overdue", "%(n)s overdue", overdue) % {"n": overdue} + ")"
        dates = sorted({row.due for row in dated if row.due is not None})
        if dates:
            line += " — " + ", ".join(date_format(d, "j.n.") for d in dates[:5])
        lines.append(line)
        lines.append("  " + _link(section.more_url or reverse("workday:home")))
    subject = _("Polku: %(n)s items waiting for you") % {"n": items}
    body = "\n".join(
        [
            _("What is waiting for you in Polku:"),
            "",
            *lines,
            "",
            _link(reverse("workday:home")),
            "",
            _("You can choose what reminders you receive: %(url)s")
            % {"url": _link(reverse("workday:reminders"))},
        ]
    )
    return subject, body, items


def urgent_body(count: int) -> tuple[str, str]:
    subject = _("Polku: an urgent initiation today")
    body = "\n".join(
        [
            _("%(n)s urgent initiation(s) came in today for you or your team.") % {"n": count},
            "",
            _link(reverse("casework:queue")),
        ]
    )
    return subject, body


def _claim(reminder: Reminder, now: datetime) -> bool:
    """Take this attempt (`claim_attempt`): only one process can move attempts from n to n+1."""
    return claim_attempt(
        Reminder.objects.filter(status__in=(ReminderStatus.PENDING, ReminderStatus.FAILED)),
        reminder.pk,
        attempts=reminder.attempts,
        now=now,
        first_retry=FIRST_RETRY,
    )


def _send(reminder: Reminder, now: datetime) -> None:
    user = reminder.user
    with translation.override(settings.LANGUAGE_CODE):
        if reminder.kind == ReminderKind.DIGEST:
            subject, body, items = digest_body(
                user, work_for(user, view="workday:reminder", today=reminder.day, log=False)
            )
        else:
            items = _urgent_today(user, now)
            subject, body = urgent_body(items)
    if not items:
        Reminder.objects.filter(pk=reminder.pk).update(status=ReminderStatus.SENT, sent_at=now, items=0)
        return
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    except Exception as error:
        Reminder.objects.filter(pk=reminder.pk).update(
            status=ReminderStatus.FAILED, last_error=str(error)[:500]
        )
        return
    Reminder.objects.filter(pk=reminder.pk).update(
        status=ReminderStatus.SENT, sent_at=now, items=items, last_error=""
    )


def send_reminders(now: datetime | None = None) -> int:
    """Make today's due reminder rows, then send every one whose attempt is due; returns how many were
    attempted by this process."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    Reminder.objects.bulk_create(_due_users(now), ignore_conflicts=True)
    # Urgent notices: one a day per user, when something urgent came in today.
    urgent_users = [
        user
        for user in User.objects.filter(is_active=True, role__in=list(SECTIONS))
        .exclude(email="")
        .exclude(reminders__day=today, reminders__kind=ReminderKind.URGENT)
        .select_related("reminder_setting")
        if _setting(user).urgent_notices and _urgent_today(user, now)
    ]
    Reminder.objects.bulk_create(
        [
            Reminder(user=user, kind=ReminderKind.URGENT, day=today, next_attempt_at=now)
            for user in urgent_users
        ],
        ignore_conflicts=True,
    )
    attempted = 0
    for reminder in Reminder.objects.filter(
        status__in=(ReminderStatus.PENDING, ReminderStatus.FAILED),
        attempts__lt=MAX_ATTEMPTS,
        next_attempt_at__lte=now,
    ).select_related("user"):
        if _claim(reminder, now):
            attempted += 1
            _send(reminder, now)
    return attempted


def failed_reminders(user: User) -> list[Reminder]:
    """Reminders of the last week that could not be sent (the home page shows them)."""
    since = timezone.localdate() - timedelta(days=7)
    return list(
        Reminder.objects.filter(user=user, status=ReminderStatus.FAILED, day__gte=since).order_by("-day")[:3]
    )


def reminder_setting_save(setting: ReminderSetting, *, expected_version: int) -> ReminderSetting:
    """Save what reminders a worker receives: a new row, or the row read at `expected_version` (a save
    based on an older reading raises StaleEditError and changes nothing)."""
    if setting._state.adding:
        setting.save()
        return setting
    saved = ReminderSetting.objects.filter(pk=setting.pk, version=expected_version).update(
        daily_digest=setting.daily_digest,
        digest_hour=setting.digest_hour,
        urgent_notices=setting.urgent_notices,
        version=F("version") + 1,
    )
    if saved != 1:
        raise StaleEditError()
    setting.version = expected_version + 1
    return setting
