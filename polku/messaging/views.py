from __future__ import annotations

from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from polku.accounts.models import AuthedRequest, hash_token
from polku.core.forms import message_refusal

from .forms import SendLinkForm
from .links import sendable_by_url_name
from .models import Channel
from .services import message_send_link


@login_required
@require_POST
def send_link(request: AuthedRequest) -> HttpResponse:
    """One click: send the one-time link just made (its address posted back from the page) to the client
    by e-mail or SMS. The service checks the token against the link's hash."""
    form = SendLinkForm(request.POST)
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}
    ) or not next_url.startswith("/"):
        next_url = "/"
    if not form.is_valid():
        messages.error(request, _("The message could not be sent: the form was not complete."))
        return redirect(next_url)
    data = form.cleaned_data
    try:
        match = resolve(urlsplit(data["url"]).path)
    except Resolver404:
        match = None
    sendable = sendable_by_url_name(match.url_name or "") if match else None
    if match is None or sendable is None:
        messages.error(request, _("This link cannot be sent."))
        return redirect(next_url)
    token = str(match.kwargs.get(sendable.argument, ""))
    link = sendable.model._default_manager.filter(token_hash=hash_token(token)).first()
    try:
        if link is None:
            raise ValidationError(_("This link cannot be sent."))
        message = message_send_link(
            actor=request.user, link=link, token=token, channel=data["channel"], confirmed=data["confirmed"]
        )
    except (ValidationError, PermissionDenied) as exc:
        message_refusal(request, exc)
        if data["again"]:
            # Show the link again, so that the worker can confirm or give it by hand.
            request.session[data["again"]] = (
                data["url"]
                if data["again"] == "new_plan_link"
                else {"url": data["url"], "expires": data["expires"]}
            )
        return redirect(next_url)
    messages.success(
        request,
        _("The link was sent to the client by e-mail.")
        if message.channel == Channel.EMAIL
        else _("The link was sent to the client by SMS."),
    )
    return redirect(next_url)
