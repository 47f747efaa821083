"""The demo's consultations between professionals: four expert panels, an anonymous consultation that the
law panel answered, and one about Ville, on his consent, that waits for the social counsellor's answer (its
disclosure is in Ville's disclosure log)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from polku.accounts.models import User
from polku.clients.models import Client
from polku.consultation.models import Consultation, Panel, Topic
from polku.consultation.services import Identified, consultation_ask, consultation_write

PANELS = (
    ("Juridiikan asiantuntijapaneeli", Topic.LAW, "Sosiaalihuollon ja toimeentulotuen oikeuskysymykset."),
    ("Päihdetyön asiantuntijapaneeli", Topic.SUBSTANCE_USE, "Päihde- ja riippuvuustyön kysymykset."),
    ("Vammaispalvelujen asiantuntijapaneeli", Topic.DISABILITY, "Vammaisuuteen liittyvät palvelut."),
    ("Sosiaaliturvan asiantuntijapaneeli", Topic.SOCIAL_SECURITY, "Kelan etuudet ja niiden yhteensovitus."),
)


def load_consultations(*, social_worker: User, counsellor: User, manager: User, ville: Client | None) -> None:
    panels = {}
    for name, topic, description in PANELS:
        panel, _created = Panel.objects.get_or_create(
            name=name, defaults={"topic": topic, "description": description}
        )
        panel.members.add(counsellor, manager)
        panels[topic] = panel
    if Consultation.objects.filter(asker=social_worker).exists():
        return  # loaded already
    anonymous = consultation_ask(
        actor=social_worker,
        asked_of="panel",
        panel=panels[Topic.LAW],
        topic=Topic.LAW,
        subject="Vuokravakuuden palauttaminen",
        question=(
            "Asiakkaan vuokrasuhde päättyi. Vuokranantaja pidättää koko vakuuden, vaikka asunto on "
            "tarkastettu ilman huomautuksia. Voiko vakuuden pidättää maksamattomien sähkölaskujen vuoksi?"
        ),
    )
    consultation_write(
        actor=counsellor,
        consultation=anonymous,
        text=(
            "Vakuus turvaa vuokrasopimuksen velvoitteet. Sähkölasku ei kuulu niihin, jos sähkösopimus on "
            "asukkaan oma. Ohjaa asiakas pyytämään erittely kirjallisesti ja tarvittaessa "
            "kuluttajaneuvontaan."
        ),
    )
    Consultation.objects.filter(pk=anonymous.pk).update(
        created_at=timezone.now() - timedelta(days=2, hours=3)
    )
    if ville is None:
        return
    today = timezone.localdate()
    consultation_ask(
        actor=social_worker,
        asked_of="colleague",
        colleague=counsellor,
        topic=Topic.SUBSTANCE_USE,
        subject="Päihdekuntoutuksen vaihtoehdot",
        question="Mitä avokuntoutuksen vaihtoehtoja suosittelisit, kun laitosjakso ei asiakkaalle sovi?",
        identified=Identified(
            client=ville,
            shared="Alkoholinkäyttö lisääntynyt työttömyyden jälkeen; kieltäytyy laitosjaksosta.",
            shared_until=today + timedelta(days=30),
            consent_on=today,
        ),
    )
