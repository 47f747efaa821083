"""The demo's consultations (issue 17): the law panel answered an anonymous question, and a consultation
about Ville, on his consent, waits for the social counsellor, with its row in Ville's disclosure log."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client as Browser
from django.urls import reverse

from polku.accounts.models import User
from polku.audit.models import DisclosureLogEntry
from polku.clients.models import Client
from polku.consultation.models import Consultation
from polku.core.crypto import search_hash
from polku.demo.data import load_demo
from polku.demo.ville import VILLE_HETU

pytestmark = pytest.mark.django_db


def test_the_demo_consultations() -> None:
    load_demo(clients=12, today=date(2026, 11, 18))
    load_demo(clients=12, today=date(2026, 11, 18))  # loading again adds nothing
    ville = Client.objects.get(hetu_hash=search_hash(VILLE_HETU))
    anonymous, identified = Consultation.objects.order_by("created_at")
    assert (anonymous.client, anonymous.status, anonymous.panel.topic) == (None, "answered", "law")
    assert (identified.client, identified.status) == (ville, "open")
    disclosure = DisclosureLogEntry.objects.get(object_type="consultation", client_id=ville.pk)
    assert (disclosure.object_id, disclosure.legal_basis) == (str(identified.pk), "consent")

    counsellor = Browser()
    counsellor.force_login(User.objects.get(username="sosiaaliohjaaja"))
    home = counsellor.get(reverse("workday:home")).content.decode()
    assert "Päihdekuntoutuksen vaihtoehdot" in home
    page = counsellor.get(reverse("consultation:detail", args=[identified.pk])).content.decode()
    assert ville.last_name in page and "kieltäytyy laitosjaksosta" in page

    worker = Browser()
    worker.force_login(User.objects.get(username="sosiaalityontekija"))
    assert "Vuokravakuuden palauttaminen" in worker.get(reverse("workday:home")).content.decode()
