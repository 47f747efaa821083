"""Instruments as FHIR R4 `Questionnaire` and answers as `QuestionnaireResponse` (plain JSON dicts).

Kanta and the Finnish Base Profiles speak FHIR R4; the tests validate these with `fhir.resources` (R4B
models, which accept R4 Questionnaire content). Texts are Finnish with Swedish and English as the standard
translation extension. A client is named by Polku's client id only, never by henkilötunnus.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from polku.core.datafile import Text
from polku.instruments.definitions import Instrument, Item
from polku.instruments.models import Response

TRANSLATION = "http://hl7.org/fhir/StructureDefinition/translation"
BASE = "urn:polku:instrument"


def canonical(instrument: Instrument) -> str:
    return f"{BASE}:{instrument.code}"


def _translations(text: Text) -> dict[str, Any]:
    return {
        "extension": [
            {
                "url": TRANSLATION,
                "extension": [{"url": "lang", "valueCode": lang}, {"url": "content", "valueString": value}],
            }
            for lang, value in sorted(text.by_language.items())
            if lang != "fi" and value
        ]
    }


def _coding(instrument: Instrument, item: Item, value: int) -> dict[str, Any]:
    option = next(o for o in item.scale.options if o.value == value)
    return {
        "system": f"{canonical(instrument)}/scale/{item.scale.id}",
        "code": str(value),
        "display": option.label.get("fi") or str(value),
    }


def questionnaire(instrument: Instrument) -> dict[str, Any]:
    pages = []
    for n, page in enumerate(instrument.pages, start=1):
        group: dict[str, Any] = {"linkId": f"page-{n}", "type": "group", "item": []}
        if page.title.by_language:
            group |= {"text": page.title.get("fi"), "_text": _translations(page.title)}
        for item_id in page.items:
            item = instrument.items[item_id]
            group["item"].append(
                {
                    "linkId": item.id,
                    "text": item.text.get("fi"),
                    "_text": _translations(item.text),
                    "type": "choice",
                    "answerOption": [
                        {"valueCoding": _coding(instrument, item, o.value)} for o in item.scale.options
                    ],
                }
            )
        pages.append(group)
    resource = {
        "resourceType": "Questionnaire",
        "id": f"{instrument.code.replace('_', '-')}-{instrument.version}",
        "url": canonical(instrument),
        "version": str(instrument.version),
        "name": "".join(part.capitalize() for part in instrument.code.split("_")),
        "title": instrument.title.get("fi"),
        "_title": _translations(instrument.title),
        "status": "active",
        "language": "fi",
        "subjectType": ["Patient"] if instrument.respondent == "client" else ["Practitioner"],
        "description": instrument.introduction.get("fi"),
        "copyright": instrument.licence or None,
        "item": pages,
    }
    return {k: v for k, v in resource.items() if v is not None}


def questionnaire_response(instrument: Instrument, response: Response) -> dict[str, Any]:
    pages = []
    for n, page in enumerate(instrument.pages, start=1):
        answered = [i for i in page.items if i in response.answers]
        if not answered:
            continue
        pages.append(
            {
                "linkId": f"page-{n}",
                "item": [
                    {
                        "linkId": item_id,
                        "answer": [
                            {
                                "valueCoding": _coding(
                                    instrument, instrument.items[item_id], response.answers[item_id]
                                )
                            }
                        ],
                    }
                    for item_id in answered
                ],
            }
        )
    resource = {
        "resourceType": "QuestionnaireResponse",
        "id": str(response.pk),
        "questionnaire": f"{canonical(instrument)}|{instrument.version}",
        "status": "completed" if response.is_completed else "in-progress",
        "subject": {"identifier": {"system": "urn:polku:client", "value": str(response.client_id)}},
        "authored": timezone.localtime(response.answered_at or response.updated_at).isoformat(),
        "item": pages,
    }
    return {k: v for k, v in resource.items() if v is not None}
