"""The demo's Sámi client (issue 17): Ánde Gaup answered the self-assessment in Northern Sámi, and his
worker sees the language beside the answer."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client as Browser
from django.urls import reverse

from polku.accounts.models import User
from polku.clients.models import Client
from polku.core.crypto import search_hash
from polku.demo.data import load_demo
from polku.demo.sami import ANDE_HETU
from polku.instruments.models import Response

pytestmark = pytest.mark.django_db


def test_ande_answered_in_sami() -> None:
    load_demo(clients=12, today=date(2026, 11, 18))
    ande = Client.objects.get(hetu_hash=search_hash(ANDE_HETU))
    assert ande.language == "se"
    response = Response.objects.get(client=ande)
    assert response.is_completed and response.link.language == "se"  # type: ignore[attr-defined]
    worker = Browser()
    worker.force_login(User.objects.get(username="sosiaalityontekija"))
    page = worker.get(reverse("instruments:feedback", args=[response.pk])).content.decode()
    assert "davvisámegiella" in page
