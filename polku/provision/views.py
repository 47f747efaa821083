"""Provider pages: running services, the implementation plan, home visits, review meetings, groups with
sessions and attendance."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from polku.accounts.models import AuthedRequest
from polku.core.forms import add_refusal, message_refusal
from polku.core.models import StaleEditError
from polku.provision.forms import (
    GOAL_ROWS,
    EndForm,
    GroupForm,
    HomeVisitForm,
    ImplementationPlanForm,
    ReviewForm,
    SessionForm,
)
from polku.provision.models import AttendanceStatus, ServiceEpisode, ServiceOffering
from polku.provision.selectors import (
    attendance_versions,
    episode_get_for_user,
    episodes_for,
    episodes_page,
    group_get_for_user,
    groups_page,
)
from polku.provision.services import (
    GoalIn,
    RatingIn,
    episode_end,
    group_add_member,
    group_create,
    home_visit_record,
    implementation_plan_save,
    is_provider_of,
    review_record,
    session_attendance_record,
    session_create,
)


@login_required
def catalogue(request: AuthedRequest) -> HttpResponse:
    """The service catalogue: what each provider offers (no client data)."""
    offerings = (
        ServiceOffering.objects.filter(active=True)
        .select_related("provider")
        .prefetch_related("municipalities")
        .order_by("kind", "name")
    )
    return render(request, "provision/catalogue.html", {"offerings": offerings})


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    form = GroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            group = group_create(actor=request.user, **form.cleaned_data)
            return redirect("services:group", group_id=group.pk)
        except (ValidationError, PermissionDenied) as exc:
            message_refusal(request, exc)
    return render(
        request,
        "provision/home.html",
        {
            "episodes": episodes_page(user=request.user, view="services:home", request=request),
            "groups": groups_page(user=request.user, request=request),
            "group_form": form,
        },
    )


def _plan_form(request: AuthedRequest, episode: ServiceEpisode) -> ImplementationPlanForm:
    plan = getattr(episode, "implementation_plan", None)
    initial: dict[str, object] = {}
    if plan is not None:
        initial = {
            "version": plan.version,
            "individual_activities": plan.individual_activities,
            "group_activities": plan.group_activities,
            "schedule": plan.schedule,
        }
        for i, goal in enumerate(list(plan.goals.all())[:GOAL_ROWS]):
            initial |= {f"goal_{i}": goal.text, f"goal_{i}_words": goal.client_words}
    return ImplementationPlanForm(request.POST or None if "plan" in request.POST else None, initial=initial)


def _episode_page(
    request: AuthedRequest,
    current: ServiceEpisode,
    *,
    plan_form: ImplementationPlanForm | None = None,
    visit_form: HomeVisitForm | None = None,
    review_form: ReviewForm | None = None,
    end_form: EndForm | None = None,
) -> HttpResponse:
    """The service's page; a refused form comes back as it was filled, with the reasons."""
    plan = getattr(current, "implementation_plan", None)
    goals = list(plan.goals.all()) if plan else []
    return render(
        request,
        "provision/episode.html",
        {
            "episode": current,
            "client": current.client,
            "plan": plan,
            "plan_form": plan_form or _plan_form(request, current),
            "goals": goals,
            "visit_form": visit_form or HomeVisitForm(),
            "review_form": review_form or ReviewForm(goals=goals),
            "end_form": end_form or EndForm(),
            "is_provider": is_provider_of(request.user, current),
        },
    )


@login_required
def episode(request: AuthedRequest, episode_id: UUID) -> HttpResponse:
    current = episode_get_for_user(user=request.user, episode_id=episode_id, view="services:episode")
    if request.method != "POST" or "plan" not in request.POST:
        return _episode_page(request, current)
    plan_form = _plan_form(request, current)
    if plan_form.is_valid():
        data = plan_form.cleaned_data
        goals = [GoalIn(data[f"goal_{i}"], data[f"goal_{i}_words"]) for i in range(GOAL_ROWS)]
        try:
            implementation_plan_save(
                actor=request.user,
                episode=current,
                goals=goals,
                individual_activities=data["individual_activities"],
                group_activities=data["group_activities"],
                schedule=data["schedule"],
                expected_version=data["version"],
            )
            messages.success(request, _("Implementation plan saved."))
            return redirect("services:episode", episode_id=current.pk)
        except (ValidationError, PermissionDenied) as exc:
            add_refusal(plan_form, exc)
    return _episode_page(request, current, plan_form=plan_form)


@login_required
@require_POST
def home_visit(request: AuthedRequest, episode_id: UUID) -> HttpResponse:
    current = episode_get_for_user(user=request.user, episode_id=episode_id, view="services:home_visit")
    form = HomeVisitForm(request.POST)
    if form.is_valid():
        try:
            home_visit_record(actor=request.user, episode=current, **form.cleaned_data)
            messages.success(request, _("Home guidance visit recorded."))
            return redirect("services:episode", episode_id=current.pk)
        except (ValidationError, PermissionDenied) as exc:
            add_refusal(form, _on_field(exc, date="day"))
    return _episode_page(request, current, visit_form=form)


def _on_field(
    error: ValidationError | PermissionDenied, **renamed: str
) -> ValidationError | PermissionDenied:
    """A service's refusal with its field names as the form calls them (`date` is the form's `day`)."""
    if isinstance(error, PermissionDenied) or not hasattr(error, "error_dict"):
        return error
    return ValidationError({renamed.get(name, name): texts for name, texts in error.message_dict.items()})


@login_required
@require_POST
def review(request: AuthedRequest, episode_id: UUID) -> HttpResponse:
    current = episode_get_for_user(user=request.user, episode_id=episode_id, view="services:review")
    plan = getattr(current, "implementation_plan", None)
    form = ReviewForm(request.POST, goals=list(plan.goals.all()) if plan else [])
    if form.is_valid():
        data = form.cleaned_data
        try:
            review_record(
                actor=request.user,
                episode=current,
                day=data["day"],
                participants=data["participants"],
                client_view=data["client_view"],
                next_steps=data["next_steps"],
                ratings=[
                    RatingIn(goal.pk, data[f"score_{goal.pk}"], data[f"notes_{goal.pk}"])
                    for goal in form.goals
                ],
            )
            messages.success(request, _("Review meeting recorded."))
            return redirect("services:episode", episode_id=current.pk)
        except (ValidationError, PermissionDenied) as exc:
            add_refusal(form, _on_field(exc, date="day"))
    return _episode_page(request, current, review_form=form)


@login_required
@require_POST
def end(request: AuthedRequest, episode_id: UUID) -> HttpResponse:
    current = episode_get_for_user(user=request.user, episode_id=episode_id, view="services:end")
    form = EndForm(request.POST)
    if form.is_valid():
        try:
            ended = episode_end(actor=request.user, episode=current, **form.cleaned_data)
            if ended.has_ended:
                messages.success(request, _("The service was ended."))
                return redirect("services:home")
            messages.success(request, _("The end of the service was scheduled."))
            return redirect("services:episode", episode_id=current.pk)
        except (ValidationError, PermissionDenied) as exc:
            add_refusal(form, exc)
    return _episode_page(request, current, end_form=form)


@login_required
def group(request: AuthedRequest, group_id: UUID) -> HttpResponse:
    return _group_page(request, group_id, view="services:group")


def _group_page(
    request: AuthedRequest,
    group_id: UUID,
    *,
    view: str,
    session_form: SessionForm | None = None,
    attendance_error: str = "",
) -> HttpResponse:
    """The group's page; a refused form comes back as it was filled (the attendance marks as chosen)."""
    current, members, sessions, marks = group_get_for_user(user=request.user, group_id=group_id, view=view)
    candidates = [e for e in episodes_for(user=request.user, view=view) if e not in members]
    rows = [(member, [(s, marks.get((s.pk, member.pk), "")) for s in sessions]) for member in members]
    chosen = request.POST if attendance_error else {}
    return render(
        request,
        "provision/group.html",
        {
            "group": current,
            "members": [(m, chosen.get(f"status_{m.pk}", "")) for m in members],
            "sessions": sessions,
            "chosen_session": chosen.get("session", ""),
            "rows": rows,
            "candidates": candidates,
            "session_form": session_form or SessionForm(),
            "attendance_error": attendance_error,
            "statuses": AttendanceStatus.choices,
            "seen": _encode_seen(attendance_versions(group=current, members=members)),
        },
    )


def _encode_seen(versions: dict[tuple[str, str], int]) -> str:
    return " ".join(f"{session}:{episode}:{version}" for (session, episode), version in versions.items())


def _decode_seen(value: str) -> dict[tuple[str, str], int]:
    seen = {}
    for item in value.split():
        session, _sep, rest = item.partition(":")
        episode, _sep, version = rest.partition(":")
        if version.isdigit():
            seen[(session, episode)] = int(version)
    return seen


@login_required
@require_POST
def group_action(request: AuthedRequest, group_id: UUID) -> HttpResponse:
    current, members, sessions, _marks = group_get_for_user(
        user=request.user, group_id=group_id, view="services:group_action"
    )
    if "add_session" in request.POST:
        form = SessionForm(request.POST)
        if form.is_valid():
            try:
                session_create(actor=request.user, group=current, **form.cleaned_data)
                messages.success(request, _("Session added."))
                return redirect("services:group", group_id=current.pk)
            except (ValidationError, PermissionDenied) as exc:
                add_refusal(form, _on_field(exc, date="day"))
        return _group_page(request, current.pk, view="services:group_action", session_form=form)
    try:
        if "add_member" in request.POST:
            candidate = episode_get_for_user(
                user=request.user, episode_id=request.POST.get("episode", ""), view="services:group_action"
            )
            group_add_member(actor=request.user, group=current, episode=candidate)
            messages.success(request, _("Member added."))
        elif "attendance" in request.POST:
            session = next((s for s in sessions if str(s.pk) == request.POST.get("session")), None)
            if session is None:
                raise ValidationError(_("Choose a session of this group."))
            marks = [
                (key.removeprefix("status_"), request.POST.get(key, ""))
                for key in request.POST
                if key.startswith("status_") and request.POST.get(key, "")
            ]
            session_attendance_record(
                actor=request.user,
                session=session,
                members=members,
                marks=marks,
                seen=_decode_seen(request.POST.get("seen", "")),
            )
            messages.success(request, _("Attendance saved."))
    except (ValidationError, PermissionDenied) as exc:
        if "attendance" in request.POST and not isinstance(exc, PermissionDenied | StaleEditError):
            return _group_page(
                request, current.pk, view="services:group_action", attendance_error=" ".join(exc.messages)
            )
        message_refusal(request, exc)
    return redirect("services:group", group_id=current.pk)
