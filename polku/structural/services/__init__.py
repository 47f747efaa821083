"""Writes of structural social work. Pages and the API call these same functions."""

from polku.structural.services.feedback import feedback_record
from polku.structural.services.projects import esr_age_group, participant_add, project_create
from polku.structural.services.reports import (
    TRANSITIONS,
    ReportContent,
    is_supervisor,
    report_create,
    report_read,
    report_respond,
    report_submit,
    report_teams,
    report_update,
    summary_compile,
    summary_present,
)
from polku.structural.services.tallies import tally_record

__all__ = [
    "TRANSITIONS",
    "ReportContent",
    "esr_age_group",
    "feedback_record",
    "is_supervisor",
    "participant_add",
    "project_create",
    "report_create",
    "report_read",
    "report_respond",
    "report_submit",
    "report_teams",
    "report_update",
    "summary_compile",
    "summary_present",
    "tally_record",
]
