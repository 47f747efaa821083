"""The page of a Kela notice: its type and due day, the social welfare statements written back to Kela
and whether Kela has read them, and the form for a new statement or a correction."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from polku.accounts.models import AuthedRequest
from polku.casework.forms import KelaStatementForm
from polku.casework.selectors import initiation_get_for_user
from polku.casework.statements import answers_kela, may_write_statement, statement_make, statements_of
from polku.core.forms import add_refusal


@login_required
def kela_statement(request: AuthedRequest, initiation_id: UUID) -> HttpResponse:
    initiation = initiation_get_for_user(
        user=request.user, initiation_id=initiation_id, view="casework:kela_statement"
    )
    contact = initiation.contact
    if contact is None:
        raise Http404("The initiation did not come from a contact.")
    statements = statements_of(contact)
    may_write = may_write_statement(request.user) and answers_kela(contact)
    form = KelaStatementForm(request.POST or None)
    if request.method == "POST":
        if not may_write:
            raise PermissionDenied(_("You cannot write a statement on this contact."))
        if form.is_valid():
            try:
                statement_make(
                    actor=request.user,
                    contact=contact,
                    text=form.cleaned_data["text"],
                    replaces=statements[0] if statements else None,
                )
            except ValidationError as exc:
                add_refusal(form, exc)
            else:
                messages.success(request, _("The statement was made; Kela can read it once."))
                return redirect("casework:kela_statement", initiation_id=initiation.pk)
    return render(
        request,
        "casework/kela_statement.html",
        {
            "initiation": initiation,
            "client": initiation.client,
            "contact": contact,
            "statements": statements,
            "form": form if may_write else None,
            "answers_kela": answers_kela(contact),
        },
    )
