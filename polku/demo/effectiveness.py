"""Demo answers to the functional-capacity self-assessment: repeated answers of the synthetic clients, a
start and reviews two to four months apart, so that the change chart and the effectiveness report show
real breakdowns. Deterministic for a seed; running it again adds nothing. (Ville's answers are part of his
story, polku/demo/ville_services.py.)

The synthetic answers are loaded like the
synthetic clients themselves (a data loader, not client work: no use-log rows), but every one is folded
into the summaries and aggregates by the same function the services use.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from polku.accounts.models import Organisation, OrganisationKind
from polku.clients.models import Client
from polku.core.crypto import search_hash
from polku.demo.ville import VILLE_HETU
from polku.instruments.aggregates import summary_record
from polku.instruments.definitions import Instrument, instrument_get
from polku.instruments.models import ClientInstrumentSummary, Response, ResponseMode, ResponseStatus
from polku.instruments.scoring import domain_scores

CODE = "functional_capacity"


def _answers(instrument: Instrument, rng: random.Random, level: dict[str, float]) -> dict[str, int]:
    answers = {}
    for domain in instrument.domains:
        for item_id in domain.items:
            item = instrument.items[item_id]
            good = level[domain.id] + rng.gauss(0, 0.6)  # on a 0-1 scale, higher is better
            fraction = min(max(good, 0.0), 1.0)
            if item.reverse:
                fraction = 1 - fraction
            answers[item_id] = round(item.scale.min + fraction * (item.scale.max - item.scale.min))
    return answers


def load_synthetic_answers(*, seed: int, exclude_hetu: str) -> int:
    """Two to four answers each for most synthetic clients, a few months apart; returns how many."""
    instrument = instrument_get(CODE)
    assert instrument is not None  # noqa: S101  (a built-in instrument)
    if ClientInstrumentSummary.objects.exclude(client__hetu_hash=search_hash(exclude_hetu)).exists():
        return 0
    rng = random.Random(seed)  # noqa: S311  (demo data, not security)
    provider = Organisation.objects.filter(kind=OrganisationKind.PROVIDER).order_by("name").first()
    clients = Client.objects.exclude(hetu_hash=search_hash(exclude_hetu)).select_related("municipality")
    now = timezone.now()
    made = 0
    written: list[object] = []
    for client in clients.order_by("pk"):
        if rng.random() < 0.15:
            continue  # never answered
        in_service = provider is not None and rng.random() < 0.5
        level = {d.id: rng.uniform(0.15, 0.6) for d in instrument.domains}
        gain = rng.gauss(0.12 if in_service else 0.04, 0.12)  # per answer, on the 0-1 scale
        at = now - timedelta(days=rng.randint(200, 420))
        started = client.relationships.order_by("started_at").values_list("started_at", flat=True).first()
        if started and at < started:
            at = started + timedelta(days=rng.randint(1, 30))  # answered within the client relationship
        if at >= now:
            continue  # the relationship is too new for a start and a review
        with transaction.atomic():
            for _step in range(rng.choice((1, 2, 2, 3, 3, 4))):
                answers = _answers(instrument, rng, level)
                response = Response.objects.create(
                    client=client, instrument_code=CODE, instrument_version=instrument.version,
                    status=ResponseStatus.COMPLETED, mode=ResponseMode.WITH_WORKER, answers=answers,
                    scores=domain_scores(instrument, answers), answered_at=at, next_page=len(instrument.pages),
                    context={"provider": [str(provider.pk)]} if in_service and provider else {},
                )  # fmt: skip
                summary_record(instrument=instrument, response=response)
                made += 1
                written.append(response.pk)
                level = {k: v + gain + rng.gauss(0, 0.05) for k, v in level.items()}
                at += timedelta(days=rng.randint(60, 120))
                if at > now:
                    break
    # Written when it was answered, not at the moment the demo is loaded.
    Response.objects.filter(pk__in=written).update(created_at=F("answered_at"), updated_at=F("answered_at"))
    return made


def load_effectiveness(*, seed: int) -> None:
    load_synthetic_answers(seed=seed, exclude_hetu=VILLE_HETU)
