"""Printable documents for clients (PDF, WeasyPrint): a template rendered in the client's language.

The client plan and the service need assessment print through `document_pdf`; their templates extend
`documents/base.html` (the page, the header with the client's name, the date and the author)."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

# The languages a document for a client is written in; any other preferred language gets Finnish.
DOCUMENT_LANGUAGES = ("fi", "sv", "en")


def document_language(preferred: str, wanted: str = "") -> str:
    """`wanted` (the print link's ?lang=) if Polku writes documents in it, else the client's `preferred`
    language if it does, else Finnish."""
    for language in (wanted, preferred):
        if language in DOCUMENT_LANGUAGES:
            return language
    return "fi"


def document_html(template_name: str, context: dict[str, Any], language: str) -> str:
    with translation.override(language):
        return render_to_string(template_name, {**context, "language": language})


def document_pdf(
    template_name: str, context: dict[str, Any], language: str, *, pdf_variant: str | None = None
) -> bytes:
    """The document as a PDF; `pdf_variant="pdf/a-2b"` for the archive (WeasyPrint's PDF/A-2b)."""
    from weasyprint import HTML  # imported here: loading Pango costs time every other page does not need

    html = HTML(string=document_html(template_name, context, language))
    return html.write_pdf(pdf_variant=pdf_variant)  # type: ignore[no-any-return]
