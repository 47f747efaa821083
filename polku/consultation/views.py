"""The consultation pages: the list (asked of me, asked by me), asking, the thread, and the panels'
statistics."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from polku.accounts.models import AuthedRequest
from polku.clients.models import Client
from polku.clients.selectors import client_get_for_user
from polku.consultation.forms import AskForm, Basis, IdentifiedForm, WriteForm
from polku.consultation.models import Consultation
from polku.consultation.selectors import (
    STATISTICS_ROLES,
    asked_by,
    asked_of,
    consultation_get_for_user,
    panel_statistics,
    unread_answers,
)
from polku.consultation.services import (
    Identified,
    consultation_ask,
    consultation_close,
    consultation_write,
    may_consult,
)
from polku.core.forms import add_refusal, message_refusal
from polku.core.pagination import page_of


@login_required
def consultation_list(request: AuthedRequest) -> HttpResponse:
    if not may_consult(request.user):
        raise PermissionDenied(_("Consultations are for those in client work."))
    mine = request.GET.get("show") == "mine"
    queryset = asked_by(request.user) if mine else asked_of(request.user)
    page = page_of(queryset, request)
    return render(
        request,
        "consultation/list.html",
        {
            "page": page,
            "mine": mine,
            "unread": set(unread_answers(request.user).values_list("pk", flat=True)) if mine else set(),
            "waiting": asked_of(request.user, waiting_only=True).count(),
        },
    )


def _client_of(request: AuthedRequest) -> Client | None:
    client_id = request.POST.get("client") or request.GET.get("client")
    if not client_id:
        return None
    return client_get_for_user(user=request.user, client_id=client_id, view="consultation:new")


@login_required
def consultation_new(request: AuthedRequest) -> HttpResponse:
    if not may_consult(request.user):
        raise PermissionDenied(_("Consultations are asked by those in client work."))
    client = _client_of(request)
    data = request.POST if request.method == "POST" else None
    form = AskForm(data, actor=request.user, initial={"asked_of": "panel"})
    identification = IdentifiedForm(data) if client is not None else None
    if request.method == "POST" and form.is_valid() and (identification is None or identification.is_valid()):
        identified = None
        if client is not None and identification is not None:
            by_law = identification.cleaned_data["basis"] == Basis.LAW
            identified = Identified(
                client=client,
                shared=identification.cleaned_data["shared"],
                shared_until=identification.cleaned_data["shared_until"],
                consent_on=None if by_law else identification.cleaned_data["consent_on"],
                consent_method=identification.cleaned_data["consent_method"] or "oral",
                ground_in_law=identification.cleaned_data["ground_in_law"] if by_law else "",
            )
        try:
            consultation = consultation_ask(
                actor=request.user,
                asked_of=form.cleaned_data["asked_of"],
                topic=form.cleaned_data["topic"],
                subject=form.cleaned_data["subject"],
                question=form.cleaned_data["question"],
                colleague=form.cleaned_data["colleague"],
                team=form.cleaned_data["team"],
                panel=form.cleaned_data["panel"],
                identified=identified,
            )
        except (ValidationError, PermissionDenied) as exc:
            if identification is not None and isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
                own = {k: v for k, v in exc.message_dict.items() if k in identification.fields}
                rest = {k: v for k, v in exc.message_dict.items() if k not in identification.fields}
                if own:
                    add_refusal(identification, ValidationError(own))
                if rest:
                    add_refusal(form, ValidationError(rest))
            else:
                add_refusal(form, exc)
        else:
            messages.success(
                request,
                _("The consultation was sent. Its disclosure was written to the client's disclosure log.")
                if identified
                else _("The consultation was sent."),
            )
            return redirect("consultation:detail", consultation_id=consultation.pk)
    return render(
        request,
        "consultation/new.html",
        {"form": form, "identification": identification, "client": client},
    )


@login_required
def consultation_detail(request: AuthedRequest, consultation_id: UUID) -> HttpResponse:
    seen = consultation_get_for_user(
        user=request.user, consultation_id=consultation_id, view="consultation:detail"
    )
    consultation = seen.consultation
    if seen.asker:
        Consultation.objects.filter(pk=consultation.pk).update(asker_read_at=timezone.now())
    thread = list(consultation.messages.select_related("author")) if seen.readable else []
    return render(
        request,
        "consultation/detail.html",
        {"seen": seen, "c": consultation, "thread": thread, "form": WriteForm()},
    )


@login_required
@require_POST
def consultation_write_view(request: AuthedRequest, consultation_id: UUID) -> HttpResponse:
    seen = consultation_get_for_user(
        user=request.user, consultation_id=consultation_id, view="consultation:write"
    )
    form = WriteForm(request.POST)
    if form.is_valid():
        try:
            consultation_write(
                actor=request.user, consultation=seen.consultation, text=form.cleaned_data["text"]
            )
        except (ValidationError, PermissionDenied) as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, _("Your message was added to the consultation."))
            return redirect("consultation:detail", consultation_id=seen.consultation.pk)
    consultation = seen.consultation
    thread = list(consultation.messages.select_related("author")) if seen.readable else []
    return render(
        request,
        "consultation/detail.html",
        {"seen": seen, "c": consultation, "thread": thread, "form": form},
    )


@login_required
@require_POST
def consultation_close_view(request: AuthedRequest, consultation_id: UUID) -> HttpResponse:
    seen = consultation_get_for_user(
        user=request.user, consultation_id=consultation_id, view="consultation:close"
    )
    try:
        consultation_close(actor=request.user, consultation=seen.consultation)
    except (ValidationError, PermissionDenied) as exc:
        message_refusal(request, exc)
    else:
        messages.success(request, _("The consultation was closed."))
    return redirect("consultation:detail", consultation_id=seen.consultation.pk)


@login_required
def statistics(request: AuthedRequest) -> HttpResponse:
    if request.user.role not in STATISTICS_ROLES:
        raise PermissionDenied(_("The panels' statistics are for managers and analysts."))
    return render(request, "consultation/statistics.html", {"figures": panel_statistics()})
