"""The tables one chunk of `polku seed` writes, in the order their foreign keys need."""

from __future__ import annotations

from typing import Any

from polku.casework.models import (
    Assessment,
    Contact,
    Initiation,
    JournalEntry,
    PersonalWorkerAssignment,
    SpecialSupport,
)
from polku.clients.models import Client, ClientRelationship
from polku.decisions.models import Decision
from polku.demo.seeding.writer import Table
from polku.instruments.models import ClientInstrumentSummary, Response
from polku.plans.models import ClientPlan, PlanGoal, PlanService, PlanVersion
from polku.provision.models import (
    Attendance,
    Goal,
    GoalRating,
    Group,
    HomeVisit,
    ImplementationPlan,
    Review,
    ServiceEpisode,
    Session,
)

BASE = ("id", "created_at", "updated_at", "created_by_id", "updated_by_id", "version")


class Tables:
    def __init__(self) -> None:
        self.clients = Table(Client, (
            *BASE, "hetu_encrypted", "hetu_hash", "birth_date", "first_name", "last_name", "language", "phone",
            "email", "street_address", "postal_code", "post_office", "municipality_id", "address_protection",
            "gender", "labour_market_status",
        ))  # fmt: skip
        self.relationships = Table(ClientRelationship, (
            *BASE, "client_id", "team_id", "started_at", "ended_at", "end_reason", "personal_worker_id",
        ))  # fmt: skip
        self.contacts = Table(Contact, (
            *BASE, "client_id", "sender_organisation", "sender_name", "sender_phone", "consent",
            "ground_without_consent", "description", "urgent", "highest_care_allowance", "contacted_at", "channel",
            "idempotency_key", "response",
        ))  # fmt: skip
        self.contact_reasons = Table(Contact.reasons.through, ("contact_id", "reasoncode_id"))
        self.initiations = Table(Initiation, (
            *BASE, "client_id", "team_id", "relationship_id", "contact_id", "initiated_at", "initiator_type",
            "initiator", "need", "justification", "urgent", "highest_care_allowance", "child_special_support",
            "age_at_initiation", "status", "assigned_to_id", "assessment_start_due", "assessment_complete_due",
            "closed_at", "close_reason", "assessment_started_at", "assessment_completed_at", "service_due",
            "service_started_on", "service_delay_reason",
        ))  # fmt: skip
        self.assessments = Table(Assessment, (
            *BASE, "client_id", "initiation_id", "started_at", "completed_at", "completed_by_id", "need_duration",
            "situation_summary", "service_needs", "conclusion", "client_view", "client_view_obstacle",
            "personal_worker_client_view", "personal_worker_professional_view", "relatives_views",
        ))  # fmt: skip
        self.special_support = Table(SpecialSupport, (
            *BASE, "client_id", "determined_on", "grounds", "explanation", "ended_on", "end_reason",
        ))  # fmt: skip
        self.assignments = Table(PersonalWorkerAssignment, (
            *BASE, "relationship_id", "worker_id", "alongside_id", "started_at", "ended_at",
        ))  # fmt: skip
        self.plans = Table(ClientPlan, (*BASE, "client_id"))
        self.plan_versions = Table(PlanVersion, (
            "id", "plan_id", "number", "created_at", "created_by_id", "client_view_of_need",
            "professional_view_of_need", "client_view_of_services", "professional_view_of_services",
            "meeting_frequency", "strengths", "estimated_duration", "follow_up", "review_date", "is_joint",
            "consent_given_at", "consent_note",
        ))  # fmt: skip
        self.plan_goals = Table(PlanGoal, ("version_id", "text", "client_words", "owner", "partner", "order"))
        self.plan_services = Table(PlanService, ("version_id", "name", "start", "duration"))
        self.decisions = Table(Decision, (
            *BASE, "client_id", "initiation_id", "decision_type", "service_name", "outcome", "decision_text",
            "grounds", "legal_basis", "provider_id", "start_date", "end_date", "language", "status", "decided_at",
            "decided_by_id", "notification_method", "notification_sent_on", "received_on", "appeal_last_day",
        ))  # fmt: skip
        self.episodes = Table(ServiceEpisode, (
            *BASE, "client_id", "kind", "name", "provider_id", "decision_id", "start_date", "end_date", "status",
            "ended_on", "end_summary",
        ))  # fmt: skip
        self.implementation_plans = Table(ImplementationPlan, (
            *BASE, "episode_id", "individual_activities", "group_activities", "schedule",
        ))  # fmt: skip
        self.goals = Table(Goal, ("id", "plan_id", "text", "client_words", "order"))
        self.groups = Table(Group, (*BASE, "provider_id", "name"))
        self.group_members = Table(Group.members.through, ("group_id", "serviceepisode_id"))
        self.sessions = Table(Session, (*BASE, "group_id", "date", "topic"))
        self.attendance = Table(
            Attendance, ("version", "session_id", "episode_id", "status", "recorded_by_id")
        )
        self.home_visits = Table(HomeVisit, (*BASE, "episode_id", "date", "minutes", "content"))
        self.reviews = Table(
            Review, (*BASE, "episode_id", "date", "participants", "client_view", "next_steps")
        )
        self.goal_ratings = Table(GoalRating, ("review_id", "goal_id", "score", "notes"))
        self.responses = Table(Response, (
            *BASE, "client_id", "instrument_code", "instrument_version", "status", "mode", "answers", "scores",
            "next_page", "answered_at", "context",
        ))  # fmt: skip
        self.summaries = Table(ClientInstrumentSummary, (
            "client_id", "instrument_code", "first_response_id", "latest_response_id", "first_at", "latest_at",
            "first_scores", "latest_scores", "responses", "contribution",
        ))  # fmt: skip
        self.journal = Table(
            JournalEntry,
            ("client_id", "at", "kind", "author_id", "summary", "initiation_id", "message", "params"),
        )
        # Use-log events (at, person, client, action, view, object type, object id, purpose), sealed by the loader.
        self.events: list[tuple[Any, ...]] = []

    def named(self) -> dict[str, Table]:
        """The tables by attribute name, in the order their foreign keys need."""
        return {name: value for name, value in vars(self).items() if isinstance(value, Table)}

    def flush(self) -> dict[str, int]:
        return {table.table: table.flush() for table in self.named().values()}
