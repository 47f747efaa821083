"""Social reports (sosiaalinen raportointi, SHL 7) and their half-yearly summaries.

Workflow: draft -> submitted -> read by the supervisor (with a comment) -> included in a summary ->
taken to decision-makers -> their response recorded. Every move goes through TRANSITIONS.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from polku.accounts.models import Organisation, OrganisationKind, Role, Team, User
from polku.accounts.selectors import teams_of
from polku.core.transitions import Transitions
from polku.structural.access import may_read_figures, may_write_reports
from polku.structural.models import (
    ReportKind,
    ReportStatus,
    ReportSummary,
    SocialReport,
    Theme,
    Urgency,
)
from polku.structural.periods import HalfYear
from polku.structural.textcheck import refuse_identifiers

# Design rule 6: the only moves a social report can make.
TRANSITIONS = Transitions(
    ReportStatus,
    {
        ReportStatus.DRAFT: {ReportStatus.SUBMITTED},
        ReportStatus.SUBMITTED: {ReportStatus.READ},
        ReportStatus.READ: {ReportStatus.IN_SUMMARY},
        ReportStatus.IN_SUMMARY: {ReportStatus.PRESENTED},
        ReportStatus.PRESENTED: {ReportStatus.RESPONDED},
        ReportStatus.RESPONDED: set(),
    },
)


def _move(report: SocialReport, to: str) -> None:
    TRANSITIONS.check(
        report.status, to, message=_("A report that is %(now)s cannot become %(to)s."), field="status"
    )
    report.status = to


@dataclass
class ReportContent:
    """What the writer fills in."""

    kind: str
    title: str
    observation: str
    affected: str
    proposed_measures: str
    municipality: Organisation
    affected_count: int | None = None
    area: str = ""
    since: str = ""
    evidence: str = ""
    urgency: str = Urgency.NORMAL

    def check(self) -> None:
        errors: dict[str, list[str]] = {}
        for name in ("title", "observation", "affected", "proposed_measures"):
            if not (getattr(self, name) or "").strip():
                errors[name] = [_("This field is required.")]
        if self.kind not in ReportKind.values:
            errors["kind"] = [_("Choose the kind of report.")]
        if self.urgency not in Urgency.values:
            errors["urgency"] = [_("Choose the urgency.")]
        if self.affected_count is not None and self.affected_count < 0:
            errors["affected_count"] = [_("The number of people affected cannot be negative.")]
        if self.municipality.kind != OrganisationKind.MUNICIPALITY:
            errors["municipality"] = [_("Choose a municipality.")]
        try:
            refuse_identifiers({name: getattr(self, name) for name in SocialReport.FREE_TEXT_FIELDS})
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors.setdefault(field, []).extend(messages)
        if errors:
            raise ValidationError(errors)


def report_teams(user: User) -> list[Team]:
    """The teams a writer may send a report to: their own, or any team when they have none (providers)."""
    own = list(teams_of(user))
    return own or list(Team.objects.order_by("name"))


def _check_writer(actor: User, team: Team) -> None:
    if not may_write_reports(actor):
        raise PermissionDenied(_("Your role does not write social reports."))
    if team not in report_teams(actor):
        raise ValidationError({"team": [_("Choose one of your own teams.")]})


@transaction.atomic
def report_create(
    *,
    actor: User,
    team: Team,
    content: ReportContent,
    themes: list[Theme] | None = None,
    submit: bool = False,
) -> SocialReport:
    """Save a new social report as a draft, or submit it to the supervisor straight away."""
    _check_writer(actor, team)
    content.check()
    report = SocialReport.objects.create(
        author=actor, team=team, created_by=actor, updated_by=actor, **asdict(content)
    )
    report.themes.set(themes or [])
    if submit:
        report_submit(actor=actor, report=report)
    return report


@transaction.atomic
def report_update(
    *,
    actor: User,
    report: SocialReport,
    expected_version: int,
    team: Team,
    content: ReportContent,
    themes: list[Theme],
) -> SocialReport:
    """Change a draft; only its author, only while it is a draft."""
    if report.author_id != actor.pk:
        raise PermissionDenied(_("Only the author changes a draft."))
    if report.status != ReportStatus.DRAFT:
        raise ValidationError(_("A submitted report can no longer be changed."))
    _check_writer(actor, team)
    content.check()
    for name, value in asdict(content).items():
        setattr(report, name, value)
    report.team = team
    fields = [*asdict(content).keys(), "team"]
    report.save_versioned(actor=actor, expected_version=expected_version, update_fields=fields)
    report.themes.set(themes)
    return report


@transaction.atomic
def report_submit(*, actor: User, report: SocialReport) -> SocialReport:
    if report.author_id != actor.pk:
        raise PermissionDenied(_("Only the author submits a report."))
    _move(report, ReportStatus.SUBMITTED)
    report.submitted_at = timezone.now()
    report.save_versioned(
        actor=actor, expected_version=report.version, update_fields=["status", "submitted_at"]
    )
    return report


def is_supervisor(user: User, report: SocialReport) -> bool:
    """The author's supervisor: a team manager of the team the report was sent to."""
    return (
        getattr(user, "role", None) == Role.TEAM_MANAGER
        and user.is_active
        and teams_of(user).filter(pk=report.team_id).exists()
    )


@transaction.atomic
def report_read(*, actor: User, report: SocialReport, comment: str) -> SocialReport:
    """The supervisor's first reading, with a comment for the author and the summary."""
    if not is_supervisor(actor, report):
        raise PermissionDenied(_("Only the team manager of the report's team reads it first."))
    refuse_identifiers({"supervisor_comment": comment})
    _move(report, ReportStatus.READ)
    report.supervisor_comment = comment.strip()
    report.read_at = timezone.now()
    report.save_versioned(
        actor=actor,
        expected_version=report.version,
        update_fields=["status", "supervisor_comment", "read_at"],
    )
    return report


def _check_summariser(actor: User) -> None:
    if not may_read_figures(actor):
        raise PermissionDenied(_("Summaries are compiled by team managers and analysts."))


@transaction.atomic
def summary_compile(*, actor: User, municipality: Organisation, period: HalfYear) -> ReportSummary:
    """Include the municipality's read reports of the half-year in its summary (again, for late ones)."""
    _check_summariser(actor)
    summary, _created = ReportSummary.objects.get_or_create(
        municipality=municipality,
        year=period.year,
        half=period.half,
        defaults={"created_by": actor, "updated_by": actor},
    )
    start, end = period.bounds()
    reports = SocialReport.objects.select_for_update().filter(
        municipality=municipality,
        status=ReportStatus.READ,
        submitted_at__gte=start,
        submitted_at__lt=end,
    )
    for report in reports:
        _move(report, ReportStatus.IN_SUMMARY)
        report.summary = summary
        report.save_versioned(
            actor=actor, expected_version=report.version, update_fields=["status", "summary"]
        )
    return summary


@transaction.atomic
def summary_present(
    *, actor: User, summary: ReportSummary, presented_to: str, presented_on: date
) -> ReportSummary:
    """Record that the summary was taken to decision-makers (e.g. a welfare board)."""
    _check_summariser(actor)
    errors: dict[str, list[str]] = {}
    if not presented_to.strip():
        errors["presented_to"] = [_("Say to whom the summary was presented.")]
    if presented_on > timezone.localdate():
        errors["presented_on"] = [_("The date cannot be in the future.")]
    if errors:
        raise ValidationError(errors)
    summary.presented_to = presented_to.strip()
    summary.presented_on = presented_on
    summary.save_versioned(
        actor=actor, expected_version=summary.version, update_fields=["presented_to", "presented_on"]
    )
    for report in summary.reports.select_for_update().filter(status=ReportStatus.IN_SUMMARY):
        _move(report, ReportStatus.PRESENTED)
        report.save_versioned(actor=actor, expected_version=report.version, update_fields=["status"])
    return summary


@transaction.atomic
def report_respond(*, actor: User, report: SocialReport, response: str) -> SocialReport:
    """Record the decision-makers' response to a report's proposed measures."""
    _check_summariser(actor)
    if not response.strip():
        raise ValidationError({"response": [_("Write the decision-makers' response.")]})
    refuse_identifiers({"response": response})
    _move(report, ReportStatus.RESPONDED)
    report.response = response.strip()
    report.responded_at = timezone.now()
    report.save_versioned(
        actor=actor, expected_version=report.version, update_fields=["status", "response", "responded_at"]
    )
    return report


__all__ = [
    "TRANSITIONS",
    "ReportContent",
    "is_supervisor",
    "report_create",
    "report_read",
    "report_respond",
    "report_submit",
    "report_teams",
    "report_update",
    "summary_compile",
    "summary_present",
]
