"""The printable decision document (PDF, through polku.core.documents) in Finnish or Swedish."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import translation

from polku.core.documents import document_html, document_pdf
from polku.decisions.appeal import CORRECTION_DAYS
from polku.decisions.models import Decision
from polku.finance.calculation import result_from_json

TEMPLATE = "decisions/document.html"


def _context(decision: Decision, language: str) -> dict[str, Any]:
    maker = decision.decided_by
    with translation.override(language):
        # The decision-maker's title in the letter's language: the role's name in the catalogue, not the
        # free-text job title, which is written in one language only.
        maker_title = str(maker.get_role_display()) if maker else ""
    application = decision.application
    grants = list(application.grants.all()) if application else []
    return {
        "application": application,
        "calculation": result_from_json(application.calculation)
        if application and application.calculation
        else None,
        "grants": grants,
        "grants_total": sum((g.amount for g in grants), Decimal("0")),
        "decision": decision,
        "client": decision.client,
        "correction_days": CORRECTION_DAYS,
        "county": maker.organisation if maker else None,
        "maker": maker,
        "maker_name": maker.display_name if maker else "",
        "maker_title": maker_title,
    }


def decision_document_html(decision: Decision, language: str) -> str:
    return document_html(TEMPLATE, _context(decision, language), language)


def decision_pdf(decision: Decision, language: str) -> bytes:
    return document_pdf(TEMPLATE, _context(decision, language), language)
