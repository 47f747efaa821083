"""The demo's Sámi client (issue 17): Ánde Gaup of Koivula, whose language is Northern Sámi, answered the
functional-capacity self-assessment through the one-time link in Sámi; his worker sees the answer and the
language it was given in."""

from __future__ import annotations

from datetime import date

from polku.accounts.models import Team, User
from polku.clients.hetu import make_hetu
from polku.clients.models import Client, Language
from polku.clients.services import client_create
from polku.core.crypto import search_hash
from polku.instruments.definitions import instrument_get
from polku.instruments.models import Response, ResponseLink
from polku.instruments.services import (
    response_link_finish,
    response_link_open,
    response_link_page_save,
    response_link_send,
)

ANDE_HETU = make_hetu(date(1978, 9, 3), 948)  # the demo's individual numbers are 900-999


def load_sami(*, social_worker: User, team: Team) -> Client:
    existing = Client.objects.filter(hetu_hash=search_hash(ANDE_HETU)).first()
    if existing is not None:
        return existing
    ande = client_create(
        actor=social_worker,
        hetu=ANDE_HETU,
        first_name="Ánde",
        last_name="Gaup",
        language=Language.SAMI,
        team=team,
        gender="male",
        municipality=team.municipality,
        street_address="Tunturitie 4",
        postal_code="96100",
        post_office="Koivula",
        phone="+358 40 765 4321",
    )
    _response, token = response_link_send(
        actor=social_worker, client=ande, instrument_code="functional_capacity"
    )
    link, secret = response_link_open(token=token)
    ResponseLink.objects.filter(pk=link.pk).update(language=Language.SAMI)  # as the link page records it
    instrument = instrument_get("functional_capacity")
    for number, page in enumerate(instrument.pages if instrument else ()):
        answers = {item: (6 if item == "overall" else 3) for item in page.items}
        response_link_page_save(token=token, page=number, answers=answers, browser_secret=secret)
    done = response_link_finish(token=token, browser_secret=secret)
    Response.objects.filter(pk=done.pk).update(created_at=done.answered_at)  # as the demo's other answers
    return ande
