"""Pages of social assistance applications: register, the application with its calculation and grants,
complete, withdraw, and the decision prepared from it (then made on the decision's own page)."""

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
from polku.core.forms import add_refusal, message_refusal, posted_version
from polku.finance.forms_assistance import (
    ApplicationForm,
    CalculationForm,
    CompleteForm,
    GrantFormSet,
    LineFormSet,
)
from polku.finance.models import Application, ApplicationStatus, HouseholdMember
from polku.finance.selectors_assistance import application_get_for_user, applications_of_client
from polku.finance.services_assistance import (
    CLIENT_KEY,
    GrantIn,
    application_complete,
    application_register,
    application_result,
    application_withdraw,
    calculation_save,
    grants_save,
)


@login_required
def applications(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    client = client_get_for_user(user=request.user, client_id=client_id, view="finance:applications")
    return render(
        request,
        "finance/application_list.html",
        {"client": client, "applications": applications_of_client(client=client)},
    )


@login_required
def application_create(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    client = client_get_for_user(user=request.user, client_id=client_id, view="finance:application_create")
    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            application = application_register(actor=request.user, client=client, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, _("The application was recorded."))
            return redirect("finance:application", application_id=application.pk)
    return render(request, "finance/application_create.html", {"client": client, "form": form})


def _calculation_initial(application: Application) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    initial: dict[str, Any] = {
        "version": application.version,
        "period_start": application.period_start,
        "period_end": application.period_end,
    }
    for counted in application.counted.all():
        initial[f"person_{counted.member_id or CLIENT_KEY}"] = counted.category
    lines = [
        {"line": f"{ln.direction}:{ln.kind}", "amount": ln.amount, "earned": ln.earned, "note": ln.note}
        for ln in application.lines.all()
    ]
    return initial, lines


@login_required
def application_detail(request: AuthedRequest, application_id: UUID) -> HttpResponse:
    application = application_get_for_user(
        user=request.user, application_id=application_id, view="finance:application"
    )
    client = application.client
    members = list(HouseholdMember.objects.filter(client=client, moved_out_on__isnull=True))
    initial, line_initial = _calculation_initial(application)
    posted = request.POST if request.method == "POST" else None
    form = CalculationForm(
        posted if posted and "calculate" in posted else None,
        initial=initial,
        members=members,
        client_name=str(client),
    )
    lines = LineFormSet(
        posted if posted and "calculate" in posted else None, initial=line_initial, prefix="line"
    )
    grants = GrantFormSet(
        posted if posted and "grant" in posted else None,
        initial=[
            {
                "kind": g.kind,
                "amount": g.amount,
                "method": g.method,
                "payee": g.payee,
                "payee_reference": g.payee_reference,
            }
            for g in application.grants.all()
        ],
        prefix="grant",
    )
    if posted and "calculate" in posted and form.is_valid() and lines.is_valid():
        try:
            calculation_save(
                actor=request.user,
                application=application,
                expected_version=form.cleaned_data["version"],
                period_start=form.cleaned_data["period_start"],
                period_end=form.cleaned_data["period_end"],
                persons=form.persons(),
                lines=[
                    {
                        "direction": row["line"].split(":")[0],
                        "kind": row["line"].split(":")[1],
                        "amount": row["amount"],
                        "earned": row.get("earned", False),
                        "note": row.get("note", ""),
                    }
                    for row in lines.cleaned_data
                    if row.get("line")
                ],
            )
        except (ValidationError, PermissionDenied) as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, _("The calculation was saved."))
            return redirect("finance:application", application_id=application.pk)
    if posted and "grant" in posted and grants.is_valid():
        try:
            grants_save(
                actor=request.user,
                application=application,
                expected_version=posted_version(request),
                grants=[
                    GrantIn(
                        kind=row["kind"],
                        amount=row["amount"],
                        method=row["method"],
                        payee=row.get("payee", ""),
                        payee_reference=row.get("payee_reference", ""),
                    )
                    for row in grants.cleaned_data
                    if row.get("kind")
                ],
            )
        except (ValidationError, PermissionDenied) as exc:
            add_refusal(grants.forms[0], exc) if grants.forms else message_refusal(request, exc)
        else:
            messages.success(request, _("The grants were saved."))
            return redirect("finance:application", application_id=application.pk)
    decision = getattr(application, "decision", None)  # the reverse one-to-one, or None
    return render(
        request,
        "finance/application_detail.html",
        {
            "application": application,
            "client": client,
            "result": application_result(application),
            "form": form,
            "lines": lines,
            "grants": grants,
            "saved_grants": list(application.grants.all()),
            "complete_form": CompleteForm(initial={"version": application.version}),
            "decision": decision,
            "credit": getattr(application, "credit", None),
            "open": application.status in (ApplicationStatus.RECEIVED, ApplicationStatus.COMPLETE),
        },
    )


@login_required
@require_POST
def application_complete_view(request: AuthedRequest, application_id: UUID) -> HttpResponse:
    application = application_get_for_user(
        user=request.user, application_id=application_id, view="finance:application_complete"
    )
    form = CompleteForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(
                list(form.errors.get("complete_on", [])) or _("Give the day it was complete.")
            )
        application_complete(
            actor=request.user,
            application=application,
            complete_on=form.cleaned_data["complete_on"],
            expected_version=form.cleaned_data["version"],
        )
    except (ValidationError, PermissionDenied) as exc:
        message_refusal(request, exc)
    else:
        messages.success(request, _("The application is complete: the days to decide it run."))
    return redirect("finance:application", application_id=application.pk)


@login_required
@require_POST
def application_withdraw_view(request: AuthedRequest, application_id: UUID) -> HttpResponse:
    application = application_get_for_user(
        user=request.user, application_id=application_id, view="finance:application_withdraw"
    )
    try:
        application_withdraw(
            actor=request.user, application=application, expected_version=posted_version(request)
        )
    except (ValidationError, PermissionDenied) as exc:
        message_refusal(request, exc)
    else:
        messages.success(request, _("The application was withdrawn."))
    return redirect("finance:application", application_id=application.pk)
