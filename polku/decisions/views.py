"""Decision pages: prepare, make, notify with the appeal instructions, the PDF document."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from polku.accounts.models import AuthedRequest
from polku.clients.selectors import client_get_for_user
from polku.core.forms import add_refusal, message_refusal
from polku.decisions.document import decision_pdf
from polku.decisions.forms import DecisionForm, NotifyForm, ServiceStartedForm
from polku.decisions.models import (
    DEFAULT_LEGAL_BASIS,
    Decision,
    DecisionStatus,
    DecisionType,
)
from polku.decisions.selectors import decision_get_for_user, decisions_of_client
from polku.decisions.services import (
    decision_draft,
    decision_for_application,
    decision_make,
    decision_notify,
    decision_service_started,
    decision_update,
)
from polku.finance.calculation import result_from_json
from polku.finance.selectors_assistance import application_get_for_user
from polku.finance.services_assistance import application_result


@login_required
def client_decisions(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    client = client_get_for_user(user=request.user, client_id=client_id, view="decisions:client")
    return render(
        request, "decisions/list.html", {"client": client, "decisions": decisions_of_client(client=client)}
    )


@login_required
def create(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    client = client_get_for_user(user=request.user, client_id=client_id, view="decisions:create")
    initial = {
        "decision_type": DecisionType.SOCIAL_REHABILITATION,
        "legal_basis": DEFAULT_LEGAL_BASIS[DecisionType.SOCIAL_REHABILITATION],
        "language": "sv" if client.language == "sv" else "fi",
    }
    form = DecisionForm(request.POST or None, client=client, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            decision = decision_draft(actor=request.user, client=client, **data)
        except (ValidationError, PermissionDenied) as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, _("Draft saved."))
            return redirect("decisions:detail", decision_id=decision.pk)
    return render(request, "decisions/create.html", {"client": client, "form": form})


@login_required
@require_POST
def for_application(request: AuthedRequest, application_id: UUID) -> HttpResponse:
    """Prepare the decision on a social assistance or social credit application (a draft of its type)."""
    application = application_get_for_user(
        user=request.user, application_id=application_id, view="decisions:for_application"
    )
    try:
        decision = decision_for_application(actor=request.user, application=application)
    except (ValidationError, PermissionDenied) as exc:
        message_refusal(request, exc)
        return redirect("finance:application", application_id=application.pk)
    messages.success(request, _("Draft saved."))
    return redirect("decisions:detail", decision_id=decision.pk)


@login_required
def detail(request: AuthedRequest, decision_id: UUID) -> HttpResponse:
    decision = decision_get_for_user(user=request.user, decision_id=decision_id, view="decisions:detail")
    form = None
    if decision.status == DecisionStatus.DRAFT:
        form = DecisionForm(
            request.POST or None,
            instance=decision,
            client=decision.client,
            initial={"version": decision.version},
        )
        if request.method == "POST" and form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
            try:
                if "make" in request.POST:
                    # The last edits and the decision in one step: a refusal stores neither.
                    decision_make(
                        actor=request.user,
                        decision=decision,
                        expected_version=form.cleaned_data["version"],
                        **data,
                    )
                    messages.success(request, _("The decision was made."))
                else:
                    decision_update(
                        actor=request.user,
                        decision=decision,
                        expected_version=form.cleaned_data["version"],
                        **data,
                    )
                    messages.success(request, _("Draft saved."))
                return redirect("decisions:detail", decision_id=decision.pk)
            except (ValidationError, PermissionDenied) as exc:
                add_refusal(form, exc)
                decision.refresh_from_db()  # the page shows what is stored; the form keeps the input
    return _detail_page(request, decision, form=form)


def _detail_page(
    request: AuthedRequest,
    decision: Decision,
    *,
    form: DecisionForm | None = None,
    notify_form: NotifyForm | None = None,
) -> HttpResponse:
    return render(
        request,
        "decisions/detail.html",
        {
            "decision": decision,
            "client": decision.client,
            "form": form,
            "notify_form": notify_form or NotifyForm(client=decision.client),
            "started_form": ServiceStartedForm(),
            **_money(decision),
        },
    )


def _money(decision: Decision) -> dict[str, Any]:
    """The application's calculation (as kept with the decision once made) and grants, for the page."""
    application = decision.application
    if application is None:
        return {}
    return {
        "money_result": result_from_json(application.calculation)
        if application.calculation
        else application_result(application),
        "money_grants": list(application.grants.all()),
    }


@login_required
@require_POST
def notify(request: AuthedRequest, decision_id: UUID) -> HttpResponse:
    decision = decision_get_for_user(user=request.user, decision_id=decision_id, view="decisions:notify")
    form = NotifyForm(request.POST, client=decision.client)
    if form.is_valid():
        try:
            decision_notify(
                actor=request.user,
                decision=decision,
                method=form.cleaned_data["method"],
                sent_on=form.cleaned_data["sent_on"],
            )
        except (ValidationError, PermissionDenied) as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, _("The notification was recorded."))
            return redirect("decisions:detail", decision_id=decision.pk)
    decision.refresh_from_db()
    return _detail_page(request, decision, notify_form=form)


@login_required
@require_POST
def service_started(request: AuthedRequest, decision_id: UUID) -> HttpResponse:
    decision = decision_get_for_user(
        user=request.user, decision_id=decision_id, view="decisions:service_started"
    )
    form = ServiceStartedForm(request.POST)
    if form.is_valid():
        try:
            decision_service_started(actor=request.user, decision=decision, **form.cleaned_data)
            messages.success(request, _("The start of the service was recorded."))
        except (ValidationError, PermissionDenied) as exc:
            message_refusal(request, exc)
    return redirect("decisions:detail", decision_id=decision.pk)


@login_required
def pdf(request: AuthedRequest, decision_id: UUID) -> HttpResponse:
    decision: Decision = decision_get_for_user(
        user=request.user, decision_id=decision_id, view="decisions:pdf"
    )
    if decision.status == DecisionStatus.DRAFT:
        messages.error(request, _("A draft has no decision document yet."))
        return redirect("decisions:detail", decision_id=decision.pk)
    wanted = request.GET.get("lang", "")
    language = wanted if wanted in ("fi", "sv") else decision.language
    response = HttpResponse(decision_pdf(decision, language), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="paatos-{decision.decided_at:%Y%m%d}.pdf"'
    return response
