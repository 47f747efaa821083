"""An initiation's national codes (THL's service task, service process and special groups): the worker sees
them by their national names and corrects them."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from polku.accounts.models import AuthedRequest
from polku.casework.forms import InitiationCodesForm
from polku.casework.selectors import initiation_get_for_user
from polku.casework.services import initiation_set_codes, may_triage
from polku.codes import national
from polku.core.forms import add_refusal, posted_version


@login_required
def initiation_codes(request: AuthedRequest, initiation_id: UUID) -> HttpResponse:
    initiation = initiation_get_for_user(
        user=request.user, initiation_id=initiation_id, view="casework:initiation_codes"
    )
    initial = {
        "service_task_code": initiation.service_task_code,
        "service_process_code": initiation.service_process_code,
        "special_group_codes": initiation.special_group_codes,
    }
    form = InitiationCodesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            initiation_set_codes(
                actor=request.user,
                initiation=initiation,
                expected_version=posted_version(request),
                **form.cleaned_data,
            )
        except (ValidationError, PermissionDenied) as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, _("The national codes were saved."))
            return redirect("casework:case", client_id=initiation.client_id)
    return render(
        request,
        "casework/initiation_codes.html",
        {
            "initiation": initiation,
            "client": initiation.client,
            "form": form,
            "may_edit": may_triage(request.user, initiation.team),
            "sets": {
                "service_task": national.code_set_name(
                    national.SERVICE_TASK, (request.LANGUAGE_CODE or "fi")[:2]
                ),
                "service_process": national.code_set_name(
                    national.SERVICE_PROCESS, (request.LANGUAGE_CODE or "fi")[:2]
                ),
                "special_group": national.code_set_name(
                    national.SPECIAL_GROUP, (request.LANGUAGE_CODE or "fi")[:2]
                ),
            },
        },
    )
