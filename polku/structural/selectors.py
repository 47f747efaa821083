"""Reads of structural social work. Social reports hold no client data; who may see a report, and whether
its author is shown, is decided here and nowhere else."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from polku.accounts.models import Organisation, OrganisationKind, Role, Team, User
from polku.accounts.selectors import teams_of
from polku.core.suppression import SECONDARY_MARK, Line, hidden_cells, is_small, shown, suppress
from polku.structural.access import may_read_figures
from polku.structural.models import ReportStatus, ReportSummary, SocialReport, Theme
from polku.structural.periods import HalfYear

# Reports that the supervisor has read are material for summaries and decision-makers.
SUMMARY_STATUSES = (
    ReportStatus.READ,
    ReportStatus.IN_SUMMARY,
    ReportStatus.PRESENTED,
    ReportStatus.RESPONDED,
)


def figure_teams(user: User) -> QuerySet[Team]:
    """Teams whose figures `user` reads: a manager their own teams, an analyst every team."""
    if not may_read_figures(user):
        return Team.objects.none()
    if user.role == Role.ANALYST:
        return Team.objects.all()
    return teams_of(user)


def reports_visible(user: User) -> QuerySet[SocialReport]:
    """Own reports; the submitted reports of a manager's teams; read reports for analysts."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return SocialReport.objects.none()
    rule = Q(author=user)
    if user.role == Role.TEAM_MANAGER:
        rule |= Q(team__in=teams_of(user).values("pk")) & ~Q(status=ReportStatus.DRAFT)
    if user.role == Role.ANALYST:
        rule |= Q(status__in=SUMMARY_STATUSES)
    return SocialReport.objects.filter(rule).select_related("municipality", "team", "author", "summary")


def report_get_for_user(*, user: User, report_id: UUID | str) -> SocialReport:
    try:
        return reports_visible(user).prefetch_related("themes").get(pk=report_id)
    except (SocialReport.DoesNotExist, ValidationError, ValueError) as exc:
        raise Http404("No such report.") from exc


def shows_author(user: User, report: SocialReport) -> bool:
    """The author is visible to themselves and to the supervisor, never to decision-makers' side."""
    if report.author_id == user.pk:
        return True
    return user.role == Role.TEAM_MANAGER and teams_of(user).filter(pk=report.team_id).exists()


def my_reports(user: User) -> list[SocialReport]:
    return list(
        SocialReport.objects.filter(author=user)
        .select_related("municipality", "team")
        .prefetch_related("themes")
        .order_by("-created_at")[:200]
    )


def reports_to_read(user: User) -> list[SocialReport]:
    """Submitted reports waiting for the manager's first reading."""
    if user.role != Role.TEAM_MANAGER:
        return []
    return list(
        SocialReport.objects.filter(team__in=teams_of(user).values("pk"), status=ReportStatus.SUBMITTED)
        .select_related("municipality", "team", "author")
        .prefetch_related("themes")
        .order_by("submitted_at")[:200]
    )


def municipalities() -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY).order_by("name")


def municipality_get(municipality_id: UUID | str) -> Organisation:
    try:
        return municipalities().get(pk=municipality_id)
    except (Organisation.DoesNotExist, ValidationError, ValueError) as exc:
        raise Http404("No such municipality.") from exc


@dataclass
class ThemeGroup:
    label: str
    code: str
    reports: list[SocialReport] = field(default_factory=list)
    affected: int = 0
    affected_hidden: bool = False  # set by summary_for (polku.core.suppression over the whole summary)
    affected_secondary: bool = False

    @property
    def count(self) -> int:
        return len(self.reports)

    @property
    def affected_count(self) -> int | None:
        return None if self.affected_hidden else suppress(self.affected)

    @property
    def affected_shown(self) -> str:
        return SECONDARY_MARK if self.affected_secondary else shown(self.affected_count)


@dataclass
class Summary:
    """One municipality's social reports of a half-year, grouped by theme (a report may be in several)."""

    municipality: Organisation
    period: HalfYear
    record: ReportSummary | None
    groups: list[ThemeGroup]
    reports: list[SocialReport]
    affected: int
    affected_hidden: bool = False
    affected_secondary: bool = False

    @property
    def count(self) -> int:
        return len(self.reports)

    @property
    def affected_count(self) -> int | None:
        return None if self.affected_hidden else suppress(self.affected)

    @property
    def affected_shown(self) -> str:
        return SECONDARY_MARK if self.affected_secondary else shown(self.affected_count)

    @property
    def has_secondary(self) -> bool:
        return self.affected_secondary or any(g.affected_secondary for g in self.groups)

    @property
    def ready_to_compile(self) -> int:
        return sum(1 for r in self.reports if r.status == ReportStatus.READ)

    @property
    def kinds(self) -> list[tuple[str, int]]:
        counts: dict[str, int] = {}
        for report in self.reports:
            label = str(report.get_kind_display())
            counts[label] = counts.get(label, 0) + 1
        return sorted(counts.items())


def summary_for(*, user: User, municipality: Organisation, period: HalfYear) -> Summary:
    """The summary page, PDF, XLSX and API all read this: three queries whatever the number of reports."""
    if not may_read_figures(user):
        raise PermissionDenied(_("Summaries are for team managers and analysts."))
    start, end = period.bounds()
    reports = list(
        SocialReport.objects.filter(
            municipality=municipality,
            status__in=SUMMARY_STATUSES,
            submitted_at__gte=start,
            submitted_at__lt=end,
        )
        .prefetch_related("themes")
        .order_by("submitted_at", "pk")
    )
    groups: dict[str, ThemeGroup] = {}
    for report in reports:
        themes: list[Theme | None] = list(report.themes.all()) or [None]
        for theme in themes:
            code = theme.code if theme else ""
            group = groups.setdefault(code, ThemeGroup(theme.label if theme else _("No theme"), code))
            group.reports.append(report)
            group.affected += report.affected_count or 0
    record = ReportSummary.objects.filter(
        municipality=municipality, year=period.year, half=period.half
    ).first()
    ordered = sorted(groups.values(), key=lambda g: (-g.count, g.code == "", g.label))
    summary = Summary(
        municipality=municipality,
        period=period,
        record=record,
        groups=ordered,
        reports=reports,
        affected=sum(r.affected_count or 0 for r in reports),
    )
    _suppress_affected(summary)
    return summary


def _suppress_affected(summary: Summary) -> None:
    """The estimates of people affected add up: each theme's and the summary's are sums of the reports'.
    A report's own estimate is shown as it is (on its page too), so the sums are hidden (SECONDARY_MARK)
    where they would let a small estimate be worked out."""
    values: dict[Any, int] = {("report", r.pk): r.affected_count or 0 for r in summary.reports}
    values |= {("theme", g.code): g.affected for g in summary.groups}
    values["all"] = summary.affected
    reports = tuple(("report", r.pk) for r in summary.reports if r.affected_count)
    lines = [Line(reports, "all")]
    lines += [
        Line(tuple(("report", r.pk) for r in g.reports if r.affected_count), ("theme", g.code))
        for g in summary.groups
    ]
    hidden = hidden_cells(values, lines, values.keys(), fixed=reports)
    holders: list[tuple[Any, Summary | ThemeGroup]] = [("all", summary)]
    holders += [(("theme", g.code), g) for g in summary.groups]
    for key, holder in holders:
        if key in hidden:
            holder.affected_hidden = True
            holder.affected_secondary = not is_small(values[key])
