"""Provider service endpoints: episodes, implementation plans, groups, sessions, attendance, home visits,
reviews. The same services and access rules as the pages."""

from __future__ import annotations

from datetime import date
from typing import Literal
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from polku.accounts.models import AuthedRequest
from polku.core.schemas import ErrorOut, InputSchema, PageOut, PageQuery
from polku.provision.models import Group, ServiceEpisode, Session
from polku.provision.selectors import episode_get_for_user, episodes_slice, group_get_for_user
from polku.provision.services import (
    GoalIn,
    RatingIn,
    attendance_record,
    episode_end,
    group_add_member,
    group_create,
    home_visit_record,
    implementation_plan_save,
    review_record,
    session_create,
)

router = Router(tags=["services"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


class GoalOut(Schema):
    id: int
    text: str
    client_words: str


class EpisodeOut(Schema):
    id: UUID
    client_id: UUID
    client_name: str
    kind: str
    name: str
    provider: str
    start_date: date
    end_date: date | None
    ended_on: date | None = Field(None, description="the day the service ends or ended, once recorded")
    status: str = Field(
        description="starting (before the start date), active (running), or ended (from the end date on)"
    )
    goals: list[GoalOut]
    individual_activities: str = ""
    group_activities: str = ""
    schedule: str = ""
    plan_version: int | None = Field(
        None, description="the implementation plan's version: send it back as `version` to change the plan"
    )

    @staticmethod
    def of(e: ServiceEpisode) -> EpisodeOut:
        plan = getattr(e, "implementation_plan", None)
        goals = (
            [GoalOut(id=g.pk, text=g.text, client_words=g.client_words) for g in plan.goals.all()]
            if plan
            else []
        )
        return EpisodeOut(
            id=e.pk,
            client_id=e.client_id,
            client_name=f"{e.client.first_name} {e.client.last_name}",
            kind=e.kind,
            name=e.label,
            provider=e.provider.name,
            start_date=e.start_date,
            end_date=e.end_date,
            ended_on=e.ended_on,
            status=e.phase,
            goals=goals,
            individual_activities=plan.individual_activities if plan else "",
            group_activities=plan.group_activities if plan else "",
            schedule=plan.schedule if plan else "",
            plan_version=plan.version if plan else None,
        )


class GoalIn_(InputSchema):
    text: str = Field(max_length=500)
    client_words: str = Field("", max_length=500)


class ImplementationPlanIn(InputSchema):
    goals: list[GoalIn_]
    individual_activities: str = ""
    group_activities: str = ""
    schedule: str = ""
    version: int | None = Field(None, description="the plan's version when it was read (for an update)")


class GroupIn(InputSchema):
    name: str = Field(max_length=200)
    description: str = ""


class GroupOut(Schema):
    id: UUID
    name: str


class MemberIn(InputSchema):
    episode_id: UUID


class SessionIn(InputSchema):
    date: date
    topic: str = Field("", max_length=200)


class SessionOut(Schema):
    id: UUID
    date: date
    topic: str


class AttendanceIn(InputSchema):
    episode_id: UUID
    status: Literal["present", "absent", "excused"]
    version: int | None = Field(
        None,
        description="to change a mark already recorded: its version as read (the version in the answer "
        "that recorded it); without it, changing a recorded mark is refused with 409",
    )


class AttendanceOut(Schema):
    id: str
    version: int


class VisitIn(InputSchema):
    date: date
    minutes: int
    content: str


class RatingIn_(InputSchema):
    goal_id: int
    score: int
    notes: str = ""


class ReviewIn(InputSchema):
    date: date
    participants: str
    client_view: str
    next_steps: str
    ratings: list[RatingIn_]


class EndIn(InputSchema):
    ended_on: date = Field(description="a day ahead schedules the end; a day past needs confirm_past")
    summary: str
    confirm_past: bool = False


class RecordedOut(Schema):
    id: str


def _episode(request: AuthedRequest, episode_id: UUID, view: str) -> ServiceEpisode:
    return episode_get_for_user(user=request.user, episode_id=episode_id, view=view)


class EpisodesOut(PageOut):
    items: list[EpisodeOut]


@router.get("/episodes", response={200: EpisodesOut, 400: ErrorOut, 401: ErrorOut}, url_name="episodes")
def episodes(request: AuthedRequest, query: Query[PageQuery]) -> EpisodesOut:
    """Running services a provider worker may see; for the client's workers, their clients' services: the
    latest started first, `limit` at a time from `offset`. Each service's client is written in the use log."""
    found = episodes_slice(user=request.user, view="api:episodes", limit=query.limit, offset=query.offset)
    items = [EpisodeOut.of(e) for e in found.items]
    return EpisodesOut(items=items, count=found.count, limit=found.limit, offset=found.offset)


@router.get("/episodes/{episode_id}", response={200: EpisodeOut, **ERRORS}, url_name="episode_detail")
def episode_detail(request: AuthedRequest, episode_id: UUID) -> EpisodeOut:
    return EpisodeOut.of(_episode(request, episode_id, "api:episode_detail"))


@router.put(
    "/episodes/{episode_id}/implementation-plan",
    response={200: EpisodeOut, **ERRORS, 409: ErrorOut},
    url_name="implementation_plan",
)
def implementation_plan(
    request: AuthedRequest, episode_id: UUID, payload: ImplementationPlanIn
) -> EpisodeOut:
    episode = _episode(request, episode_id, "api:implementation_plan")
    implementation_plan_save(
        actor=request.user,
        episode=episode,
        goals=[GoalIn(g.text, g.client_words) for g in payload.goals],
        individual_activities=payload.individual_activities,
        group_activities=payload.group_activities,
        schedule=payload.schedule,
        expected_version=payload.version,
    )
    return EpisodeOut.of(_episode(request, episode_id, "api:implementation_plan"))


@router.post(
    "/episodes/{episode_id}/home-visits", response={201: RecordedOut, **ERRORS}, url_name="home_visits"
)
def home_visits(request: AuthedRequest, episode_id: UUID, payload: VisitIn) -> Status:
    visit = home_visit_record(
        actor=request.user,
        episode=_episode(request, episode_id, "api:home_visits"),
        day=payload.date,
        minutes=payload.minutes,
        content=payload.content,
    )
    return Status(201, RecordedOut(id=str(visit.pk)))


@router.post("/episodes/{episode_id}/reviews", response={201: RecordedOut, **ERRORS}, url_name="reviews")
def reviews(request: AuthedRequest, episode_id: UUID, payload: ReviewIn) -> Status:
    """A review meeting: every goal of the implementation plan rated 1-5."""
    review = review_record(
        actor=request.user,
        episode=_episode(request, episode_id, "api:reviews"),
        day=payload.date,
        participants=payload.participants,
        client_view=payload.client_view,
        next_steps=payload.next_steps,
        ratings=[RatingIn(r.goal_id, r.score, r.notes) for r in payload.ratings],
    )
    return Status(201, RecordedOut(id=str(review.pk)))


@router.post(
    "/episodes/{episode_id}/end", response={200: EpisodeOut, **ERRORS, 409: ErrorOut}, url_name="episode_end"
)
def end(request: AuthedRequest, episode_id: UUID, payload: EndIn) -> EpisodeOut:
    episode = episode_end(
        actor=request.user,
        episode=_episode(request, episode_id, "api:episode_end"),
        ended_on=payload.ended_on,
        summary=payload.summary,
        confirm_past=payload.confirm_past,
    )
    return EpisodeOut.of(episode)


@router.post("/groups", response={201: GroupOut, **ERRORS}, url_name="groups")
def groups(request: AuthedRequest, payload: GroupIn) -> Status:
    group = group_create(actor=request.user, name=payload.name, description=payload.description)
    return Status(201, GroupOut(id=group.pk, name=group.name))


def _group(request: AuthedRequest, group_id: UUID, view: str) -> Group:
    return group_get_for_user(user=request.user, group_id=group_id, view=view)[0]


@router.post("/groups/{group_id}/members", response={201: GroupOut, **ERRORS}, url_name="group_members")
def members(request: AuthedRequest, group_id: UUID, payload: MemberIn) -> Status:
    group = _group(request, group_id, "api:group_members")
    group_add_member(
        actor=request.user, group=group, episode=_episode(request, payload.episode_id, "api:group_members")
    )
    return Status(201, GroupOut(id=group.pk, name=group.name))


@router.post("/groups/{group_id}/sessions", response={201: SessionOut, **ERRORS}, url_name="group_sessions")
def sessions(request: AuthedRequest, group_id: UUID, payload: SessionIn) -> Status:
    session = session_create(
        actor=request.user,
        group=_group(request, group_id, "api:group_sessions"),
        day=payload.date,
        topic=payload.topic,
    )
    return Status(201, SessionOut(id=session.pk, date=session.date, topic=session.topic))


@router.post(
    "/sessions/{session_id}/attendance",
    response={201: AttendanceOut, **ERRORS, 409: ErrorOut},
    url_name="attendance",
)
def attendance(request: AuthedRequest, session_id: UUID, payload: AttendanceIn) -> Status:
    """Attendance of one member; a client who is not in the group is refused."""
    session = Session.objects.select_related("group").filter(pk=session_id).first()
    if session is None:
        raise Http404
    group = _group(request, session.group_id, "api:attendance")
    try:
        episode = _episode(request, payload.episode_id, "api:attendance")
    except Http404 as exc:
        raise ValidationError({"episode_id": [_("No such service.")]}) from exc
    mark = attendance_record(
        actor=request.user,
        session=session,
        episode=episode,
        status=payload.status,
        expected_version=payload.version,
    )
    return Status(201, AttendanceOut(id=f"{group.pk}:{mark.pk}", version=mark.version))
