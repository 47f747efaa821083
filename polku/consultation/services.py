"""Asking, answering and closing consultations. Each service checks who may act and saves in one
transaction; a refused action stores nothing and sends nothing.

An identified consultation widens who may read about the client, so `consultation_ask` checks it here, not
in the form: the asker must work with the client, the client must have consented to the recipient (the
consent is recorded with the consultation) or a ground in law must be named, no ban of the client may stop
it, and the disclosure is written to the client's disclosure log in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from polku.accounts.models import CLIENT_WORK_ROLES, Role, Team, User
from polku.audit.models import Action, LegalBasis, Purpose
from polku.audit.services import use_log_write
from polku.clients.consents import Recipient, consent_for, consent_record, disclose
from polku.clients.models import Client, ConsentMethod
from polku.clients.selectors import works_with_client
from polku.consultation.models import AskedOf, Consultation, Message, Panel, Status, Topic
from polku.consultation.selectors import is_recipient
from polku.consultation.textcheck import refuse_identifying

# Who consults and answers: client work and its managers.
CONSULTING_ROLES = CLIENT_WORK_ROLES | {Role.TEAM_MANAGER}
SHARED_DAYS_DEFAULT = 30
SHARED_DAYS_MAX = 90
QUESTION_MAX = 10_000
PURPOSE_TEXT = "konsultaatio"  # the consent's purpose as recorded (the register's language)


def may_consult(user: User) -> bool:
    return user.is_active and user.role in CONSULTING_ROLES


@dataclass(frozen=True)
class Identified:
    """What the asker records when the consultation names a client."""

    client: Client
    shared: str
    shared_until: date
    # Either the client's consent (given on, and how), or a ground in law.
    consent_on: date | None = None
    consent_method: str = ConsentMethod.ORAL
    ground_in_law: str = ""


def _recipient_errors(
    actor: User, asked_of: str, colleague: User | None, team: Team | None, panel: Panel | None
) -> dict[str, list[str]]:
    if asked_of == AskedOf.COLLEAGUE:
        if colleague is None:
            return {"colleague": [_("Choose the colleague you ask.")]}
        if colleague.pk == actor.pk:
            return {"colleague": [_("Ask someone other than yourself.")]}
        if not may_consult(colleague):
            return {"colleague": [_("Consultations are asked of colleagues in client work.")]}
    elif asked_of == AskedOf.TEAM:
        if team is None:
            return {"team": [_("Choose the team you ask.")]}
        if not team.members.filter(is_active=True, role__in=CONSULTING_ROLES).exclude(pk=actor.pk).exists():
            return {"team": [_("The team has no one else to answer.")]}
    elif asked_of == AskedOf.PANEL:
        if panel is None or not panel.active:
            return {"panel": [_("Choose the expert panel you ask.")]}
        if not panel.members.filter(is_active=True).exclude(pk=actor.pk).exists():
            return {
                "panel": [
                    _("The panel has no members to answer. Choose another panel, or ask for members to it.")
                ]
            }
    else:
        return {"asked_of": [_("Choose whom you ask.")]}
    return {}


def _identified_errors(actor: User, identified: Identified) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    if not identified.shared.strip():
        errors["shared"] = [_("Write what you share about the client: only what the question needs.")]
    if not today <= identified.shared_until <= today + timedelta(days=SHARED_DAYS_MAX):
        errors["shared_until"] = [
            _("Share for at most %(days)s days from today.") % {"days": SHARED_DAYS_MAX}
        ]
    if identified.ground_in_law.strip():
        if identified.consent_on is not None:
            errors["ground_in_law"] = [_("Record either the client's consent or a ground in law, not both.")]
    elif identified.consent_on is None:
        errors["consent_on"] = [
            _("A consultation names the client only with the client's consent or on a ground in law.")
        ]
    elif not date(2000, 1, 1) <= identified.consent_on <= today:
        errors["consent_on"] = [_("Give the day the client consented.")]
    if identified.consent_on is not None and identified.consent_method not in ConsentMethod.values:
        errors["consent_method"] = [_("Choose how the consent was given.")]
    return errors


def _refuse_all(*checks: Callable[[], None]) -> None:
    """Run every check and raise their errors together, so that the asker sees them all at once."""
    errors: dict[str, list[str]] = {}
    for check in checks:
        try:
            check()
        except ValidationError as exc:
            for field, texts in exc.message_dict.items():
                errors.setdefault(field, []).extend(texts)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def consultation_ask(
    *,
    actor: User,
    asked_of: str,
    topic: str,
    subject: str,
    question: str,
    colleague: User | None = None,
    team: Team | None = None,
    panel: Panel | None = None,
    identified: Identified | None = None,
) -> Consultation:
    if not may_consult(actor):
        raise PermissionDenied(_("Consultations are asked by those in client work."))
    if identified is not None and not works_with_client(actor, identified.client):
        raise PermissionDenied(_("You can name only a client you work with."))
    errors = _recipient_errors(actor, asked_of, colleague, team, panel)
    if topic not in Topic.values:
        errors["topic"] = [_("Choose the topic.")]
    if not subject.strip():
        errors["subject"] = [_("Give the consultation a subject.")]
    elif len(subject) > 200:
        errors["subject"] = [_("Keep the subject under 200 characters.")]
    if not question.strip():
        errors["question"] = [_("Write your question.")]
    elif len(question) > QUESTION_MAX:
        errors["question"] = [_("Keep the question under %(max)s characters.") % {"max": QUESTION_MAX}]
    if identified is not None:
        errors.update(_identified_errors(actor, identified))
    if errors:
        raise ValidationError(errors)
    # The subject is shown in lists, also after the sharing ends: it never names a client.
    texts = {"question": question}
    if identified is not None:
        texts["shared"] = identified.shared
    _refuse_all(
        lambda: refuse_identifying(actor, {"subject": subject}, anonymous=True),
        lambda: refuse_identifying(actor, texts, anonymous=identified is None),
    )
    consultation = Consultation(
        asker=actor,
        asked_of=asked_of,
        colleague=colleague if asked_of == AskedOf.COLLEAGUE else None,
        team=team if asked_of == AskedOf.TEAM else None,
        panel=panel if asked_of == AskedOf.PANEL else None,
        topic=topic,
        subject=subject.strip(),
        question=question.strip(),
        created_by=actor,
        updated_by=actor,
    )
    if identified is not None:
        consultation.client = identified.client
        consultation.shared = identified.shared.strip()
        consultation.shared_until = identified.shared_until
        consultation.legal_basis = LegalBasis.LAW if identified.ground_in_law.strip() else LegalBasis.CONSENT
        consultation.basis_detail = identified.ground_in_law.strip()[:300]
    consultation.save()
    if identified is not None:
        _disclose(actor, consultation, identified)
    return consultation


def _disclose(actor: User, consultation: Consultation, identified: Identified) -> None:
    client = identified.client
    to = Recipient(name=consultation.recipient_name[:300])
    law = bool(identified.ground_in_law.strip())
    if not law and identified.consent_on is not None and consent_for(client, recipient=to) is None:
        consent_record(
            actor=actor,
            client=client,
            recipient=to.name,
            purpose=PURPOSE_TEXT,
            given_on=identified.consent_on,
            method=identified.consent_method,
            valid_until=identified.shared_until,
        )
    disclose(
        actor=actor,
        client=client,
        recipient=to,
        what=_("consultation: the question and what was shared about the client"),
        object_type="consultation",
        object_id=consultation.pk,
        purpose=PURPOSE_TEXT,
        legal_basis=LegalBasis.LAW if law else None,
        basis_detail=identified.ground_in_law.strip()[:300],
    )
    use_log_write(
        actor=actor,
        client_ids=[client.pk],
        view="consultation:new",
        object_type="consultation",
        object_id=str(consultation.pk),
        purpose=Purpose.CLIENT_WORK,
        action=Action.WRITE,
    )


@transaction.atomic
def consultation_write(*, actor: User, consultation: Consultation, text: str) -> Message:
    """An answer from one it was asked of, or the asker's follow-up; the thread of an open consultation."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    asker = consultation.asker_id == actor.pk
    if not asker and not is_recipient(actor, consultation):
        raise PermissionDenied(_("Only the asker and those it was asked of write in a consultation."))
    if consultation.status == Status.CLOSED:
        raise ValidationError({"text": [_("The consultation is closed.")]})
    if not asker and consultation.identified and not consultation.shared_on():
        raise PermissionDenied(_("What was shared about the client is no longer shared with you."))
    if not text.strip():
        raise ValidationError({"text": [_("Write your answer.")]})
    if len(text) > QUESTION_MAX:
        raise ValidationError(
            {"text": [_("Keep the text under %(max)s characters.") % {"max": QUESTION_MAX}]}
        )
    refuse_identifying(actor, {"text": text}, anonymous=not consultation.identified)
    now = timezone.now()
    message = Message.objects.create(consultation=consultation, author=actor, text=text.strip(), at=now)
    if asker:
        consultation.status = Status.OPEN
        consultation.asker_read_at = now
    else:
        consultation.status = Status.ANSWERED
        consultation.first_answer_at = consultation.first_answer_at or now
    consultation.updated_by = actor
    consultation.save(
        update_fields=["status", "asker_read_at", "first_answer_at", "updated_by", "updated_at"]
    )
    if consultation.client_id is not None:
        use_log_write(
            actor=actor,
            client_ids=[consultation.client_id],
            view="consultation:write",
            object_type="consultation",
            object_id=str(consultation.pk),
            purpose=Purpose.CLIENT_WORK if asker else Purpose.CONSULTATION,
            action=Action.WRITE,
        )
    return message


@transaction.atomic
def consultation_close(*, actor: User, consultation: Consultation) -> Consultation:
    if consultation.asker_id != actor.pk:
        raise PermissionDenied(_("Only the asker closes a consultation."))
    if consultation.status == Status.CLOSED:
        raise ValidationError(_("The consultation is closed already."))
    now = timezone.now()
    updated = (
        Consultation.objects.filter(pk=consultation.pk)
        .exclude(status=Status.CLOSED)
        .update(status=Status.CLOSED, closed_at=now, updated_at=now, updated_by=actor)
    )
    if not updated:
        raise ValidationError(_("The consultation is closed already."))
    consultation.refresh_from_db()
    return consultation
