"""The demo's co-development (issue 17): a development project with a developer-client and a
lived-experience expert, sessions with what each was given, and a client's proposal that went through the
first reading to the decision-makers' response, shown on the project's page in Finnish."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client as Browser
from django.urls import reverse

from polku.accounts.models import User
from polku.demo.codev import PROJECT
from polku.demo.data import load_demo
from polku.structural.models import DevelopmentProject, ReportStatus, SessionReward

pytestmark = pytest.mark.django_db


def test_the_demo_development_project() -> None:
    load_demo(clients=12, today=date(2026, 11, 18))
    project = DevelopmentProject.objects.get(name=PROJECT)
    roles = set(project.participants.values_list("codeveloper__role", flat=True))
    assert {"developer_client", "lived_experience"} <= roles
    assert project.sessions.exists()
    given = {
        (r.codeveloper.name, r.reward, r.amount)
        for r in SessionReward.objects.filter(session__project=project)
    }
    assert ("Aino Laaksonen", "fee", Decimal("40.00")) in given
    assert ("Jari Heikkilä", "gift_card", Decimal("30.00")) in given
    responded = project.proposals.get(status=ReportStatus.RESPONDED)
    assert responded.proposed_by is not None and responded.response
    assert project.proposals.filter(proposed_by=None, status=ReportStatus.SUBMITTED).exists()

    manager = Browser()
    manager.force_login(User.objects.get(username="esihenkilo"))
    page = manager.get(reverse("structural:dev_project", args=[project.pk])).content.decode()
    assert "Mitä asiakkailta tuli ja mitä sille tehtiin" in page
    assert responded.title in page and responded.response in page
