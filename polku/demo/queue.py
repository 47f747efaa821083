"""Fresh contacts for the demo queues and the deadline board: some statutory (75 or over), one urgent,
one already overdue. Sent through the contact service with idempotency keys, so a rerun adds nothing."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from polku.accounts.models import User
from polku.casework.services import Person, Sender, contact_receive
from polku.clients.models import Client
from polku.demo.backdate import happened_at

# (sender, reasons, what was seen, days ago, urgent, over 75)
CONTACTS = (
    (
        "Kela",
        ["basic_amount_reduction"],
        "Perusosaa alennettu 20 %. Päätös lähetetty sosiaalihuoltoon.",
        1,
        False,
        False,
    ),
    (
        "Kela",
        ["supplementary_assistance", "housing"],
        "Hakemus täydentävästä toimeentulotuesta, vuokravelkaa.",
        2,
        False,
        False,
    ),
    (
        "Koivulan terveysasema",
        ["health", "life_management"],
        "Iäkäs asiakas ei selviydy kotona, lääkkeet sekaisin.",
        3,
        False,
        True,
    ),
    ("Kela", ["long_term_unemployment"], "Pitkäaikaistyötön, ei aktivointisuunnitelmaa.", 4, False, False),
    ("Poliisi", ["substance_use", "housing"], "Asunnoton, päihtynyt, yöpyy rappukäytävissä.", 0, True, False),
    (
        "Harjuniemen kotihoito",
        ["health"],
        "Kotihoidon asiakas yli 75 v, muistisairauden epäily.",
        12,
        False,
        True,
    ),
)


def load_queue(*, kela: User, today: date | None = None) -> int:
    """Each contact, and what it starts (the initiation, its journal entry), dated when it came."""
    today = today or timezone.localdate()
    latest = min(timezone.now(), timezone.make_aware(datetime.combine(today, time(12))))
    # Clients with an open relationship and no initiation yet (so not Ville).
    candidates = Client.objects.filter(relationships__ended_at__isnull=True, initiations__isnull=True)
    elderly = candidates.filter(birth_date__lt=date(today.year - 76, 1, 1)).order_by("hetu_hash")
    younger = candidates.filter(birth_date__gt=date(today.year - 60, 1, 1)).order_by("hetu_hash")
    old_iter, young_iter = iter(elderly), iter(younger)
    created = 0
    for number, (sender, reasons, seen, days_ago, urgent, old) in enumerate(CONTACTS, start=1):
        client = next(old_iter if old else young_iter, None)
        if client is None:
            continue
        contacted_at = latest - timedelta(days=days_ago, hours=2)
        with happened_at(contacted_at):
            _contact, was_new = contact_receive(
                actor=kela,
                person=Person(hetu=client.hetu, first_name=client.first_name, last_name=client.last_name),
                sender=Sender(organisation=sender),
                consent=True,
                reasons=reasons,
                description=seen,
                urgent=urgent,
                contacted_at=contacted_at,
                idempotency_key=f"demo-queue-{number}",
            )
        created += was_new
    return created
