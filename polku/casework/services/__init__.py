"""Writes of casework. Every function runs in one transaction and writes its journal entry and use-log row
with the change; pages and the API call the same functions."""

from polku.casework.journal_messages import in_languages
from polku.casework.services.assessments import (
    assessment_complete,
    assessment_save,
    assessment_start,
    pre_assessment_open,
    pre_assessment_pull,
    pre_assessment_send,
    pre_assessment_submit,
)
from polku.casework.services.contacts import Person, Sender, contact_receive, contact_store_response
from polku.casework.services.initiations import (
    initiation_assign,
    initiation_close,
    initiation_create,
    initiation_set_codes,
    initiation_set_urgent,
    initiation_take,
    may_send_contacts,
    may_triage,
    relationship_end,
    route_team,
)
from polku.casework.services.journal import journal_note_add, journal_write
from polku.casework.services.personal_worker import personal_worker_assign
from polku.casework.services.special_support import (
    needs_special_support,
    special_support_determine,
    special_support_end,
)

__all__ = [
    "Person",
    "Sender",
    "assessment_complete",
    "assessment_save",
    "assessment_start",
    "contact_receive",
    "contact_store_response",
    "in_languages",
    "initiation_assign",
    "initiation_close",
    "initiation_create",
    "initiation_set_codes",
    "initiation_set_urgent",
    "initiation_take",
    "journal_note_add",
    "journal_write",
    "may_send_contacts",
    "may_triage",
    "needs_special_support",
    "personal_worker_assign",
    "pre_assessment_open",
    "pre_assessment_pull",
    "pre_assessment_send",
    "pre_assessment_submit",
    "relationship_end",
    "route_team",
    "special_support_determine",
    "special_support_end",
]
