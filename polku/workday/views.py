"""The home page: what is waiting for the signed-in user, by role (polku/workday/worklist.py)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from polku.accounts.models import CLIENT_WORK_ROLES, AuthedRequest, Role
from polku.accounts.selectors import teams_of
from polku.core.forms import IntegerField, add_refusal, posted_version
from polku.core.models import StaleEditError
from polku.workday.board import caseload_limit, team_board
from polku.workday.models import ReminderSetting
from polku.workday.reminders import failed_reminders, reminder_setting_save
from polku.workday.worklist import remember_count, work_for


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    user = request.user
    works_with_clients = user.role in CLIENT_WORK_ROLES or user.role == Role.TEAM_MANAGER
    sections = work_for(user, view="workday:home")
    remember_count(user, sections)
    teams = list(teams_of(user).select_related("organisation"))
    # The user's organisation is nearly always their teams': read with them, else on its own.
    organisation = (
        next((t.organisation for t in teams if t.organisation_id == user.organisation_id), None)
        or user.organisation
    )
    return render(
        request,
        "workday/home.html",
        {
            "teams": teams,
            "organisation": organisation,
            "works_with_clients": works_with_clients,
            "sections": sections,
            "idle_sections": [s for s in sections if not s.total and s.empty],
            "failed_reminders": failed_reminders(user),
        },
    )


@login_required
def board(request: AuthedRequest) -> HttpResponse:
    """The team manager's board: the week's load by worker of her own teams."""
    if request.user.role != Role.TEAM_MANAGER:
        raise PermissionDenied
    return render(
        request,
        "workday/board.html",
        {"lines": team_board(request.user, timezone.localdate()), "limit": caseload_limit()},
    )


class ReminderSettingForm(forms.ModelForm):
    digest_hour = IntegerField(
        label=ReminderSetting._meta.get_field("digest_hour").verbose_name,
        min_value=0,
        max_value=23,
        error_messages={
            "min_value": _("Give an hour from 0 to 23."),
            "max_value": _("Give an hour from 0 to 23."),
        },
    )

    class Meta:
        model = ReminderSetting
        fields = ["daily_digest", "digest_hour", "urgent_notices"]


@login_required
def reminder_settings(request: AuthedRequest) -> HttpResponse:
    """What reminders I receive. Two tabs saving at once: the one that read an older version is refused."""
    setting = ReminderSetting.objects.filter(user=request.user).first() or ReminderSetting(user=request.user)
    form = ReminderSettingForm(request.POST or None, instance=setting)
    if request.method == "POST" and form.is_valid():
        try:
            reminder_setting_save(setting, expected_version=posted_version(request))
        except StaleEditError as error:
            add_refusal(form, error)
        else:
            messages.success(request, _("Your reminder settings are saved."))
            return redirect("workday:reminders")
    return render(
        request,
        "workday/reminders.html",
        {"form": form, "has_email": bool(request.user.email), "version": setting.version},
    )
