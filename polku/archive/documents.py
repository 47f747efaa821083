"""The client's documents as the Kanta social welfare archive takes them: each version of each document a
display form (XHTML), a structured form (JSON: `metadata` and `content`, checked against
`schema/document.schema.json`) and a PDF/A-2b, identified by a document OID (polku/archive/ids.py).

The document types are those the law and THL's national structures name for adult social work: the contact
or notice (yhteydenotto, ilmoitus; SHL 35), the initiation (vireilletulo; SHL 34), the service need
assessment (palvelutarpeen arviointi; SHL 36), the client plan (asiakassuunnitelma; SHL 39, a document per
version), the decision (päätös; SHL 45), the client narrative (asiakaskertomus: a document per entry) and
the provider's service implementation plan (palvelun toteuttamissuunnitelma).

Metadata, as the archive's document standard names them: the document's OID, type, service task (THL's
palvelutehtävä code, polku.codes), the register (the organisation's social welfare client register), the
author and her role, when made and last changed, language, confidentiality and retention. Not verified
here: THL's own code for each document type (the code set of social welfare document types could not be
read): `type.code` is Polku's, and `type.name` the national name.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import cache
from pathlib import Path
from typing import Any
from uuid import UUID

import jsonschema_rs
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from polku.accounts.models import User
from polku.archive.ids import document_oid
from polku.casework.models import Assessment, Contact, Initiation, JournalEntry
from polku.clients.models import Client
from polku.clients.selectors import register_keeper
from polku.codes.national import SERVICE_TASK, Coding, coding, service_task_for
from polku.core.documents import document_html, document_pdf
from polku.decisions.appeal import CORRECTION_DAYS
from polku.decisions.models import Decision, DecisionStatus
from polku.plans.models import PlanVersion
from polku.provision.models import ImplementationPlan
from polku.registry.retention import WORKING_AGE_RECORDS_YEARS

SCHEMA = Path(__file__).parent / "schema" / "document.schema.json"
CONFIDENTIALITY = {
    "class": "salassa pidettävä",
    # Act on the status and rights of social welfare clients (812/2000) 14 §: social welfare client
    # documents are secret.
    "ground": "Laki sosiaalihuollon asiakkaan asemasta ja oikeuksista 812/2000 14 §",
}
RETENTION = {
    "years": WORKING_AGE_RECORDS_YEARS,
    "from": "asian päättymisestä",
    "ground": "Laki sosiaali- ja terveydenhuollon asiakastietojen käsittelystä 703/2023, liite",
}


@dataclass(frozen=True)
class Kind:
    code: str
    name_fi: str
    name_sv: str


KINDS = {
    kind.code: kind
    for kind in (
        Kind("contact", "Yhteydenotto / ilmoitus", "Kontakt / anmälan"),
        Kind("initiation", "Vireilletulo", "Anhängiggörande"),
        Kind("assessment", "Palvelutarpeen arviointi", "Bedömning av servicebehovet"),
        Kind("client_plan", "Asiakassuunnitelma", "Klientplan"),
        Kind("decision", "Päätös", "Beslut"),
        Kind("narrative", "Asiakaskertomus", "Klientberättelse"),
        Kind("implementation_plan", "Palvelun toteuttamissuunnitelma", "Plan för genomförande av tjänsten"),
    )
}


@dataclass
class Document:
    kind: str
    record_id: UUID | int
    version: int
    client: Client
    made_at: datetime
    changed_at: datetime
    author: User | None
    language: str
    service_task: Coding
    # The content: a title per element, in the order the display form shows them; None for an element that
    # is not filled in (a mandatory one refuses the export, `MANDATORY`).
    content: dict[str, Any] = field(default_factory=dict)

    @property
    def oid(self) -> str:
        return document_oid(self.kind, self.record_id, self.version)

    @property
    def title(self) -> str:
        kind = KINDS[self.kind]
        return kind.name_sv if self.language == "sv" else kind.name_fi


# The elements without which a document of each kind is not a document (named in a refusal).
MANDATORY: dict[str, tuple[str, ...]] = {
    "contact": ("sender", "description"),
    "initiation": ("need",),
    "assessment": ("conclusion",),
    "client_plan": ("client_view_of_need", "professional_view_of_need"),
    "decision": ("decision_text", "grounds", "legal_basis", "appeal"),
    "narrative": ("event",),  # an entry that records an event only (e.g. "taken for handling") has no text
    "implementation_plan": ("service",),
}


def _language(client: Client) -> str:
    return client.language if client.language in ("fi", "sv") else "fi"


def _task(code: str = "") -> Coding:
    if code:
        try:
            return coding(SERVICE_TASK, code)
        except LookupError:
            pass
    return service_task_for("adult_social_work")


def _name(user: User | None) -> str:
    return (user.get_full_name() or user.username) if user is not None else ""


def _contact(contact: Contact) -> Document:
    return Document(
        "contact",
        contact.pk,
        contact.version,
        contact.client,
        contact.created_at,
        contact.updated_at,
        contact.created_by,
        _language(contact.client),
        _task(),
        {
            "sender": ", ".join(p for p in (contact.sender_organisation, contact.sender_name) if p) or None,
            "contacted_at": contact.contacted_at,
            "consent": contact.consent,
            "description": contact.description or None,
            "urgent": contact.urgent,
        },
    )


def _initiation(initiation: Initiation) -> Document:
    return Document(
        "initiation",
        initiation.pk,
        initiation.version,
        initiation.client,
        initiation.initiated_at,
        initiation.updated_at,
        initiation.created_by,
        _language(initiation.client),
        _task(getattr(initiation, "service_task_code", "")),
        {
            "initiated_at": initiation.initiated_at,
            "initiator": initiation.initiator or initiation.get_initiator_type_display(),
            "need": initiation.need or None,
            "justification": initiation.justification or None,
            "urgent": initiation.urgent,
            "assessment_start_due": initiation.assessment_start_due,
            "assessment_complete_due": initiation.assessment_complete_due,
        },
    )


def _assessment(assessment: Assessment) -> Document:
    return Document(
        "assessment",
        assessment.pk,
        assessment.version,
        assessment.client,
        assessment.started_at,
        assessment.completed_at or assessment.updated_at,
        assessment.completed_by or assessment.created_by,
        _language(assessment.client),
        _task(),
        {
            "situation_summary": assessment.situation_summary or None,
            "client_view": assessment.client_view or None,
            "service_needs": assessment.service_needs or None,
            "conclusion": assessment.conclusion or None,
            "completed_at": assessment.completed_at,
        },
    )


def _plan(version: PlanVersion) -> Document:
    client = version.plan.client
    content: dict[str, Any] = {name: getattr(version, name) or None for name in PlanVersion.TEXT_FIELDS}
    content["goals"] = [goal.text for goal in version.goals.all()] or None
    content["services"] = [service.name for service in version.services.all()] or None
    content["review_date"] = version.review_date
    return Document(
        "client_plan",
        version.plan_id,
        version.number,
        client,
        version.created_at,
        version.created_at,
        version.created_by,
        _language(client),
        _task(),
        content,
    )


def _appeal(language: str) -> str:
    with translation.override(language):
        return _(
            "A correction request may be made within %(days)s days of receiving the decision (Social Welfare "
            "Act 1301/2014 48 §, Administrative Procedure Act 434/2003 chapter 7 a)."
        ) % {"days": CORRECTION_DAYS}


def _decision(decision: Decision) -> Document:
    language = decision.language if decision.language in ("fi", "sv") else "fi"
    return Document(
        "decision",
        decision.pk,
        decision.version,
        decision.client,
        decision.decided_at or decision.created_at,
        decision.updated_at,
        decision.decided_by,
        language,
        _task(getattr(decision, "service_task_code", "")),
        {
            "record_number": decision.record_number or None,
            "decision_type": decision.get_decision_type_display(),
            "decision_text": decision.decision_text or None,
            "grounds": decision.grounds or None,
            "legal_basis": decision.legal_basis or None,
            "start_date": decision.start_date,
            "end_date": decision.end_date,
            "decided_at": decision.decided_at,
            "appeal": _appeal(language),
        },
    )


def _entry(entry: JournalEntry) -> Document:
    return Document(
        "narrative",
        entry.pk,
        1,
        entry.client,
        entry.at,
        entry.at,
        entry.author,
        _language(entry.client),
        _task(),
        {"event": entry.get_kind_display(), "at": entry.at, "text": entry.text or None},
    )


def _implementation(plan: ImplementationPlan) -> Document:
    episode = plan.episode
    return Document(
        "implementation_plan",
        plan.pk,
        plan.version,
        episode.client,
        plan.created_at,
        plan.updated_at,
        plan.created_by,
        _language(episode.client),
        _task(),
        {
            "service": str(episode) or None,
            "individual_activities": plan.individual_activities or None,
            "group_activities": plan.group_activities or None,
            "schedule": plan.schedule or None,
            "goals": [goal.text for goal in plan.goals.all()] or None,
        },
    )


@dataclass(frozen=True)
class Source:
    """Where the documents of one kind come from: the records, and which were made or changed when."""

    build: Callable[[Any], Document]
    records: Callable[[], QuerySet[Any]]
    made: str  # the field of the moment a version was made


SOURCES: dict[str, Source] = {
    "contact": Source(_contact, lambda: Contact.objects.select_related("client", "created_by"), "updated_at"),
    "initiation": Source(
        _initiation, lambda: Initiation.objects.select_related("client", "created_by"), "updated_at"
    ),
    "assessment": Source(
        _assessment,
        lambda: Assessment.objects.filter(completed_at__isnull=False).select_related(
            "client", "completed_by", "created_by"
        ),
        "updated_at",
    ),
    "client_plan": Source(
        _plan,
        lambda: PlanVersion.objects.select_related("plan__client", "created_by").prefetch_related(
            "goals", "services"
        ),
        "created_at",
    ),
    "decision": Source(
        _decision,
        lambda: Decision.objects.exclude(status=DecisionStatus.DRAFT).select_related("client", "decided_by"),
        "updated_at",
    ),
    "narrative": Source(_entry, lambda: JournalEntry.objects.select_related("client", "author"), "at"),
    "implementation_plan": Source(
        _implementation,
        lambda: ImplementationPlan.objects.select_related("episode__client", "created_by").prefetch_related(
            "goals"
        ),
        "updated_at",
    ),
}
CLIENT_FIELD = {"client_plan": "plan__client", "implementation_plan": "episode__client"}


def documents_of_client(client: Client) -> Iterator[Document]:
    for kind, source in SOURCES.items():
        records = source.records().filter(**{CLIENT_FIELD.get(kind, "client"): client})
        for record in records.order_by(source.made):
            yield source.build(record)


def documents_made_on(day: date) -> Iterator[Document]:
    """The document versions made or changed on `day` (the export's day), kind by kind, a few at a time."""
    start = timezone.make_aware(datetime.combine(day, time.min))
    end = timezone.make_aware(datetime.combine(day, time.max))
    for source in SOURCES.values():
        records = source.records().filter(**{f"{source.made}__range": (start, end)}).order_by("pk")
        for record in records.iterator(chunk_size=200):
            yield source.build(record)


def _value(value: Any) -> Any:
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return value


def metadata(document: Document) -> dict[str, Any]:
    author = document.author
    return {
        "document_oid": document.oid,
        "version": document.version,
        "type": {
            "code": document.kind,
            "name": {"fi": KINDS[document.kind].name_fi, "sv": KINDS[document.kind].name_sv},
        },
        "service_task": {
            "system": f"urn:oid:{document.service_task.system}",
            "code": document.service_task.code,
            "name": document.service_task.name(document.language),
        },
        "register": {
            "name": "Sosiaalihuollon asiakasrekisteri",
            "keeper": register_keeper(document.client),
        },
        "author": {
            "name": _name(author),
            "role": (author.title or author.get_role_display()) if author else "",
        },
        "created": _value(document.made_at),
        "modified": _value(document.changed_at),
        "language": document.language,
        "confidentiality": CONFIDENTIALITY,
        "retention": RETENTION,
        "client_id": str(document.client.pk),
    }


@cache
def _validator() -> Any:
    return jsonschema_rs.validator_for(json.loads(SCHEMA.read_text(encoding="utf-8")))


def structured(document: Document) -> dict[str, Any]:
    """The structured form; refuses (ValidationError naming it) a document missing a mandatory element, or
    one that does not conform to the schema."""
    missing = [name for name in MANDATORY[document.kind] if document.content.get(name) in (None, "", [])]
    if missing:
        raise ValidationError(
            _("The %(kind)s %(oid)s lacks a mandatory element: %(elements)s.")
            % {"kind": document.kind, "oid": document.oid, "elements": ", ".join(missing)}
        )
    data = {"metadata": metadata(document), "content": {k: _value(v) for k, v in document.content.items()}}
    errors = [f"{'/'.join(map(str, e.instance_path))}: {e.message}" for e in _validator().iter_errors(data)]
    if errors:
        raise ValidationError(
            _("The %(oid)s does not conform: %(errors)s") % {"oid": document.oid, "errors": "; ".join(errors)}
        )
    return data


MODELS: dict[str, type[Any]] = {
    "contact": Contact,
    "initiation": Initiation,
    "assessment": Assessment,
    "client_plan": PlanVersion,
    "decision": Decision,
    "narrative": JournalEntry,
    "implementation_plan": ImplementationPlan,
}
LABELS = {
    "sender": gettext_lazy("Sender"),
    "appeal": gettext_lazy("Instructions for requesting a correction"),
    "event": gettext_lazy("event"),
    "text": gettext_lazy("summary"),
    "goals": gettext_lazy("goals"),
    "services": gettext_lazy("essential services"),
    "service": gettext_lazy("service"),
    "decision_type": gettext_lazy("decision type"),
}


def _label(kind: str, name: str) -> str:
    if name in LABELS:
        return str(LABELS[name])
    try:
        return str(MODELS[kind]._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:  # an element that is no field of the model: its name
        return name.replace("_", " ")


def _shown(value: Any) -> str:
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    if isinstance(value, list):
        return "; ".join(value)
    return str(value)


def _rows(document: Document, data: dict[str, Any]) -> list[tuple[str, str]]:
    return [(_label(document.kind, k), _shown(v)) for k, v in data["content"].items() if v is not None]


def _display(document: Document, data: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    with translation.override(document.language):
        rows = _rows(document, data)
    return "archive/document.xhtml", {"document": document, "data": data, "rows": rows}


def xhtml(document: Document, data: dict[str, Any]) -> str:
    return document_html(*_display(document, data), document.language)


def pdf(document: Document, data: dict[str, Any]) -> bytes:
    return document_pdf(*_display(document, data), document.language, pdf_variant="pdf/a-2b")


@dataclass(frozen=True)
class Exported:
    oid: str
    files: dict[str, bytes]


def export(document: Document) -> Exported:
    """The three forms of one document version; ValidationError (naming what is missing) and nothing else."""
    data = structured(document)
    return Exported(
        document.oid,
        {
            "json": json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8"),
            "xhtml": xhtml(document, data).encode("utf-8"),
            "pdf": pdf(document, data),
        },
    )


def find(client: Client, oid: str) -> Document | None:
    return next((d for d in documents_of_client(client) if d.oid == oid), None)
