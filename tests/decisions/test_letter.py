"""The decision letter (HL 44-45 §): what a Finnish or Swedish letter carries, and how it falls on pages."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from polku.accounts.models import Organisation, OrganisationKind
from polku.decisions.document import decision_pdf
from polku.decisions.models import Decision, DecisionStatus
from polku.decisions.services import decision_draft, decision_make, decision_notify
from tests.conftest import World

pytestmark = pytest.mark.django_db

COUNTY = "Pohjoisen hyvinvointialue"
REGISTRY = "PL 123, 96101 Rovaniemi"
CONTENT_SHORT = {"decision_text": "x", "grounds": "y", "legal_basis": "z"}

# Long grounds, so that the letter runs onto a second page as real ones do.
GROUNDS = " ".join(
    f"Palvelutarpeen arvioinnin {n}. havainto: asiakas hyötyy viikoittaisesta ryhmätoiminnasta, "
    "kotiohjauksesta ja arjen rytmin tukemisesta, ja tavoitteet on asetettu yhdessä."
    for n in range(1, 15)
)


def pages_of(content: bytes) -> list[str]:
    """Each page's words in one line."""
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(content)).pages]


def letter_decision(world: World, *, grounds: str = GROUNDS, **extra: Any) -> Decision:
    county = Organisation.objects.create(
        name=COUNTY,
        kind=OrganisationKind.WELLBEING_COUNTY,
        registry_address=REGISTRY,
        registry_email="kirjaamo@pohjoinen.example",
        registry_phone="016 123 4567",
    )
    world.worker.organisation = county
    world.worker.phone = "040 765 4321"
    world.worker.email = "sosiaalityo@pohjoinen.example"
    world.worker.title = "sosiaalityöntekijä"  # free text, in Finnish only
    world.worker.save()
    decision = decision_draft(
        actor=world.worker,
        client=world.client,
        decision_type="social_rehabilitation",
        decision_text="Myönnetään sosiaalinen kuntoutus.",
        grounds=grounds,
        legal_basis="Sosiaalihuoltolaki 17 §, 45 §",
        client_fee="Palvelu on asiakkaalle maksuton.",
        **extra,
    )
    decision = decision_make(actor=world.worker, decision=decision, expected_version=decision.version)
    return decision_notify(
        actor=world.worker, decision=decision, method="letter", sent_on=timezone.localdate()
    )


def test_each_made_decision_gets_its_own_record_number_in_the_years_series(world: World) -> None:
    first = letter_decision(world)
    year = timezone.localdate().year
    assert first.record_number == f"{year}/1"
    second = decision_draft(
        actor=world.worker,
        client=world.client,
        decision_type="social_rehabilitation",
        decision_text="x",
        grounds="y",
        legal_basis="z",
    )
    assert second.record_number == ""  # a draft has none
    second = decision_make(actor=world.worker, decision=second, expected_version=second.version)
    assert second.record_number == f"{year}/2"
    Decision.objects.filter(pk=first.pk).update(record_number=f"{year}/9")  # 10 sorts after 9, not "1..."
    third = decision_draft(
        actor=world.worker, client=world.client, decision_type="other", service_name="s", **CONTENT_SHORT
    )
    assert decision_make(actor=world.worker, decision=third, expected_version=1).record_number == f"{year}/10"


@pytest.mark.parametrize(
    ("language", "texts", "not_texts"),
    [
        (
            "fi",
            [
                "Diaarinumero",
                "sosiaalityöntekijä",
                "Lisätietoja antaa",
                "puh. 040 765 4321",
                "Asiakasmaksu",
                "Palvelu on asiakkaalle maksuton.",
                "Täytäntöönpano",
                "49 f §",
                "hyväksytty sähköisesti",
                "Oikaisuvaatimus toimitetaan kirjaamoon",
                "kirjaamo@pohjoinen.example",
            ],
            [],
        ),
        (
            "sv",
            [
                "Diarienummer",
                "socialarbetare",
                "Ytterligare information ges av",
                "tfn 040 765 4321",
                "Klientavgift",
                "Verkställighet",
                "49 f §",
                "godkänts elektroniskt",
                "registratorskontoret",
                "kirjaamo@pohjoinen.example",
            ],
            ["sosiaalityöntekijä", "Diaarinumero"],
        ),
    ],
)
def test_the_letter_carries_what_a_finnish_decision_letter_carries(
    world: World, language: str, texts: list[str], not_texts: list[str]
) -> None:
    decision = letter_decision(world)
    pages = pages_of(decision_pdf(decision, language))
    whole = " ".join(pages)
    for text in [decision.record_number, COUNTY, REGISTRY, "sosiaalityo@pohjoinen.example", *texts]:
        assert text in whole, text
    for text in not_texts:
        assert text not in whole, text
    last = decision.appeal_last_day
    assert last is not None and f"{last.day}.{last.month}.{last.year}" in whole

    assert len(pages) >= 2
    # A header on every page, continuation pages too: the county, the record number.
    for page in pages:
        assert COUNTY in page and decision.record_number in page
    # The appeal instructions are on one page, from their heading to their last sentence ...
    heading = {"fi": "Oikaisuvaatimusohje", "sv": "Anvisning om begäran om omprövning"}[language]
    ending = {"fi": "liitetään valitusosoitus.", "sv": "fogas en besvärsanvisning."}[language]
    on = [i for i, page in enumerate(pages) if heading in page]
    assert on and ending in pages[on[0]].split(heading, 1)[1]
    # ... and no page holds a lone sentence: each has more than one besides its header and page number.
    for page in pages:
        body = page.replace(COUNTY, "").replace(decision.record_number, "")
        assert len(re.findall(r"[.!?](\s|$)", body)) > 1, page


def test_a_decision_is_not_notified_by_letter_to_a_client_without_a_postal_address(
    client: Any, world: World
) -> None:
    world.client.street_address = ""
    world.client.postal_code = ""
    world.client.save()
    decision = decision_draft(
        actor=world.worker, client=world.client, decision_type="social_rehabilitation", **CONTENT_SHORT
    )
    decision = decision_make(actor=world.worker, decision=decision, expected_version=decision.version)
    today = timezone.localdate()
    with pytest.raises(ValidationError) as refused:
        decision_notify(actor=world.worker, decision=decision, method="letter", sent_on=today)
    assert "method" in refused.value.message_dict
    assert Decision.objects.get(pk=decision.pk).status == DecisionStatus.DECIDED

    client.force_login(world.worker)
    url = reverse("decisions:notify", kwargs={"decision_id": decision.pk})
    page = client.post(url, {"method": "letter", "sent_on": today.isoformat()})
    assert page.status_code == 200
    assert "Asiakkaalla ei ole postiosoitetta" in page.content.decode()
    assert f'value="{today.isoformat()}"' in page.content.decode()  # the form keeps its input
    stored = Decision.objects.get(pk=decision.pk)
    assert (stored.status, stored.version) == (DecisionStatus.DECIDED, decision.version)
    assert client.post(url, {"method": "in_person", "sent_on": today.isoformat()}).status_code == 302
    assert Decision.objects.get(pk=decision.pk).status == DecisionStatus.NOTIFIED


@pytest.mark.parametrize("sentences", [49, 52])
def test_the_appeal_instructions_move_whole_to_the_next_page(world: World, sentences: int) -> None:
    """Grounds of this length end page 2 so that the instructions would start there and end on page 3."""
    decision = decision_draft(
        actor=world.worker,
        client=world.client,
        decision_type="social_rehabilitation",
        decision_text="Myönnetään.",
        grounds=" ".join(["Asiakas hyötyy ryhmätoiminnasta ja kotiohjauksesta arjessaan."] * sentences),
        legal_basis="SHL 17 §",
    )
    decision = decision_make(actor=world.worker, decision=decision, expected_version=decision.version)
    pages = pages_of(decision_pdf(decision, "fi"))
    on = [i for i, page in enumerate(pages) if "Oikaisuvaatimusohje" in page]
    assert on and "liitetään valitusosoitus." in pages[on[0]].split("Oikaisuvaatimusohje", 1)[1]
    for page in pages:
        assert len(re.findall(r"[.!?](\s|$)", page.replace(decision.record_number, ""))) > 1, page
