"""The printable decision document (PDF, WeasyPrint) in Finnish or Swedish."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML

from polku.decisions.appeal import CORRECTION_DAYS
from polku.decisions.models import Decision


def decision_document_html(decision: Decision, language: str) -> str:
    with translation.override(language):
        return render_to_string(
            "decisions/document.html",
            {
                "decision": decision,
                "client": decision.client,
                "language": language,
                "correction_days": CORRECTION_DAYS,
                "county": decision.decided_by.organisation if decision.decided_by else None,
            },
        )


def decision_pdf(decision: Decision, language: str) -> bytes:
    return HTML(string=decision_document_html(decision, language)).write_pdf()  # type: ignore[no-any-return]
