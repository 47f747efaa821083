"""The client's money page (taloussosiaalityö): the household, the budget and its versions, the debts, the
debt list as PDF, and the referral to financial and debt counselling."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from polku.accounts.models import AuthedRequest
from polku.clients.models import Client
from polku.clients.selectors import client_get_for_user
from polku.core.documents import document_language, document_pdf
from polku.core.forms import add_refusal
from polku.finance.forms_household import BudgetForm, BudgetLineFormSet, DebtForm, MemberForm, ReferralForm
from polku.finance.models import BudgetVersion, Debt, DebtStatus, Direction, HouseholdMember
from polku.finance.selectors import (
    budget_version_get_for_user,
    client_record_get_for_user,
    debt_totals,
    money_of_client,
)
from polku.finance.services_household import (
    BudgetLineIn,
    budget_totals,
    budget_version_save,
    debt_add,
    debt_referral_make,
    debt_update,
    member_add,
    member_update,
)


def _grouped(version: BudgetVersion | None) -> dict[str, list[Any]]:
    groups: dict[str, list[Any]] = {d: [] for d in Direction.values}
    if version is not None:
        for line in version.lines.select_related("member"):
            groups[line.direction].append(line)
    return groups


@login_required
def money(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    client = client_get_for_user(user=request.user, client_id=client_id, view="finance:client")
    member_form = MemberForm(request.POST or None, prefix="member")
    if request.method == "POST" and member_form.is_valid():
        data = {k: v for k, v in member_form.cleaned_data.items() if k not in ("version", "moved_out_on")}
        try:
            member_add(actor=request.user, client=client, **data)
        except (ValidationError, PermissionDenied) as exc:
            add_refusal(member_form, exc)
        else:
            messages.success(request, _("The household member was added."))
            return redirect("finance:client", client_id=client.pk)
    context = money_of_client(client=client)
    latest = context["latest"]
    return render(
        request,
        "finance/money.html",
        {
            "client": client,
            **context,
            "lines": _grouped(latest),  # type: ignore[arg-type]
            "totals": budget_totals(latest),  # type: ignore[arg-type]
            "debt_totals": debt_totals(context["debts"]),  # type: ignore[arg-type]
            "member_form": member_form,
        },
    )


@login_required
def member_edit(request: AuthedRequest, member_id: UUID) -> HttpResponse:
    member = client_record_get_for_user(
        model=HouseholdMember, user=request.user, pk=member_id, view="finance:member"
    )
    form = MemberForm(request.POST or None, instance=member, initial={"version": member.version})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            member_update(
                actor=request.user, member=member, expected_version=form.cleaned_data["version"] or 0, **data
            )
        except (ValidationError, PermissionDenied) as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("finance:client", client_id=member.client_id)
    return render(
        request, "finance/member_form.html", {"client": member.client, "form": form, "member": member}
    )


def budget_initial(version: BudgetVersion | None) -> list[dict[str, Any]]:
    if version is None:
        return []
    return [
        {
            "line": f"{ln.direction}:{ln.kind}",
            "amount": ln.amount,
            "payer": ln.payer,
            "period_start": ln.period_start,
            "period_end": ln.period_end,
            "member": str(ln.member_id or ""),
            "note": ln.note,
        }
        for ln in version.lines.all()
    ]


def budget_lines_in(rows: list[dict[str, Any]]) -> list[BudgetLineIn]:
    """The filled rows of a budget formset as the service takes them."""
    return [
        BudgetLineIn(
            direction=row["line"].split(":")[0],
            kind=row["line"].split(":")[1],
            amount=row["amount"],
            payer=row.get("payer", ""),
            period_start=row.get("period_start"),
            period_end=row.get("period_end"),
            member_id=row.get("member") or None,
            note=row.get("note", ""),
        )
        for row in rows
        if row.get("line")
    ]


@login_required
def budget_new(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    client = client_get_for_user(user=request.user, client_id=client_id, view="finance:budget_new")
    latest = money_of_client(client=client)["latest"]
    members = list(HouseholdMember.objects.filter(client=client, moved_out_on__isnull=True))
    today = timezone.localdate()
    form = BudgetForm(
        request.POST or None,
        initial={"number": latest.number if latest else 0, "month": today.replace(day=1)},  # type: ignore[attr-defined]
    )
    lines = BudgetLineFormSet(
        request.POST or None,
        initial=budget_initial(latest),  # type: ignore[arg-type]
        prefix="line",
        form_kwargs={"members": members},
    )
    if request.method == "POST" and form.is_valid() and lines.is_valid():
        try:
            budget_version_save(
                actor=request.user,
                client=client,
                month=form.cleaned_data["month"].replace(day=1),
                note=form.cleaned_data["note"],
                expected_number=form.cleaned_data["number"],
                lines=budget_lines_in(lines.cleaned_data),
            )
        except (ValidationError, PermissionDenied) as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, _("A new version of the budget was saved."))
            return redirect("finance:client", client_id=client.pk)
    return render(request, "finance/budget_form.html", {"client": client, "form": form, "lines": lines})


@login_required
def budget_version(request: AuthedRequest, budget_version_id: int) -> HttpResponse:
    version = budget_version_get_for_user(
        user=request.user, version_id=budget_version_id, view="finance:budget_version"
    )
    return render(
        request,
        "finance/budget_version.html",
        {
            "client": version.budget.client,
            "version": version,
            "lines": _grouped(version),
            "totals": budget_totals(version),
        },
    )


def _debt_page(request: AuthedRequest, client: Client, debt: Debt | None) -> HttpResponse:
    form = DebtForm(request.POST or None, instance=debt, initial={"version": debt.version if debt else None})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            if debt is None:
                debt_add(actor=request.user, client=client, **data)
            else:
                debt_update(
                    actor=request.user, debt=debt, expected_version=form.cleaned_data["version"] or 0, **data
                )
        except (ValidationError, PermissionDenied) as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, _("The debt was saved."))
            return redirect("finance:client", client_id=client.pk)
    return render(request, "finance/debt_form.html", {"client": client, "form": form, "debt": debt})


@login_required
def debt_new(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    client = client_get_for_user(user=request.user, client_id=client_id, view="finance:debt_new")
    return _debt_page(request, client, None)


@login_required
def debt_edit(request: AuthedRequest, debt_id: UUID) -> HttpResponse:
    debt = client_record_get_for_user(model=Debt, user=request.user, pk=debt_id, view="finance:debt")
    return _debt_page(request, debt.client, debt)


@login_required
def debts_pdf(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    """The debt list the client takes to financial and debt counselling, in the client's language."""
    client = client_get_for_user(user=request.user, client_id=client_id, view="finance:debts_pdf")
    debts = list(client.debts.order_by("due_on", "creditor"))  # type: ignore[attr-defined]
    language = document_language(client.language, request.GET.get("lang", ""))
    context = {"client": client, "debts": debts, "printed_on": timezone.localdate(), **debt_totals(debts)}
    response = HttpResponse(
        document_pdf("finance/debts_document.html", context, language), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="velat-{timezone.localdate():%Y%m%d}.pdf"'
    return response


@login_required
def referral_new(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    client = client_get_for_user(user=request.user, client_id=client_id, view="finance:referral_new")
    debts = [d for d in client.debts.order_by("due_on", "creditor") if d.status != DebtStatus.SETTLED]  # type: ignore[attr-defined]
    form = ReferralForm(request.POST or None, debts=debts, initial={"debts": [str(d.pk) for d in debts]})
    if request.method == "POST" and form.is_valid():
        try:
            debt_referral_make(
                actor=request.user,
                client=client,
                recipient=form.cleaned_data["recipient"],
                debt_ids=form.cleaned_data["debts"],
                consent_given=form.cleaned_data["consent_given"],
                consent_on=form.cleaned_data["consent_on"],
                message=form.cleaned_data["message"],
            )
        except (ValidationError, PermissionDenied) as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, _("The referral was made and its disclosure logged."))
            return redirect("finance:client", client_id=client.pk)
    return render(request, "finance/referral_form.html", {"client": client, "form": form})
