"""The client's data sharing page: consents, bans, and what has been disclosed of the client's data."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from polku.accounts.models import AuthedRequest
from polku.audit.models import DisclosureLogEntry
from polku.clients import consents
from polku.clients.forms import BanForm, ConsentForm
from polku.clients.selectors import client_get_for_user
from polku.core.forms import add_refusal, message_refusal, posted_version


@login_required
def page(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    client = client_get_for_user(user=request.user, client_id=client_id, view="clients:sharing")
    today = timezone.localdate()
    consent_form = ConsentForm(
        request.POST if request.POST.get("form") == "consent" else None, initial={"given_on": today}
    )
    ban_form = BanForm(
        request.POST if request.POST.get("form") == "ban" else None, initial={"given_on": today}
    )
    if request.method == "POST":
        try:
            if consent_form.is_bound and consent_form.is_valid():
                consents.consent_record(actor=request.user, client=client, **consent_form.cleaned_data)
                messages.success(request, _("Consent recorded."))
                return redirect("clients:sharing", client_id=client.pk)
            if ban_form.is_bound and ban_form.is_valid():
                consents.ban_record(actor=request.user, client=client, **ban_form.cleaned_data)
                messages.success(request, _("Ban recorded."))
                return redirect("clients:sharing", client_id=client.pk)
        except (ValidationError, PermissionDenied) as refusal:
            add_refusal(consent_form if consent_form.is_bound else ban_form, refusal)
    context = {
        "client": client,
        "consents": client.consents.select_related("recipient_organisation"),
        "bans": client.disclosure_bans.select_related("organisation"),
        "disclosures": DisclosureLogEntry.objects.filter(client_id=client.pk).order_by("-at")[:200],
        "consent_form": consent_form,
        "ban_form": ban_form,
        "today": today,
    }
    return render(request, "clients/sharing.html", context)


@login_required
@require_POST
def consent_withdraw_view(request: AuthedRequest, client_id: UUID, consent_id: UUID) -> HttpResponse:
    client = client_get_for_user(user=request.user, client_id=client_id, view="clients:consent_withdraw")
    consent = client.consents.filter(pk=consent_id).first()
    if consent is None:
        raise Http404("No such consent.")
    try:
        consents.consent_withdraw(
            actor=request.user, consent=consent, expected_version=posted_version(request)
        )
    except (ValidationError, PermissionDenied) as refusal:
        message_refusal(request, refusal)
    else:
        messages.success(request, _("Consent withdrawn."))
    return redirect("clients:sharing", client_id=client.pk)


@login_required
@require_POST
def ban_withdraw_view(request: AuthedRequest, client_id: UUID, ban_id: UUID) -> HttpResponse:
    client = client_get_for_user(user=request.user, client_id=client_id, view="clients:ban_withdraw")
    ban = client.disclosure_bans.filter(pk=ban_id).first()
    if ban is None:
        raise Http404("No such ban.")
    try:
        consents.ban_withdraw(actor=request.user, ban=ban, expected_version=posted_version(request))
    except (ValidationError, PermissionDenied) as refusal:
        message_refusal(request, refusal)
    else:
        messages.success(request, _("Ban withdrawn."))
    return redirect("clients:sharing", client_id=client.pk)
