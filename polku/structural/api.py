"""Structural social work endpoints: social reports, their half-yearly summary, walk-in and outreach
tallies."""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Literal
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from polku.accounts.models import AuthedRequest, Team
from polku.accounts.selectors import teams_of
from polku.core.schemas import ErrorOut, InputSchema, QuerySchema
from polku.structural.access import may_tally, may_write_reports
from polku.structural.models import Theme
from polku.structural.periods import HalfYear
from polku.structural.selectors import municipalities, summary_for
from polku.structural.services import ReportContent, report_create, report_teams, tally_record
from polku.structural.services.tallies import PEOPLE_MAX
from polku.structural.themes import report_text, suggest_themes

router = Router(tags=["structural"])


class SocialReportIn(InputSchema):
    kind: Literal["phenomenon", "weak_signal", "problem", "good_practice"]
    title: str = Field(max_length=200)
    observation: str = Field(max_length=20000, description="what was seen; no client identifiers")
    affected: str = Field(max_length=5000, description="who is affected")
    affected_count: int | None = Field(None, description="how many are affected, an estimate")
    municipality: str = Field(description="the municipality's id or exact name")
    area: str = Field("", max_length=200)
    since: str = Field("", max_length=200)
    evidence: str = Field("", max_length=20000)
    proposed_measures: str = Field(max_length=20000)
    urgency: Literal["low", "normal", "high"] = "normal"
    themes: list[str] = Field(default_factory=list, description="theme codes, e.g. housing, debt")
    team: UUID | None = Field(None, description="the team whose manager reads it; default: your only team")
    submit: bool = Field(True, description="false saves a draft")


class SocialReportOut(Schema):
    id: UUID
    status: str
    themes: list[str]
    suggested_themes: list[str]


def _municipality(value: str, field: str = "municipality") -> object:
    query = Q(name=value)
    with contextlib.suppress(ValueError):
        query |= Q(pk=UUID(value))
    found = municipalities().filter(query).first()
    if found is None:
        raise ValidationError({field: [_("No such municipality.")]})
    return found


def _team(request: AuthedRequest, team_id: UUID | None) -> Team:
    teams = report_teams(request.user)
    if team_id is None and len(teams) == 1:
        return teams[0]
    chosen = next((t for t in teams if t.pk == team_id), None)
    if chosen is None:
        raise ValidationError({"team": [_("Give the id of one of your teams.")]})
    return chosen


@router.post(
    "/social-reports",
    response={201: SocialReportOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut},
    url_name="social_report_create",
)
def social_report_create(request: AuthedRequest, payload: SocialReportIn) -> Status:
    """Send a social report (SHL 7) to the supervisor, or save a draft. Text that looks like a
    henkilötunnus is refused. The answer suggests themes from similar earlier reports."""
    if not may_write_reports(request.user):
        # Refused before the input is checked: a role that writes no reports is not told how to fix one.
        raise PermissionDenied(_("Your role does not write social reports."))
    themes = list(Theme.objects.filter(code__in=payload.themes, active=True))
    unknown = set(payload.themes) - {t.code for t in themes}
    if unknown:
        raise ValidationError(
            {"themes": [_("Unknown theme: %(code)s") % {"code": code} for code in sorted(unknown)]}
        )
    content = ReportContent(
        kind=payload.kind,
        title=payload.title,
        observation=payload.observation,
        affected=payload.affected,
        affected_count=payload.affected_count,
        municipality=_municipality(payload.municipality),  # type: ignore[arg-type]
        area=payload.area,
        since=payload.since,
        evidence=payload.evidence,
        proposed_measures=payload.proposed_measures,
        urgency=payload.urgency,
    )
    report = report_create(
        actor=request.user,
        team=_team(request, payload.team),
        content=content,
        themes=themes,
        submit=payload.submit,
    )
    suggested = suggest_themes(
        report_text(
            title=report.title,
            observation=report.observation,
            affected=report.affected,
            proposed_measures=report.proposed_measures,
        )
    )
    return Status(
        201,
        SocialReportOut(
            id=report.pk,
            status=report.status,
            themes=sorted(t.code for t in themes),
            suggested_themes=[t.code for t in suggested],
        ),
    )


class SummaryQuery(QuerySchema):
    municipality: str = Field(description="the municipality's id or exact name")
    period: str = Field(description="half-year, e.g. 2025H1", examples=["2025H1"])


class ProposalOut(Schema):
    title: str
    kind: str
    urgency: str
    proposed_measures: str
    status: str
    response: str


class ThemeOut(Schema):
    code: str
    label: str
    reports: int
    affected: int | None = Field(
        description="people affected, summed estimates; null when under the threshold"
    )
    affected_shown: str
    proposals: list[ProposalOut]


class SummaryOut(Schema):
    municipality: str
    period: str
    reports: int
    affected: int | None
    affected_shown: str
    presented_to: str | None
    presented_on: dt.date | None
    themes: list[ThemeOut]


@router.get(
    "/social-reports/summary",
    response={200: SummaryOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut},
    url_name="social_report_summary",
)
def social_report_summary(request: AuthedRequest, query: Query[SummaryQuery]) -> SummaryOut:
    """The half-yearly summary of one municipality's read social reports, by theme. No authors; people
    counts under the small-cell threshold are null."""
    data = summary_for(
        user=request.user,
        municipality=_municipality(query.municipality),  # type: ignore[arg-type]
        period=HalfYear.parse(query.period),
    )
    return SummaryOut(
        municipality=data.municipality.name,
        period=str(data.period),
        reports=data.count,
        affected=data.affected_count,
        affected_shown=data.affected_shown,
        presented_to=data.record.presented_to if data.record else None,
        presented_on=data.record.presented_on if data.record else None,
        themes=[
            ThemeOut(
                code=group.code,
                label=str(group.label),
                reports=group.count,
                affected=group.affected_count,
                affected_shown=group.affected_shown,
                proposals=[
                    ProposalOut(
                        title=r.title,
                        kind=r.kind,
                        urgency=r.urgency,
                        proposed_measures=r.proposed_measures,
                        status=r.status,
                        response=r.response,
                    )
                    for r in group.reports
                ],
            )
            for group in data.groups
        ],
    )


class TallyIn(InputSchema):
    team: UUID | None = Field(None, description="your team; default: your only team")
    date: dt.date
    work_kind: Literal["walk_in", "outreach"]
    place: str = Field(max_length=200)
    contact_kind: Literal["in_person", "phone", "online", "group"]
    topics: list[str] = Field(description="e.g. housing, income, debt, substances")
    age_group: Literal["under_18", "18_24", "25_29", "30_54", "55_64", "65_plus", "unknown"]
    gender: Literal["female", "male", "other", "unknown"]
    people: int = Field(description=f"number of people, at least 1 and at most {PEOPLE_MAX}")


class TallyOut(Schema):
    id: UUID
    date: dt.date
    people: int


@router.post(
    "/tallies",
    response={201: TallyOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut},
    url_name="tally_create",
)
def tally_create(request: AuthedRequest, payload: TallyIn) -> Status:
    """Record an anonymous walk-in or outreach tally (SHL 7 a): no personal data, no client relationship."""
    if not may_tally(request.user):
        raise PermissionDenied(_("Your role does not record walk-in or outreach tallies."))
    teams = list(teams_of(request.user))
    if payload.team is None and len(teams) == 1:
        team = teams[0]
    else:
        team = next((t for t in teams if t.pk == payload.team), None)  # type: ignore[assignment]
        if team is None:
            raise ValidationError({"team": [_("Give the id of one of your teams.")]})
    tally = tally_record(
        actor=request.user,
        team=team,
        day=payload.date,
        work_kind=payload.work_kind,
        place=payload.place,
        contact_kind=payload.contact_kind,
        topics=payload.topics,
        age_group=payload.age_group,
        gender=payload.gender,
        people=payload.people,
    )
    return Status(201, TallyOut(id=tally.pk, date=tally.date, people=tally.people))
