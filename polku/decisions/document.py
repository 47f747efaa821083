"""The printable decision document (PDF, WeasyPrint) in Finnish or Swedish."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML

from polku.decisions.appeal import CORRECTION_DAYS
from polku.decisions.models import Decision


def decision_document_html(decision: Decision, language: str) -> str:
    maker = decision.decided_by
    with translation.override(language):
        return render_to_string(
            "decisions/document.html",
            {
                "decision": decision,
                "client": decision.client,
                "language": language,
                "correction_days": CORRECTION_DAYS,
                "county": maker.organisation if maker else None,
                "maker": maker,
                "maker_name": maker.display_name if maker else "",
                # The decision-maker's title in the letter's language: the role's name in the catalogue,
                # not the free-text job title, which is written in one language only.
                "maker_title": str(maker.get_role_display()) if maker else "",
            },
        )


def decision_pdf(decision: Decision, language: str) -> bytes:
    return HTML(string=decision_document_html(decision, language)).write_pdf()  # type: ignore[no-any-return]
