"""Client plan pages: the current plan and its versions with what changed, a review, the client's reading
link, activation plans."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.timezone import localdate
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from polku.accounts.models import AuthedRequest
from polku.casework.models import Assessment
from polku.clients.forms import ReleaseForm
from polku.clients.languages import remember, speaking
from polku.clients.models import DocumentType, ReleaseRule
from polku.clients.release import is_released, release_of, release_set
from polku.clients.selectors import client_get_for_user
from polku.core.documents import document_language, document_pdf
from polku.core.forms import add_refusal
from polku.plans.avain import avain
from polku.plans.avain_change import avain_change
from polku.plans.forms import ActivationPlanForm, PlanForm, initial_from
from polku.plans.models import ActivationPlan, PlanVersion
from polku.plans.selectors import (
    plan_current_version,
    plan_of,
    plan_version_get_for_user,
    plan_versions_of,
)
from polku.plans.services import (
    activation_plan_create,
    content_from_assessment,
    plan_create,
    plan_read_link_create,
    plan_read_link_open,
    plan_review,
    version_changes,
)


@login_required
def client_plan(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    client = client_get_for_user(user=request.user, client_id=client_id, view="plans:client")
    versions = plan_versions_of(client=client)
    current = versions[0] if versions else None
    if current is not None:
        initial = initial_from(current)
    else:
        assessment = (
            Assessment.objects.filter(client=client, completed_at__isnull=False)
            .order_by("-completed_at")
            .first()
        )
        initial = content_from_assessment(assessment) if assessment else {}
    form = PlanForm(
        request.POST or None, initial=initial, debts=list(client.debts.order_by("due_on", "creditor"))
    )  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        try:
            plan = plan_of(client)
            if plan is None or current is None:
                plan_create(actor=request.user, client=client, content=form.content())
            else:
                plan_review(
                    actor=request.user,
                    plan=plan,
                    based_on=form.cleaned_data["based_on"] or 0,
                    content=form.content(),
                )
            messages.success(request, _("The client plan was saved as a new version."))
            return redirect("plans:client", client_id=client.pk)
        except ValidationError as exc:
            add_refusal(form, exc)
        except PermissionDenied as exc:
            add_refusal(form, exc)
    changes = version_changes(versions[1], current) if current and len(versions) > 1 else []
    return render(
        request,
        "plans/client_plan.html",
        {
            "client": client,
            "current": current,
            "versions": versions,
            "form": form,
            "changes": changes,
            "activation_plans": list(ActivationPlan.objects.filter(client=client).order_by("-made_on")),
            "activation_form": ActivationPlanForm(),
            "new_link": request.session.pop("new_plan_link", None),
            **_release_context(current),
        },
    )


def _release_context(current: PlanVersion | None) -> dict[str, Any]:
    if current is None:
        return {}
    release = release_of(DocumentType.CLIENT_PLAN, current.pk)
    return {
        "release": release,
        "release_label": ReleaseRule(release.rule).label,
        "release_form": ReleaseForm(
            initial={
                "rule": release.rule,
                "release_on": release.release_on,
                "reason": release.reason,
                "version": release.version,
            }
        ),
    }


@login_required
@require_POST
def release(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    """When the client may see the current version of the plan (immediately, from a date, never)."""
    client = client_get_for_user(user=request.user, client_id=client_id, view="plans:release")
    plan = plan_of(client)
    current = plan_current_version(plan) if plan is not None else None
    form = ReleaseForm(request.POST)
    if current is None:
        messages.error(request, _("The client has no plan yet."))
    elif not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    else:
        try:
            release_set(
                actor=request.user,
                client=client,
                document_type=DocumentType.CLIENT_PLAN,
                object_id=current.pk,
                rule=form.cleaned_data["rule"],
                release_on=form.cleaned_data["release_on"],
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
            messages.success(request, _("Saved when the client may see the plan."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return redirect("plans:client", client_id=client.pk)


@login_required
def avain_page(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    """The AVAIN change: the first plan's ratings against the latest review's, per component and item."""
    client = client_get_for_user(user=request.user, client_id=client_id, view="plans:avain")
    return render(
        request,
        "plans/avain.html",
        {"client": client, "change": avain_change(plan_versions_of(client=client)), "measure": avain()},
    )


@login_required
def plan_pdf(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    """The current plan version printed (PDF) in the client's language, with its goals and services."""
    client = client_get_for_user(user=request.user, client_id=client_id, view="plans:pdf")
    versions = plan_versions_of(client=client)
    if not versions:
        messages.error(request, _("The client has no plan yet."))
        return redirect("plans:client", client_id=client.pk)
    current = versions[0]
    context = {"version": current, "client": client, "printed_on": localdate()}
    language = document_language(client.language, request.GET.get("lang", ""))
    response = HttpResponse(
        document_pdf("plans/document.html", context, language), content_type="application/pdf"
    )
    response["Content-Disposition"] = (
        f'inline; filename="asiakassuunnitelma-{current.number}-{current.created_at:%Y%m%d}.pdf"'
    )
    return response


@login_required
def version(request: AuthedRequest, version_id: UUID) -> HttpResponse:
    current, previous = plan_version_get_for_user(
        user=request.user, version_id=version_id, view="plans:version"
    )
    return render(
        request,
        "plans/version.html",
        {
            "version": current,
            "client": current.plan.client,
            "changes": version_changes(previous, current) if previous else [],
        },
    )


@login_required
@require_POST
def read_link(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    client = client_get_for_user(user=request.user, client_id=client_id, view="plans:read_link")
    plan = plan_of(client)
    current = plan_current_version(plan) if plan is not None else None
    if plan is None or current is None:
        messages.error(request, _("The client has no plan yet."))
    else:
        try:
            token = plan_read_link_create(actor=request.user, plan=plan)
            request.session["new_plan_link"] = request.build_absolute_uri(
                reverse("plan_read", kwargs={"token": token})
            )
        except PermissionDenied as exc:
            messages.error(request, str(exc))
    return redirect("plans:client", client_id=client.pk)


@login_required
@require_POST
def activation(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    client = client_get_for_user(user=request.user, client_id=client_id, view="plans:activation")
    form = ActivationPlanForm(request.POST)
    if form.is_valid():
        try:
            activation_plan_create(actor=request.user, client=client, **form.cleaned_data)
            messages.success(request, _("Activation plan saved."))
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc))
    else:
        messages.error(request, _("Fill in the employment services office and the agreed measures."))
    return redirect("plans:client", client_id=client.pk)


def read(request: HttpRequest, token: str) -> HttpResponse:
    """The client reads their current plan. The link opens once; a second open gets the closed page."""
    try:
        link, current = plan_read_link_open(token=token)
    except ValidationError:
        with speaking(request):
            return remember(request, render(request, "plans/read_closed.html", status=410))
    with speaking(request, link):
        if not is_released(DocumentType.CLIENT_PLAN, current.pk):
            # Set after the link was sent: nothing of the plan is shown, only when it will be.
            shown = release_of(DocumentType.CLIENT_PLAN, current.pk)
            return render(request, "plans/read_not_released.html", {"release": shown}, status=403)
        response = render(request, "plans/read.html", {"version": current})
    response["Cache-Control"] = "no-store"
    return response
