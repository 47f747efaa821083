"""The work list: what is waiting for the signed-in user, by role, overdue first.

The list is a tuple of *section functions* per role (`SECTIONS`). Each takes (user, today) and returns a
`Section` of `WorkRow`s — one shared row type (kind, title, client, due date, overdue, urgency, url) —
at most `SHOWN` rows plus the total and a link to the full list page. Each section costs one or two
queries whatever the county's size. Another app adds a kind of work by writing one more section function
and adding it to `SECTIONS` (see docs/architecture.md, `polku.workday`).

Access: every section reads through the owning app's visibility rule (`visible_to` / `visible_ids`);
`work_for` writes one use-log row per client shown, in one statement.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from uuid import UUID

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from polku.accounts.models import Role, User, person_name
from polku.audit.services import use_log_write
from polku.casework.models import Initiation, InitiationStatus
from polku.clients.models import Client
from polku.clients.selectors import purpose_for
from polku.decisions.models import Decision, DecisionStatus
from polku.plans.models import PlanVersion
from polku.provision.models import ServiceEpisode, Session
from polku.registry.models import LogExtractRequest, LogRequestStatus

SHOWN = 10
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


def _name(first: str, last: str) -> str:
    return f"{last} {first}".strip()


# --- social worker / counsellor / manager: initiations -----------------------------------------------


def _initiation_rows(queryset, today: date, kind: str, title: str) -> tuple[list[WorkRow], int]:  # type: ignore[no-untyped-def]
    values = list(
        queryset.order_by("assessment_complete_due", "initiated_at", "pk").values(
            "pk",
            "client_id",
            "client__first_name",
            "client__last_name",
            "urgent",
            "assessment_start_due",
            "assessment_complete_due",
            "assessment_started_at",
        )[: SHOWN + 1]
    )
    total = len(values) if len(values) <= SHOWN else queryset.count()
    rows = []
    for v in values[:SHOWN]:
        due = v["assessment_complete_due"] if v["assessment_started_at"] else v["assessment_start_due"]
        due = due or v["assessment_complete_due"]
        rows.append(
            WorkRow(
                kind=kind,
                title=title,
                url=reverse("casework:case", args=[v["client_id"]]),
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
    queryset = Initiation.objects.visible_to(user).filter(
        status=InitiationStatus.NEW, assigned_to__isnull=True
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
    queryset = Initiation.objects.visible_to(user).filter(
        service_due__isnull=False,
        service_started_on__isnull=True,
        service_due__lte=today + timedelta(days=NEAR_DAYS),
    )
    if user.role != Role.TEAM_MANAGER:
        queryset = queryset.filter(Q(assigned_to=user) | Q(assigned_to__isnull=True))
    values = list(
        queryset.order_by("service_due", "pk").values(
            "client_id", "client__first_name", "client__last_name", "service_due", "urgent"
        )[: SHOWN + 1]
    )
    total = len(values) if len(values) <= SHOWN else queryset.count()
    rows = [
        WorkRow(
            kind="service_start",
            title=_("Service to start (SHL 45: within 3 months)"),
            url=reverse("decisions:client", args=[v["client_id"]]),
            due=v["service_due"],
            client_id=v["client_id"],
            client_name=_name(v["client__first_name"], v["client__last_name"]),
            urgent=v["urgent"],
            today=today,
        )
        for v in values[:SHOWN]
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
    values = list(
        queryset.order_by("-status", "decided_at", "pk").values(
            "pk", "client_id", "client__first_name", "client__last_name", "status", "decided_at"
        )[: SHOWN + 1]
    )
    total = len(values) if len(values) <= SHOWN else queryset.count()
    rows = []
    for v in values[:SHOWN]:
        decided = v["status"] == DecisionStatus.DECIDED
        due = timezone.localdate(v["decided_at"]) + timedelta(days=1) if decided and v["decided_at"] else None
        rows.append(
            WorkRow(
                kind="decision_notify" if decided else "decision_draft",
                title=_("Decision to notify to the client") if decided else _("Decision to make"),
                url=reverse("decisions:detail", args=[v["pk"]]),
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
    values = list(
        queryset.order_by("review_date", "pk").values(
            "plan__client_id", "plan__client__first_name", "plan__client__last_name", "review_date"
        )[: SHOWN + 1]
    )
    total = len(values) if len(values) <= SHOWN else queryset.count()
    rows = [
        WorkRow(
            kind="plan_review",
            title=_("Client plan to review"),
            url=reverse("plans:client", args=[v["plan__client_id"]]),
            due=v["review_date"],
            client_id=v["plan__client_id"],
            client_name=_name(v["plan__client__first_name"], v["plan__client__last_name"]),
            today=today,
        )
        for v in values[:SHOWN]
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
    values = list(queryset.order_by("due_on", "pk").values("pk", "client_id", "due_on")[: SHOWN + 1])
    total = len(values) if len(values) <= SHOWN else queryset.count()
    names = (
        {
            c["pk"]: _name(c["first_name"], c["last_name"])
            for c in Client.objects.filter(pk__in=[v["client_id"] for v in values]).values(
                "pk", "first_name", "last_name"
            )
        }
        if values
        else {}
    )
    rows = [
        WorkRow(
            kind="log_extract",
            title=_("Log extract request to answer"),
            url=reverse("casework:log_extract", args=[v["pk"]]),
            due=v["due_on"],
            client_id=v["client_id"],
            client_name=names.get(v["client_id"], ""),
            today=today,
        )
        for v in values[:SHOWN]
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
    queryset = ServiceEpisode.objects.visible_to(user)
    values = list(
        queryset.order_by("start_date", "pk").values(
            "pk",
            "client_id",
            "client__first_name",
            "client__last_name",
            "name",
            "kind",
            "start_date",
            "end_date",
        )[: SHOWN + 1]
    )
    total = len(values) if len(values) <= SHOWN else queryset.count()
    rows = [
        WorkRow(
            kind="episode",
            title=v["name"] or _("Service"),
            url=reverse("services:episode", args=[v["pk"]]),
            due=v["end_date"],
            client_id=v["client_id"],
            client_name=_name(v["client__first_name"], v["client__last_name"]),
            today=today,
        )
        for v in values[:SHOWN]
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
    queryset = (
        Session.objects.filter(group__provider_id=user.organisation_id)
        .filter(
            Q(date__gte=today, date__lte=monday + timedelta(days=6))
            | Q(date__lt=today, date__gte=today - timedelta(days=14), attendance__isnull=True)
        )
        .distinct()
    )
    values = list(
        queryset.order_by("date", "pk").values("pk", "group_id", "group__name", "date", "topic")[: SHOWN + 1]
    )
    total = len(values) if len(values) <= SHOWN else queryset.count()
    rows = []
    for v in values[:SHOWN]:
        past = v["date"] < today
        rows.append(
            WorkRow(
                kind="attendance" if past else "session",
                title=(_("Attendance not marked: %(group)s") if past else _("Session: %(group)s"))
                % {"group": v["group__name"]},
                url=reverse("services:group", args=[v["group_id"]]),
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


# --- analyst -------------------------------------------------------------------------------------------


def reports(user: User, today: date) -> Section:
    rows = [
        WorkRow(kind="report", title=_("Reports"), url=reverse("reporting:monitoring_dashboard"), today=today)
    ]
    return Section("reports", _("Reports"), rows, len(rows), "", "")


SectionFunction = Callable[[User, date], Section]

WORKER_SECTIONS: tuple[SectionFunction, ...] = (
    my_initiations,
    untaken_initiations,
    decisions_to_finish,
    services_to_start,
    plan_reviews,
    log_extract_requests,
)
SECTIONS: dict[str, tuple[SectionFunction, ...]] = {
    Role.SOCIAL_WORKER: WORKER_SECTIONS,
    Role.SOCIAL_COUNSELLOR: WORKER_SECTIONS,
    Role.SERVICE_ADVISOR: (untaken_initiations,),
    Role.TEAM_MANAGER: (overdue_by_worker, untaken_initiations, services_to_start, plan_reviews),
    Role.PROVIDER_WORKER: (sessions_this_week, running_services),
    Role.ANALYST: (reports,),
}


def work_for(user: User, *, view: str, today: date | None = None, log: bool = True) -> list[Section]:
    """The user's work list; one use-log row per client shown, in one statement."""
    today = today or timezone.localdate()
    sections = [section(user, today) for section in SECTIONS.get(user.role, ())]
    client_ids = sorted({row.client_id for s in sections for row in s.rows if row.client_id})
    if log and client_ids:
        use_log_write(
            actor=user, client_ids=client_ids, view=view, object_type="work_list", purpose=purpose_for(user)
        )
    return sections


def due_now_count(sections: list[Section]) -> int:
    return sum(s.due_now for s in sections)
