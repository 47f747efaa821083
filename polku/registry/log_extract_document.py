"""The printable log extract (PDF, WeasyPrint) in Finnish, Swedish or English."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML

from polku.registry.log_extracts import LogExtract


def log_extract_document_html(extract: LogExtract) -> str:
    with translation.override(extract.language):
        return render_to_string(
            "registry/log_extract_document.html",
            {
                "extract": extract,
                "language": extract.language,
                "organisation": getattr(extract.generated_by, "organisation", None),
            },
        )


def log_extract_pdf(extract: LogExtract) -> bytes:
    return HTML(string=log_extract_document_html(extract)).write_pdf()  # type: ignore[no-any-return]
