"""The page of a Kela notice: its type and due day, the social welfare statements written back to Kela
and whether Kela has read them, and the form for a new statement or a correction."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from polku.accounts.models import AuthedRequest
from polku.casework.forms import KelaStatementForm
from polku.casework.selectors import initiation_get_for_user
from polku.casework.statements import answers_kela, may_write_statement, statement_make, statements_of
from polku.core.forms import add_refusal

UNANSWERABLE = _lazy(
    "This contact did not come through an authority's electronic service: answer it by its own channel."
)


@login_required
def kela_statement(request: AuthedRequest, initiation_id: UUID) -> HttpResponse:
    initiation = initiation_get_for_user(
        user=request.user, initiation_id=initiation_id, view="casework:kela_statement"
    )
    contact = initiation.contact
    answerable = contact is not None and answers_kela(contact)
    statements = statements_of(contact) if contact is not None else []
    may_write = may_write_statement(request.user) and answerable
    form = KelaStatementForm(request.POST or None)
    if request.method == "POST":
        if not may_write_statement(request.user):
            raise PermissionDenied(_("You cannot write a statement on this contact."))
        # Without a contact from an authority's system there is nothing to answer through it: the page
        # says so (UNANSWERABLE), and nothing is stored.
        if answerable and form.is_valid():
            assert contact is not None  # noqa: S101  (answerable)
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
            "answers_kela": answerable,
            "unanswerable": UNANSWERABLE,
        },
    )
