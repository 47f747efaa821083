"""The client's case page: relationships and personal workers (SHL 42), special support (SHL 3), the
service need assessment (SHL 36-37) with the client's pre-assessment, and the caseload of a worker."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.timezone import localdate
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from polku.accounts.models import CLIENT_WORK_ROLES, AuthedRequest, Role, User
from polku.accounts.selectors import colleagues_of
from polku.casework.forms import (
    AssessmentForm,
    PersonalWorkerForm,
    PreAssessmentAnswerForm,
    SpecialSupportEndForm,
    SpecialSupportForm,
    personal_worker_choices,
)
from polku.casework.models import Assessment, SpecialSupport
from polku.casework.selectors import (
    caseload_page,
    client_case,
    client_relationship_for_user,
    initiation_get_for_user,
    special_support_in_force,
)
from polku.casework.services import (
    assessment_complete,
    assessment_save,
    assessment_start,
    personal_worker_assign,
    pre_assessment_open,
    pre_assessment_pull,
    pre_assessment_send,
    pre_assessment_submit,
    relationship_end,
    special_support_determine,
    special_support_end,
)
from polku.casework.services.assessments import missing_contents
from polku.casework.services.special_support import may_end_special_support
from polku.clients.languages import remember, speaking
from polku.clients.models import Client
from polku.clients.selectors import client_get_for_user
from polku.core.documents import document_language, document_pdf
from polku.core.forms import add_refusal, message_refusal, posted_version
from polku.core.urls import uuid_url
from polku.finance.selectors import money_summary

# The process page's buttons to the client's other pages.
CASE_PAGE_LINKS = {
    "client": "clients:detail",
    "timeline": "casework:timeline",
    "plan": "plans:client",
    "self_assessments": "instruments:client",
    "avain": "plans:avain",
    "decisions": "decisions:client",
    "money": "finance:client",
    "services": "services:client",
    "documents": "archive:documents",
}


@login_required
def case(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    view = client_case(user=request.user, client_id=client_id, view="casework:case")
    choices = personal_worker_choices(r.team_id for r in view.relationships if r.is_open)
    relationships = [(r, choices.get(r.team_id) if r.is_open else None) for r in view.relationships]
    assessment = uuid_url("casework:assessment", "initiation_id")
    return render(
        request,
        "casework/case.html",
        {
            "case": view,
            "client": view.client,
            "links": {name: uuid_url(page, "client_id")(client_id) for name, page in CASE_PAGE_LINKS.items()},
            "relationships": relationships,
            "initiations": [(assessment(i.pk), i) for i in view.initiations],
            "may_work": request.user.role in CLIENT_WORK_ROLES,
        },
    )


@login_required
@require_POST
def personal_worker(request: AuthedRequest, client_id: UUID, relationship_id: UUID) -> HttpResponse:
    relationship = client_relationship_for_user(
        user=request.user,
        client_id=client_id,
        relationship_id=relationship_id,
        view="casework:personal_worker",
    )
    form = PersonalWorkerForm(request.POST, team=relationship.team, prefix=str(relationship.pk))
    if form.is_valid():
        try:
            personal_worker_assign(
                actor=request.user,
                relationship=relationship,
                worker=form.cleaned_data["worker"],
                alongside=form.cleaned_data["alongside"],
                expected_version=posted_version(request),
            )
            messages.success(request, _("Personal worker named."))
        except (ValidationError, PermissionDenied) as exc:
            message_refusal(request, exc)
    else:
        messages.error(request, _("Choose a worker of the team."))
    return redirect("casework:case", client_id=client_id)


@login_required
@require_POST
def relationship_close(request: AuthedRequest, client_id: UUID, relationship_id: UUID) -> HttpResponse:
    """Closure (SHL 34): a recorded entry that there is no longer a basis for social welfare."""
    relationship = client_relationship_for_user(
        user=request.user,
        client_id=client_id,
        relationship_id=relationship_id,
        view="casework:relationship_close",
    )
    try:
        relationship_end(actor=request.user, relationship=relationship, reason=request.POST.get("reason", ""))
        messages.success(request, _("The client relationship was ended."))
    except (ValidationError, PermissionDenied) as exc:
        message_refusal(request, exc)
    return redirect("casework:case", client_id=client_id)


@login_required
def special_support(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    """Special support (SHL 3 §3) on a page of its own: recording that the client needs it, or ending the
    determination in force. A refused form keeps what was written."""
    client = client_get_for_user(user=request.user, client_id=client_id, view="casework:special_support")
    current = special_support_in_force(client)
    if current is not None and (request.method != "POST" or "end" in request.POST):
        return _special_support_end(request, client, current)
    form = SpecialSupportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            special_support_determine(
                actor=request.user,
                client=client,
                grounds=form.cleaned_data["grounds"],
                explanation=form.cleaned_data["explanation"],
            )
        except (ValidationError, PermissionDenied) as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, _("Special support recorded."))
            return redirect("casework:case", client_id=client_id)
    return render(request, "casework/special_support.html", {"client": client, "form": form})


def _special_support_end(request: AuthedRequest, client: Client, current: SpecialSupport) -> HttpResponse:
    form = SpecialSupportEndForm(request.POST or None, initial={"version": current.version})
    if request.method == "POST" and form.is_valid():
        try:
            special_support_end(
                actor=request.user,
                determination=current,
                reason=form.cleaned_data["reason"],
                ended_on=form.cleaned_data["ended_on"],
                expected_version=form.cleaned_data["version"],
            )
        except (ValidationError, PermissionDenied) as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, _("Special support ended."))
            return redirect("casework:case", client_id=client.pk)
    return render(
        request,
        "casework/special_support.html",
        {
            "client": client,
            "current": current,
            "end_form": form,
            "may_end": may_end_special_support(request.user),
        },
    )


@login_required
def assessment(request: AuthedRequest, initiation_id: UUID) -> HttpResponse:
    initiation = initiation_get_for_user(
        user=request.user, initiation_id=initiation_id, view="casework:assessment"
    )
    current: Assessment | None = getattr(initiation, "assessment", None)
    if request.method == "POST" and "start" in request.POST:
        try:
            assessment_start(actor=request.user, initiation=initiation)
            messages.success(request, _("Assessment started."))
        except (ValidationError, PermissionDenied) as exc:
            message_refusal(request, exc)
        return redirect("casework:assessment", initiation_id=initiation.pk)
    form = None
    if current is not None:
        form = AssessmentForm(request.POST or None, instance=current, initial={"version": current.version})
        if request.method == "POST" and form.is_valid():
            data = dict(form.cleaned_data)
            version = data.pop("version")
            try:
                saved = assessment_save(
                    actor=request.user, assessment=current, expected_version=version, **data
                )
                if "complete" in request.POST:
                    assessment_complete(actor=request.user, assessment=saved, expected_version=saved.version)
                    messages.success(request, _("Assessment completed."))
                else:
                    messages.success(request, _("Assessment saved."))
                return redirect("casework:assessment", initiation_id=initiation.pk)
            except ValidationError as exc:
                add_refusal(form, exc)
            except PermissionDenied as exc:
                add_refusal(form, exc)
    pre_assessments = list(initiation.client.pre_assessments.order_by("-created_at")[:10])
    return render(
        request,
        "casework/assessment.html",
        {
            "initiation": initiation,
            "client": initiation.client,
            "assessment": current,
            "form": form,
            "missing": missing_contents(current) if current and not current.is_completed else [],
            "money": money_summary(client=initiation.client),
            "pre_assessments": pre_assessments,
            "new_link": request.session.pop("new_pre_assessment_link", None),
        },
    )


@login_required
def assessment_pdf(request: AuthedRequest, initiation_id: UUID) -> HttpResponse:
    """The assessment printed (PDF) in the client's language, every SHL 37 item."""
    initiation = initiation_get_for_user(
        user=request.user, initiation_id=initiation_id, view="casework:assessment_pdf"
    )
    current: Assessment | None = getattr(initiation, "assessment", None)
    if current is None:
        messages.error(request, _("The assessment has not been started."))
        return redirect("casework:assessment", initiation_id=initiation.pk)
    client = initiation.client
    context = {"assessment": current, "initiation": initiation, "client": client, "printed_on": localdate()}
    language = document_language(client.language, request.GET.get("lang", ""))
    response = HttpResponse(
        document_pdf("casework/assessment_document.html", context, language), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="arviointi-{current.started_at:%Y%m%d}.pdf"'
    return response


@login_required
@require_POST
def pre_assessment_link(request: AuthedRequest, initiation_id: UUID) -> HttpResponse:
    initiation = initiation_get_for_user(
        user=request.user, initiation_id=initiation_id, view="casework:pre_assessment_send"
    )
    current = getattr(initiation, "assessment", None)
    if current is None:
        messages.error(request, _("Start the assessment first."))
    else:
        try:
            pre, token = pre_assessment_send(actor=request.user, assessment=current)
            link = request.build_absolute_uri(reverse("pre_assessment_answer", kwargs={"token": token}))
            request.session["new_pre_assessment_link"] = {"url": link, "expires": pre.expires_at.isoformat()}
        except (ValidationError, PermissionDenied) as exc:
            message_refusal(request, exc)
    return redirect("casework:assessment", initiation_id=initiation.pk)


@login_required
@require_POST
def pre_assessment_take(request: AuthedRequest, initiation_id: UUID, pre_assessment_id: UUID) -> HttpResponse:
    initiation = initiation_get_for_user(
        user=request.user, initiation_id=initiation_id, view="casework:pre_assessment_take"
    )
    current = getattr(initiation, "assessment", None)
    pre = initiation.client.pre_assessments.filter(pk=pre_assessment_id).first()
    if current is None or pre is None:
        raise Http404
    try:
        pre_assessment_pull(actor=request.user, pre_assessment=pre, assessment=current)
        messages.success(request, _("The client's own view was taken into the assessment."))
    except (ValidationError, PermissionDenied) as exc:
        message_refusal(request, exc)
    return redirect("casework:assessment", initiation_id=initiation.pk)


def pre_assessment_answer(request: HttpRequest, token: str) -> HttpResponse:
    """The client's page behind the one-time link: no account, works on a phone; shows no personal data."""
    try:
        pre = pre_assessment_open(token)
    except ValidationError as exc:
        with speaking(request):
            closed = render(
                request, "casework/pre_assessment_closed.html", {"reason": exc.messages[0]}, status=410
            )
        return remember(request, closed)
    with speaking(request, pre):
        form = PreAssessmentAnswerForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                pre_assessment_submit(token=token, **form.cleaned_data)
            except ValidationError as exc:
                add_refusal(form, exc)
            else:
                return render(request, "casework/pre_assessment_thanks.html")
        response = render(request, "casework/pre_assessment_answer.html", {"form": form})
    return remember(request, response)


@dataclass(frozen=True)
class CaseloadOf:
    """Whose caseload the page shows: the user's own, or a team manager's pick of her workers (?worker=)."""

    worker: User
    colleagues: list[User]
    is_manager: bool
    wanted: str


def caseload_of(request: AuthedRequest) -> CaseloadOf:
    is_manager = request.user.role == Role.TEAM_MANAGER
    colleagues = list(colleagues_of(request.user)) if is_manager else []
    wanted = request.GET.get("worker", "")
    worker = next((c for c in colleagues if str(c.pk) == wanted), request.user) if wanted else request.user
    return CaseloadOf(worker, colleagues, is_manager, wanted)


def caseload_render(request: AuthedRequest, of: CaseloadOf, page: Page, **extra: Any) -> HttpResponse:
    """The caseload page; polku.segments shows the same page narrowed to one segment."""
    case_url = uuid_url("casework:case", "client_id")
    return render(
        request,
        "casework/caseload.html",
        {
            "page": page,
            "rows": [(case_url(row.client_id), row) for row in page.object_list],
            "worker": of.worker,
            "colleagues": of.colleagues,
            "is_manager": of.is_manager,
            **extra,
        },
    )


@login_required
def caseload_view(request: AuthedRequest) -> HttpResponse:
    of = caseload_of(request)
    page = caseload_page(user=request.user, worker=of.worker, view="casework:caseload", request=request)
    return caseload_render(request, of, page)
