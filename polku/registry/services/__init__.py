"""Writes of the register keeper: log extract requests (ATL 11) and retention runs. Every function runs in
one transaction with its use-log row (and disclosure-log row); pages, the API and commands call these."""

from polku.registry.services.log_extracts import (
    log_extract_document_order,
    log_extract_request_answer,
    log_extract_request_register,
)
from polku.registry.services.retention import retention_apply, retention_plan

__all__ = [
    "log_extract_document_order",
    "log_extract_request_answer",
    "log_extract_request_register",
    "retention_apply",
    "retention_plan",
]
