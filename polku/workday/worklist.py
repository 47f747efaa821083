"""The work list: what is waiting for the signed-in user, by role, overdue first.

The list is a tuple of *section functions* per role (`SECTIONS`). Each takes (user, today) and returns a
`Section` of `WorkRow`s — one shared row type (kind, title, client, due date, overdue, urgency, url) —
at most `SHOWN` rows plus the total and a link to the full list page (or several sections it reads
together). Each costs one query whatever the county's size: the total is a window count beside the rows.
Another app adds a kind of work by writing one more section function and adding it to `SECTIONS` (see
docs/architecture.md, `polku.workday`). A row's address fills its id into the view's address reversed once
(`uuid_url`).

Access: every section reads through the owning app's visibility rule (`visible_to` / `visible_ids`);
`work_for` writes one use-log row per client shown, in one statement.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.cache import cache
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    Window,
)
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from polku.accounts.models import Role, User, person_name
from polku.accounts.selectors import team_ids_of
from polku.appointments.models import AppointmentStatus
from polku.appointments.selectors import appointments_between, booked_appointments
from polku.audit.services import use_log_write
from polku.casework.models import (
    Initiation,
    InitiationStatus,
    JournalEntry,
    JournalKind,
    PreAssessment,
    SpecialSupport,
)
from polku.clients.models import Client, ClientRelationship
from polku.clients.selectors import purpose_for
from polku.consultation.selectors import waiting_for
from polku.core.formats import day as day_text
from polku.core.formats import moment
from polku.core.urls import uuid_url
from polku.decisions.models import Decision, DecisionStatus
from polku.instruments.models import Response, ResponseStatus
from polku.messaging.selectors import failed_messages_for
from polku.plans.models import PlanVersion
from polku.provision.models import Attendance, ServiceEpisode, Session
from polku.registry.models import LogExtractRequest, LogRequestStatus
from polku.reporting.models import ReportRefresh
from polku.structural.selectors import reports_to_read

SHOWN = 10
# The most rows a section without a window count reads to count them.
COUNTED = 100
# A plan review or a service start is "near" when it falls within this many days.
NEAR_DAYS = 14
OPEN = (InitiationStatus.NEW, InitiationStatus.IN_PROGRESS)


@dataclass(frozen=True)
class WorkRow:
    kind: str
    title: str
    url: str
    due: date | None = None
    client_id: UUID | None = None
    client_name: str = ""
    urgent: bool = False
    today: date = field(default_factory=timezone.localdate, compare=False, repr=False)

    @property
    def overdue(self) -> bool:
        return self.due is not None and self.due < self.today

    @property
    def due_today(self) -> bool:
        return self.due is not None and self.due == self.today


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    rows: list[WorkRow]
    total: int
    more_url: str = ""
    empty: str = ""

    @property
    def overdue(self) -> int:
        return sum(1 for row in self.rows if row.overdue)

    @property
    def due_now(self) -> int:
        """Overdue or due today (of the rows shown): the number the navigation shows."""
        return sum(1 for row in self.rows if row.overdue or row.due_today)


def _ordered(rows: list[WorkRow]) -> list[WorkRow]:
    """Overdue first, then by due date (none last), urgent before others on the same day."""
    return sorted(rows, key=lambda r: (not r.overdue, r.due is None, r.due or date.max, not r.urgent))


# The window count beside each row: how many rows the list has before its LIMIT.
TOTAL = "worklist_total_"


def _total(shown: list[Any]) -> int:
    """The list's length as its rows carry it (`TOTAL`), 0 for none."""
    if not shown:
        return 0
    first = shown[0]
    return int(first[TOTAL] if isinstance(first, dict) else getattr(first, TOTAL))


def _first(rows: QuerySet[Any]) -> tuple[list[Any], int]:
    """The first `SHOWN` of an ordered list and how many it has, in one query: the count is a window over
    the whole list, computed before the LIMIT."""
    shown = list(rows.annotate(**{TOTAL: Window(Count("*"))})[:SHOWN])
    return shown, _total(shown)


def _name(first: str, last: str) -> str:
    return f"{last} {first}".strip()


# --- social worker / counsellor / manager: initiations -----------------------------------------------


def _initiation_rows(queryset, today: date, kind: str, title: str) -> tuple[list[WorkRow], int]:  # type: ignore[no-untyped-def]
    values, total = _first(
        queryset.order_by("assessment_complete_due", "initiated_at", "pk").values(
            "pk",
            "client_id",
            "client__first_name",
            "client__last_name",
            "urgent",
            "assessment_start_due",
            "assessment_complete_due",
            "assessment_started_at",
        )
    )
    rows = []
    for v in values:
        due = v["assessment_complete_due"] if v["assessment_started_at"] else v["assessment_start_due"]
        due = due or v["assessment_complete_due"]
        rows.append(
            WorkRow(
                kind=kind,
                title=title,
                url=uuid_url("casework:case", "client_id")(v["client_id"]),
                due=due,
                client_id=v["client_id"],
                client_name=_name(v["client__first_name"], v["client__last_name"]),
                urgent=v["urgent"],
                today=today,
            )
        )
    return _ordered(rows), total


def my_initiations(user: User, today: date) -> Section:
    """Initiations given to me: the assessment to start or finish (SHL 36: 7 weekdays to start, 3 months
    to complete; the organisation's own targets are stored as the same due dates)."""
    queryset = Initiation.objects.visible_to(user).filter(
        status__in=OPEN, assigned_to=user, assessment_completed_at__isnull=True
    )
    rows, total = _initiation_rows(queryset, today, "assessment", _("Assessment to start or finish"))
    return Section(
        "my_initiations",
        _("My assessments"),
        rows,
        total,
        reverse("casework:deadlines"),
        _("No assessment is waiting for you. New ones come from the team queue."),
    )


def untaken_initiations(user: User, today: date) -> Section:
    """Initiations in my teams' queues that no one has taken."""
    # Untaken ones are visible through the user's teams only; naming them lets PostgreSQL read the teams'
    # untaken ones from their index (initiation_untaken_idx) instead of every untaken one of the county.
    queryset = Initiation.objects.visible_to(user).filter(
        team__in=team_ids_of(user), status=InitiationStatus.NEW, assigned_to__isnull=True
    )
    rows, total = _initiation_rows(queryset, today, "untaken", _("Untaken initiation"))
    return Section(
        "untaken",
        _("The team queue: untaken"),
        rows,
        total,
        reverse("casework:queue"),
        _("The team queue is empty."),
    )


def services_to_start(user: User, today: date) -> Section:
    """Decided services that must start within the 3 months of SHL 45 and have not started."""
    # Pending as the deadline board counts them (initiation_team_service_idx).
    pending = Q(status__in=OPEN, service_due__isnull=False, service_started_on__isnull=True)
    queryset = Initiation.objects.visible_to(user).filter(
        pending, service_due__lte=today + timedelta(days=NEAR_DAYS)
    )
    if user.role != Role.TEAM_MANAGER:
        # A worker's own, and the untaken ones of her teams: a union, so that each part reads an index
        # (an OR of the two left PostgreSQL reading every unassigned initiation of the county).
        mine = Initiation.objects.filter(pending, assigned_to=user)
        untaken = Initiation.objects.filter(pending, assigned_to__isnull=True, team__in=team_ids_of(user))
        queryset = queryset.filter(pk__in=mine.order_by().values("pk").union(untaken.order_by().values("pk")))
    values, total = _first(
        queryset.order_by("service_due", "pk").values(
            "client_id", "client__first_name", "client__last_name", "service_due", "urgent"
        )
    )
    rows = [
        WorkRow(
            kind="service_start",
            title=_("Service to start (SHL 45: within 3 months)"),
            url=uuid_url("decisions:client", "client_id")(v["client_id"]),
            due=v["service_due"],
            client_id=v["client_id"],
            client_name=_name(v["client__first_name"], v["client__last_name"]),
            urgent=v["urgent"],
            today=today,
        )
        for v in values
    ]
    return Section(
        "services_to_start",
        _("Services to start"),
        _ordered(rows),
        total,
        reverse("casework:deadlines"),
        _("No decided service is waiting to start."),
    )


def decisions_to_finish(user: User, today: date) -> Section:
    """Decisions to make (drafts) or to notify to the client (decided, not yet notified), of clients the
    user may see; a draft has no due date, a decision to notify is due the day after it was made."""
    queryset = Decision.objects.filter(
        client_id__in=Client.objects.visible_ids(user),
        status__in=(DecisionStatus.DRAFT, DecisionStatus.DECIDED),
    )
    if user.role != Role.TEAM_MANAGER:  # a worker's own drafts and decisions
        queryset = queryset.filter(Q(created_by=user) | Q(decided_by=user))
    values, total = _first(
        queryset.order_by("-status", "decided_at", "pk").values(
            "pk", "client_id", "client__first_name", "client__last_name", "status", "decided_at"
        )
    )
    rows = []
    for v in values:
        decided = v["status"] == DecisionStatus.DECIDED
        due = timezone.localdate(v["decided_at"]) + timedelta(days=1) if decided and v["decided_at"] else None
        rows.append(
            WorkRow(
                kind="decision_notify" if decided else "decision_draft",
                title=_("Decision to notify to the client") if decided else _("Decision to make"),
                url=uuid_url("decisions:detail", "decision_id")(v["pk"]),
                due=due,
                client_id=v["client_id"],
                client_name=_name(v["client__first_name"], v["client__last_name"]),
                today=today,
            )
        )
    return Section(
        "decisions",
        _("Decisions to make or notify"),
        _ordered(rows),
        total,
        "",
        _("No decision is waiting to be made or notified."),
    )


def plan_reviews(user: User, today: date) -> Section:
    """Client plans whose review date (of the plan's newest version) is within two weeks or past."""
    newer = PlanVersion.objects.filter(plan_id=OuterRef("plan_id"), number__gt=OuterRef("number"))
    queryset = PlanVersion.objects.filter(
        plan__client_id__in=Client.objects.visible_ids(user),
        review_date__isnull=False,
        review_date__lte=today + timedelta(days=NEAR_DAYS),
    ).exclude(Exists(newer))
    if user.role != Role.TEAM_MANAGER:  # the worker's own clients: those whose personal worker she is
        queryset = queryset.filter(plan__client_id__in=_personal_clients(user))
    values, total = _first(
        queryset.order_by("review_date", "pk").values(
            "plan__client_id", "plan__client__first_name", "plan__client__last_name", "review_date"
        )
    )
    rows = [
        WorkRow(
            kind="plan_review",
            title=_("Client plan to review"),
            url=uuid_url("plans:client", "client_id")(v["plan__client_id"]),
            due=v["review_date"],
            client_id=v["plan__client_id"],
            client_name=_name(v["plan__client__first_name"], v["plan__client__last_name"]),
            today=today,
        )
        for v in values
    ]
    return Section(
        "plan_reviews",
        _("Plan reviews"),
        _ordered(rows),
        total,
        "",
        _("No client plan is due for review in the next two weeks."),
    )


def log_extract_requests(user: User, today: date) -> Section:
    """Open log extract requests (ATL 11: answered within a month) of clients the user may see."""
    queryset = LogExtractRequest.objects.filter(
        status=LogRequestStatus.OPEN, client_id__in=Client.objects.visible_ids(user)
    )
    # The request keeps a plain client id (it outlives the client's records): the name by subquery.
    client = Client.objects.filter(pk=OuterRef("client_id"))
    values, total = _first(
        queryset.order_by("due_on", "pk")
        .annotate(
            first_name=Subquery(client.values("first_name")),
            last_name=Subquery(client.values("last_name")),
        )
        .values("pk", "client_id", "due_on", "first_name", "last_name")
    )
    rows = [
        WorkRow(
            kind="log_extract",
            title=_("Log extract request to answer"),
            url=uuid_url("casework:log_extract", "log_request_id")(v["pk"]),
            due=v["due_on"],
            client_id=v["client_id"],
            client_name=_name(v["first_name"] or "", v["last_name"] or ""),
            today=today,
        )
        for v in values
    ]
    return Section(
        "log_extracts",
        _("Log extract requests"),
        _ordered(rows),
        total,
        "",
        _("No log extract request is waiting for an answer."),
    )


def overdue_by_worker(user: User, today: date) -> Section:
    """The manager's teams' open initiations past their assessment due date, counted by worker (one
    grouped query); unassigned ones are in the team queue section."""
    per_worker = list(
        Initiation.objects.visible_to(user)
        .filter(status__in=OPEN, assigned_to__isnull=False)
        .filter(
            Q(assessment_started_at__isnull=True, assessment_start_due__lt=today)
            | Q(assessment_completed_at__isnull=True, assessment_complete_due__lt=today)
        )
        .values(
            "assigned_to_id", "assigned_to__first_name", "assigned_to__last_name", "assigned_to__username"
        )
        .annotate(n=Count("pk"))
        .order_by("-n", "assigned_to__last_name")
    )
    rows = [
        WorkRow(
            kind="overdue_by_worker",
            title=_("%(worker)s: %(n)s overdue")
            % {
                "worker": person_name(
                    w["assigned_to__first_name"], w["assigned_to__last_name"], w["assigned_to__username"]
                ),
                "n": w["n"],
            },
            url=reverse("workday:board"),
            today=today,
        )
        for w in per_worker[:SHOWN]
    ]
    return Section(
        "overdue_by_worker",
        _("Overdue by worker"),
        rows,
        len(per_worker),
        reverse("workday:board"),
        _("No worker of your teams has an overdue assessment."),
    )


# --- provider worker -----------------------------------------------------------------------------------


def running_services(user: User, today: date) -> Section:
    """The organisation's running services, the latest started first (as the services page lists them), and
    how many it runs. Two queries: in one with a window count, PostgreSQL joined every running service to its
    client before the LIMIT (198 ms for a provider running 13,472 at a million clients), and oldest first it
    read ten years of ended services before the first running one."""
    running = ServiceEpisode.objects.visible_to(user)
    values = list(
        running.latest_first().values(
            "pk",
            "client_id",
            "client__first_name",
            "client__last_name",
            "name",
            "kind",
            "start_date",
            "end_date",
        )[:SHOWN]
    )
    total = running.count()
    rows = [
        WorkRow(
            kind="episode",
            title=v["name"] or _("Service"),
            url=uuid_url("services:episode", "episode_id")(v["pk"]),
            due=v["end_date"],
            client_id=v["client_id"],
            client_name=_name(v["client__first_name"], v["client__last_name"]),
            today=today,
        )
        for v in values
    ]
    return Section(
        "running_services",
        _("Running services"),
        rows,
        total,
        reverse("services:home"),
        _("Your organisation runs no services now; referrals appear here when a service is ordered."),
    )


def sessions_this_week(user: User, today: date) -> Section:
    """Group sessions of the provider's organisation today and this week (Monday to Sunday), and earlier
    sessions of the last two weeks whose attendance is not marked at all."""
    if user.role != Role.PROVIDER_WORKER or user.organisation_id is None:
        return Section("sessions", _("Sessions"), [], 0)
    monday = today - timedelta(days=today.weekday())
    marked = Attendance.objects.filter(session_id=OuterRef("pk"))
    queryset = Session.objects.filter(group__provider_id=user.organisation_id).filter(
        Q(date__gte=today, date__lte=monday + timedelta(days=6))
        | Q(~Exists(marked), date__lt=today, date__gte=today - timedelta(days=14))
    )
    values, total = _first(
        queryset.order_by("date", "pk").values("pk", "group_id", "group__name", "date", "topic")
    )
    rows = []
    for v in values:
        past = v["date"] < today
        rows.append(
            WorkRow(
                kind="attendance" if past else "session",
                title=(_("Attendance not marked: %(group)s") if past else _("Session: %(group)s"))
                % {"group": v["group__name"]},
                url=uuid_url("services:group", "group_id")(v["group_id"]),
                due=v["date"],
                today=today,
            )
        )
    return Section(
        "sessions",
        _("Sessions today and this week"),
        _ordered(rows),
        total,
        reverse("services:home"),
        _("No group session this week, and every earlier session's attendance is marked."),
    )


# --- from the other apps: appointments, messages, decisions, clients' answers ------------------------------


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def appointments(user: User, today: date) -> tuple[Section, Section]:
    """Two sections from one query of the user's booked appointments: today's that have not ended yet, in
    their order, and those that have ended without their outcome recorded: did it take place? (held, and
    its journal entry; cancelled; or the client did not come), due on their own day."""
    now = timezone.now()
    ended = Q(ends_at__lte=now)
    booked = (
        booked_appointments(user)
        .filter(
            ended
            | Q(
                starts_at__gte=_local_midnight(today),
                starts_at__lt=_local_midnight(today + timedelta(days=1)),
            )
        )
        # A row names its client and no colleague: no query for them, and the few columns it shows.
        .prefetch_related(None)
        .select_related(None)
        .select_related("client")
        .only("pk", "client_id", "kind", "starts_at", "client__first_name", "client__last_name")
        .annotate(worklist_ended_=ExpressionWrapper(ended, output_field=BooleanField()))
    )
    by_kind = F("worklist_ended_")
    shown = list(
        booked.annotate(**{TOTAL: Window(Count("*"), partition_by=by_kind)})
        .annotate(worklist_nth=Window(RowNumber(), partition_by=by_kind, order_by=("starts_at", "pk")))
        .filter(worklist_nth__lte=SHOWN)
    )
    todays = [a for a in shown if not a.worklist_ended_]
    unrecorded = [a for a in shown if a.worklist_ended_]
    return (
        Section(
            "appointments",
            _("Today's appointments"),
            [
                WorkRow(
                    kind="appointment",
                    title=f"{timezone.localtime(a.starts_at):%H:%M} {a.get_kind_display()}",
                    url=uuid_url("appointments:detail", "appointment_id")(a.pk),
                    due=today,
                    client_id=a.client_id,
                    client_name=_name(a.client.first_name, a.client.last_name),
                    today=today,
                )
                for a in todays
            ],
            _total(todays),
            reverse("appointments:week"),
            _("No appointment today."),
        ),
        Section(
            "appointments_to_record",
            _("Appointments to record"),
            _ordered(
                [
                    WorkRow(
                        kind="appointment_to_record",
                        title=_("Did it take place? %(kind)s %(time)s")
                        % {"kind": a.get_kind_display(), "time": moment(a.starts_at)},
                        url=uuid_url("appointments:detail", "appointment_id")(a.pk),
                        due=timezone.localdate(a.starts_at),
                        client_id=a.client_id,
                        client_name=_name(a.client.first_name, a.client.last_name),
                        today=today,
                    )
                    for a in unrecorded
                ]
            ),
            _total(unrecorded),
            reverse("appointments:week"),
            _("Every past appointment is recorded."),
        ),
    )


def appointments_today(user: User, today: date) -> Section:
    """Today's appointments alone (a service advisor records no outcomes here)."""
    return appointments(user, today)[0]


def special_support_unmet(user: User, today: date) -> Section:
    """The worker's clients needing special support (SHL 3 and 42) not met within the organisation's
    interval: no meeting or review meeting on their timeline in `POLKU_SPECIAL_SUPPORT_MEETING_DAYS` days.
    The plan's "how often we meet" is the client's and the worker's own words, so the interval is a
    setting; due on the day the interval ran out (from the last meeting, or from the determination)."""
    every = timedelta(days=settings.POLKU_SPECIAL_SUPPORT_MEETING_DAYS)
    met = JournalEntry.objects.filter(
        client_id=OuterRef("client_id"), kind__in=(JournalKind.MEETING, JournalKind.REVIEW)
    )
    queryset = (
        SpecialSupport.objects.filter(client_id__in=_personal_clients(user))
        .in_force(today)
        .exclude(Exists(met.filter(at__gte=_local_midnight(today) - every)))
        .annotate(last_met=Subquery(met.order_by("-at").values("at")[:1]))
    )
    values, total = _first(
        queryset.order_by("determined_on", "pk").values(
            "client_id", "client__first_name", "client__last_name", "determined_on", "last_met"
        )
    )
    rows = []
    for v in values:
        last = timezone.localdate(v["last_met"]) if v["last_met"] else None
        rows.append(
            WorkRow(
                kind="special_support_meeting",
                title=_("Client needing special support, last met %(day)s") % {"day": day_text(last)}
                if last
                else _("Client needing special support, not met since the determination"),
                url=uuid_url("casework:case", "client_id")(v["client_id"]),
                due=(last or v["determined_on"]) + every,
                client_id=v["client_id"],
                client_name=_name(v["client__first_name"], v["client__last_name"]),
                today=today,
            )
        )
    return Section(
        "special_support",
        _("Special support: time to meet"),
        _ordered(rows),
        total,
        "",
        _("Every client of yours needing special support has been met within the interval."),
    )


def failed_messages(user: User, today: date) -> Section:
    """Messages the user sent to clients that could not be delivered (given up, or waiting for another
    attempt after a failure): to send again or to give by other means."""
    failed = failed_messages_for(user).only(
        "pk", "kind", "client_id", "created_at", "client__first_name", "client__last_name"
    )
    shown, total = _first(failed)
    rows = [
        WorkRow(
            kind="message_failed",
            title=_("A message to the client was not delivered: %(kind)s") % {"kind": m.get_kind_display()},
            url=uuid_url("casework:case", "client_id")(m.client_id),
            due=timezone.localdate(m.created_at),
            client_id=m.client_id,
            client_name=_name(m.client.first_name, m.client.last_name),
            today=today,
        )
        for m in shown
    ]
    return Section(
        "messages", _("Messages not delivered"), _ordered(rows), total, "", _("Every message was delivered.")
    )


def answers_to_read(user: User, today: date) -> Section:
    """The worker's own clients' answers of the last two weeks: pre-assessments and self-assessments (an
    answer is read, not due: its rows have no date that could make them overdue)."""
    since = timezone.now() - timedelta(days=NEAR_DAYS)
    clients = _personal_clients(user)
    columns = ("client_id", "client__first_name", "client__last_name", "at", "answer")
    pre = (
        PreAssessment.objects.filter(client_id__in=clients, used_at__gte=since)
        .annotate(at=F("used_at"), answer=Value(""))
        .values(*columns)
        .order_by()
    )
    answered = (
        Response.objects.filter(
            client_id__in=clients, status=ResponseStatus.COMPLETED, answered_at__gte=since
        )
        .annotate(at=F("answered_at"), answer=F("instrument_code"))
        .values(*columns)
        .order_by()
    )
    # One query for both kinds; the section counts up to `COUNTED` answers (two weeks of one worker's own).
    both = list(pre.union(answered, all=True).order_by("-at", "client_id")[:COUNTED])
    rows = [
        WorkRow(
            kind="self_assessment" if v["answer"] else "pre_assessment",
            title=(
                _("Self-assessment answered %(day)s") if v["answer"] else _("Pre-assessment answered %(day)s")
            )
            % {"day": day_text(timezone.localdate(v["at"]))},
            url=uuid_url("instruments:client" if v["answer"] else "casework:case", "client_id")(
                v["client_id"]
            ),
            client_id=v["client_id"],
            client_name=_name(v["client__first_name"], v["client__last_name"]),
            today=today,
        )
        for v in both[:SHOWN]
    ]
    return Section(
        "answers",
        _("My clients' answers (two weeks)"),
        rows,
        len(both),
        "",
        _("No client has answered in the last two weeks."),
    )


def contacts_today(user: User, today: date) -> Section:
    """Contacts from other authorities that came to the user's teams today (an advisor checks that each
    has what the team needs)."""
    queryset = Initiation.objects.visible_to(user).filter(
        team__in=team_ids_of(user), contact__isnull=False, initiated_at__gte=_local_midnight(today)
    )
    values, total = _first(
        queryset.order_by("-urgent", "initiated_at", "pk").values(
            "client_id", "client__first_name", "client__last_name", "urgent", "contact__sender_organisation"
        )
    )
    rows = [
        WorkRow(
            kind="contact",
            title=_("Contact from %(sender)s") % {"sender": v["contact__sender_organisation"]},
            url=uuid_url("casework:case", "client_id")(v["client_id"]),
            client_id=v["client_id"],
            client_name=_name(v["client__first_name"], v["client__last_name"]),
            urgent=v["urgent"],
            today=today,
        )
        for v in values
    ]
    return Section(
        "contacts_today",
        _("Contacts received today"),
        rows,
        total,
        reverse("casework:queue"),
        _("None yet today."),
    )


def social_reports_to_read(user: User, today: date) -> Section:
    """Social reports of the manager's teams waiting for her first reading."""
    waiting = reports_to_read(user)
    rows = [
        WorkRow(
            kind="social_report",
            title=_("Social report to read: %(title)s") % {"title": report.title},
            url=uuid_url("structural:report_detail", "report_id")(report.pk),
            today=today,
        )
        for report in waiting[:SHOWN]
    ]
    return Section(
        "social_reports",
        _("Social reports to read first"),
        rows,
        len(waiting),
        reverse("structural:reports"),
        _("No social report is waiting for your reading."),
    )


def consultations(user: User, today: date) -> Section:
    """Consultations asked of the user that wait for an answer, and answers to the user's own: the asker's
    notice of an answer. Subjects only: a subject never names a client (polku.consultation.services)."""
    rows, total = _first(waiting_for(user).only("pk", "subject", "asker_id"))
    return Section(
        "consultations",
        _("Consultations"),
        [
            WorkRow(
                kind="consultation",
                title=(
                    _("Answer to your consultation: %(subject)s")
                    if c.asker_id == user.pk
                    else _("Consultation to answer: %(subject)s")
                )
                % {"subject": c.subject},
                url=uuid_url("consultation:detail", "consultation_id")(c.pk),
                today=today,
            )
            for c in rows
        ],
        total,
        reverse("consultation:list"),
        _("No consultation waits for you."),
    )


def review_meetings(user: User, today: date) -> Section:
    """The provider's review meetings with the client's worker in the coming week."""
    start = _local_midnight(today)
    meetings = list(
        appointments_between(user, start, start + timedelta(days=8))
        .filter(status=AppointmentStatus.BOOKED)
        .prefetch_related(None)[: SHOWN + 1]
    )
    rows = [
        WorkRow(
            kind="review_meeting",
            title=_("Review meeting %(time)s") % {"time": moment(a.starts_at)},
            url=uuid_url("appointments:detail", "appointment_id")(a.pk),
            due=timezone.localdate(a.starts_at),
            client_id=a.client_id,
            client_name=_name(a.client.first_name, a.client.last_name),
            today=today,
        )
        for a in meetings[:SHOWN]
    ]
    return Section(
        "review_meetings",
        _("Review meetings this week"),
        rows,
        len(meetings),
        "",
        _("No review meeting is booked."),
    )


REFRESHED_REPORTS = (
    ("deadlines", "reporting:deadline_compliance", lambda: _("Deadline compliance")),
    ("esr", "reporting:esr", lambda: _("ESR participant table")),
    ("caseloads", "reporting:caseloads", lambda: _("Caseloads")),
    ("services", "reporting:monitoring_dashboard", lambda: _("Monitoring dashboard")),
)


def reports(user: User, today: date) -> Section:
    """The reports, each with the time its data was last refreshed (the pre-aggregated tables)."""
    refreshed = dict(ReportRefresh.objects.values_list("table", "refreshed_at"))
    rows = [
        WorkRow(
            kind="report",
            title=_("%(report)s: data of %(time)s")
            % {
                "report": label(),
                "time": moment(refreshed[table]) if table in refreshed else _("not refreshed yet"),
            },
            url=reverse(url_name),
            today=today,
        )
        for table, url_name, label in REFRESHED_REPORTS
    ]
    rows.append(
        WorkRow(
            kind="report",
            title=_("Effectiveness report: data as answered"),
            url=reverse("reporting:effectiveness"),
            today=today,
        )
    )
    return Section("reports", _("Reports"), rows, len(rows), "", "")


def _personal_clients(user: User) -> QuerySet[ClientRelationship, Any]:
    """The clients whose personal worker `user` is (open relationships)."""
    return ClientRelationship.objects.filter(personal_worker=user, ended_at__isnull=True).values("client_id")


# A section function returns its section, or several that it reads in one query.
SectionFunction = Callable[[User, date], Section | tuple[Section, ...]]

WORKER_SECTIONS: tuple[SectionFunction, ...] = (
    appointments,
    my_initiations,
    untaken_initiations,
    decisions_to_finish,
    services_to_start,
    plan_reviews,
    log_extract_requests,
    special_support_unmet,
    answers_to_read,
    consultations,
    failed_messages,
)
SECTIONS: dict[str, tuple[SectionFunction, ...]] = {
    Role.SOCIAL_WORKER: WORKER_SECTIONS,
    Role.SOCIAL_COUNSELLOR: WORKER_SECTIONS,
    Role.SERVICE_ADVISOR: (
        untaken_initiations,
        contacts_today,
        appointments_today,
        failed_messages,
        consultations,
    ),
    Role.TEAM_MANAGER: (
        overdue_by_worker,
        untaken_initiations,
        services_to_start,
        plan_reviews,
        social_reports_to_read,
        consultations,
    ),
    Role.PROVIDER_WORKER: (sessions_this_week, review_meetings, running_services),
    Role.ANALYST: (reports,),
}


def work_for(user: User, *, view: str, today: date | None = None, log: bool = True) -> list[Section]:
    """The user's work list; one use-log row per client shown, in one statement."""
    today = today or timezone.localdate()
    sections: list[Section] = []
    for section in SECTIONS.get(user.role, ()):
        read = section(user, today)
        sections.extend(read if isinstance(read, tuple) else (read,))
    client_ids = sorted({row.client_id for s in sections for row in s.rows if row.client_id})
    if log and client_ids:
        use_log_write(
            actor=user, client_ids=client_ids, view=view, object_type="work_list", purpose=purpose_for(user)
        )
    return sections


# The navigation's count (context_processors.work_count), as the work list last counted it.
NAV_COUNT_KEY = "workday:due-now:{}"
NAV_COUNT_SECONDS = 300


def remember_count(user: User, sections: list[Section]) -> None:
    cache.set(NAV_COUNT_KEY.format(user.pk), due_now_count(sections), NAV_COUNT_SECONDS)


def due_now_count(sections: list[Section]) -> int:
    return sum(s.due_now for s in sections)
