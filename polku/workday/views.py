"""The home page: what is waiting for the signed-in user, by role (polku/workday/worklist.py)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from polku.accounts.models import CLIENT_WORK_ROLES, AuthedRequest, Role
from polku.accounts.selectors import teams_of
from polku.workday.board import caseload_limit, team_board
from polku.workday.models import ReminderSetting
from polku.workday.reminders import failed_reminders
from polku.workday.worklist import due_now_count, work_for

NAV_COUNT_KEY = "workday:due-now:{}"
NAV_COUNT_SECONDS = 60


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    user = request.user
    works_with_clients = user.role in CLIENT_WORK_ROLES or user.role == Role.TEAM_MANAGER
    sections = work_for(user, view="workday:home")
    cache.set(NAV_COUNT_KEY.format(user.pk), due_now_count(sections), NAV_COUNT_SECONDS)
    return render(
        request,
        "workday/home.html",
        {
            "teams": teams_of(user).select_related("organisation"),
            "works_with_clients": works_with_clients,
            "sections": sections,
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
    class Meta:
        model = ReminderSetting
        fields = ["daily_digest", "digest_hour", "urgent_notices"]
        widgets = {"digest_hour": forms.NumberInput(attrs={"min": 0, "max": 23})}

    def clean_digest_hour(self) -> int:
        hour = self.cleaned_data["digest_hour"]
        if not 0 <= hour <= 23:
            raise forms.ValidationError(_("Give an hour from 0 to 23."))
        return int(hour)


@login_required
def reminder_settings(request: AuthedRequest) -> HttpResponse:
    """What reminders I receive."""
    setting = ReminderSetting.objects.filter(user=request.user).first() or ReminderSetting(user=request.user)
    form = ReminderSettingForm(request.POST or None, instance=setting)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your reminder settings are saved."))
        return redirect("workday:reminders")
    return render(request, "workday/reminders.html", {"form": form, "has_email": bool(request.user.email)})
