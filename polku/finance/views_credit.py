"""Social credit pages: the agreement made on a granted decision, its repayment plan with holidays and
repayments, and the register of the credits of the clients the user may see."""

from __future__ import annotations

from decimal import Decimal
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
from polku.finance.forms_credit import CreditForm, HolidayForm, PaymentForm
from polku.finance.models import Instalment
from polku.finance.selectors_assistance import application_get_for_user
from polku.finance.selectors_credit import credit_get_for_user, credits_page
from polku.finance.services_credit import credit_agree, credit_holiday, instalment_pay


@login_required
def credit_create(request: AuthedRequest, application_id: UUID) -> HttpResponse:
    application = application_get_for_user(
        user=request.user, application_id=application_id, view="finance:credit_create"
    )
    existing = getattr(application, "credit", None)  # the reverse one-to-one, or None
    if existing is not None:
        return redirect("finance:credit", agreement_id=existing.pk)
    form = CreditForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            agreement = credit_agree(actor=request.user, application=application, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, _("The credit agreement and its repayment plan were saved."))
            return redirect("finance:credit", agreement_id=agreement.pk)
    return render(
        request,
        "finance/credit_form.html",
        {"application": application, "client": application.client, "form": form},
    )


@login_required
def credit_detail(request: AuthedRequest, agreement_id: UUID) -> HttpResponse:
    agreement = credit_get_for_user(user=request.user, agreement_id=agreement_id, view="finance:credit")
    instalments = list(agreement.instalments.all())
    paid = sum((i.paid_amount or Decimal("0") for i in instalments), Decimal("0"))
    due = sum((i.amount for i in instalments), Decimal("0"))
    return render(
        request,
        "finance/credit_detail.html",
        {
            "agreement": agreement,
            "client": agreement.client,
            "instalments": instalments,
            "paid": paid,
            "left": due - paid,
            "holiday_form": HolidayForm(initial={"version": agreement.version}),
            "next_unpaid": next((i for i in instalments if i.paid_on is None), None),
        },
    )


@login_required
@require_POST
def credit_holiday_view(request: AuthedRequest, agreement_id: UUID) -> HttpResponse:
    agreement = credit_get_for_user(
        user=request.user, agreement_id=agreement_id, view="finance:credit_holiday"
    )
    form = HolidayForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Give the instalment and the months of the holiday."))
        credit_holiday(
            actor=request.user,
            agreement=agreement,
            from_number=form.cleaned_data["from_number"],
            months=form.cleaned_data["months"],
            expected_version=form.cleaned_data["version"],
        )
    except (ValidationError, PermissionDenied) as exc:
        message_refusal(request, exc)
    else:
        messages.success(request, _("The payment holiday moved the instalments."))
    return redirect("finance:credit", agreement_id=agreement.pk)


@login_required
@require_POST
def instalment_pay_view(request: AuthedRequest, agreement_id: UUID, number: int) -> HttpResponse:
    agreement = credit_get_for_user(
        user=request.user, agreement_id=agreement_id, view="finance:instalment_pay"
    )
    instalment = Instalment.objects.filter(agreement=agreement, number=number).first()
    form = PaymentForm(request.POST)
    try:
        if instalment is None:
            raise ValidationError(_("No such instalment."))
        if not form.is_valid():
            raise ValidationError(_("Give the day and the amount paid."))
        instalment.agreement = agreement
        instalment_pay(
            actor=request.user,
            instalment=instalment,
            paid_on=form.cleaned_data["paid_on"],
            amount=form.cleaned_data["paid_amount"],
            expected_version=form.cleaned_data["version"],
        )
    except (ValidationError, PermissionDenied) as exc:
        message_refusal(request, exc)
    else:
        messages.success(request, _("The repayment was recorded."))
    return redirect("finance:credit", agreement_id=agreement.pk)


@login_required
def credits(request: AuthedRequest) -> HttpResponse:
    page = credits_page(user=request.user, request=request, view="finance:credits")
    return render(request, "finance/credit_list.html", {"page": page, "credits": page.object_list})
