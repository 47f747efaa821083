"""The client's data-sharing consents and disclosure bans, and the one check every disclosure makes.

Client data are confidential (Client Data Act 703/2023): they leave the county's register only on the
client's consent or on a ground in law, and the client may narrow a consent by bans per organisation,
service task or document. `disclose` checks both and writes the disclosure log row (ATL 10) in the
caller's transaction, so a disclosure and its log row are saved together or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from polku.accounts.models import Organisation, User
from polku.audit.models import Action, LegalBasis
from polku.audit.services import disclosure_log_write, use_log_write
from polku.clients.models import (
    BanScope,
    Client,
    ConsentMethod,
    DataSharingConsent,
    DisclosureBan,
    DocumentType,
    ServiceTask,
)
from polku.clients.selectors import works_with_client

# Disclosures that a law orders are made even against a ban; every other basis yields to the ban.
BANS_YIELD_TO = frozenset({LegalBasis.LAW})


def _check(actor: User, client: Client) -> None:
    """The client's own workers record what the client says about sharing their data."""
    if not works_with_client(actor, client):
        raise PermissionDenied(_("Only the client's workers record consents and bans."))


def _log(actor: User, client: Client, object_type: str, object_id: object) -> None:
    use_log_write(
        actor=actor,
        client_ids=[client.pk],
        view="clients:sharing",
        object_type=object_type,
        object_id=str(object_id),
        action=Action.WRITE,
    )


def active_consents(client: Client, on: date | None = None) -> QuerySet[DataSharingConsent]:
    day = on or timezone.localdate()
    return client.consents.filter(withdrawn_at__isnull=True, given_on__lte=day).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=day)
    )


def active_bans(client: Client) -> QuerySet[DisclosureBan]:
    return client.disclosure_bans.filter(withdrawn_at__isnull=True)


@transaction.atomic
def consent_record(
    *,
    actor: User,
    client: Client,
    recipient: str,
    purpose: str,
    given_on: date,
    method: str,
    recipient_organisation: Organisation | None = None,
    valid_until: date | None = None,
) -> DataSharingConsent:
    _check(actor, client)
    recipient = (recipient or (str(recipient_organisation) if recipient_organisation else "")).strip()
    errors: dict[str, list[str]] = {}
    if not recipient:
        errors["recipient"] = [_("Name the recipient the consent concerns.")]
    if not purpose.strip():
        errors["purpose"] = [_("Record what the data may be used for.")]
    if method not in ConsentMethod.values:
        errors["method"] = [_("Choose how the consent was given.")]
    if given_on > timezone.localdate():
        errors["given_on"] = [_("A consent cannot be given in the future.")]
    if valid_until and valid_until < given_on:
        errors["valid_until"] = [_("The consent cannot end before it was given.")]
    if errors:
        raise ValidationError(errors)
    consent = DataSharingConsent.objects.create(
        client=client,
        recipient=recipient,
        recipient_organisation=recipient_organisation,
        purpose=purpose.strip(),
        given_on=given_on,
        method=method,
        valid_until=valid_until,
        created_by=actor,
        updated_by=actor,
    )
    _log(actor, client, "consent", consent.pk)
    return consent


@transaction.atomic
def consent_withdraw(
    *, actor: User, consent: DataSharingConsent, expected_version: int
) -> DataSharingConsent:
    _check(actor, consent.client)
    if consent.withdrawn_at is not None:
        raise ValidationError(_("The consent has already been withdrawn."))
    consent.withdrawn_at = timezone.now()
    consent.save_versioned(actor=actor, expected_version=expected_version, update_fields=["withdrawn_at"])
    _log(actor, consent.client, "consent", consent.pk)
    return consent


@transaction.atomic
def ban_record(
    *,
    actor: User,
    client: Client,
    scope: str,
    given_on: date,
    organisation: Organisation | None = None,
    recipient_name: str = "",
    service_task: str = "",
    document_type: str = "",
    note: str = "",
) -> DisclosureBan:
    _check(actor, client)
    recipient_name = recipient_name.strip()
    errors: dict[str, list[str]] = {}
    if scope == BanScope.ORGANISATION:
        if not organisation and not recipient_name:
            errors["organisation"] = [_("Choose the organisation, or name a recipient outside Polku.")]
        service_task = document_type = ""
    elif scope == BanScope.SERVICE_TASK:
        if service_task not in ServiceTask.values:
            errors["service_task"] = [_("Choose the service task.")]
        organisation, recipient_name, document_type = None, "", ""
    elif scope == BanScope.DOCUMENT:
        if document_type not in DocumentType.values:
            errors["document_type"] = [_("Choose the document.")]
        organisation, recipient_name, service_task = None, "", ""
    else:
        errors["scope"] = [_("Choose what the ban covers.")]
    if given_on > timezone.localdate():
        errors["given_on"] = [_("A ban cannot be given in the future.")]
    if errors:
        raise ValidationError(errors)
    if scope == BanScope.ORGANISATION and organisation is None:
        # A ban is a ban however it was recorded: a name that is exactly an organisation's in Polku bans
        # that organisation (the name is kept as the client gave it).
        named = list(Organisation.objects.filter(name__iexact=recipient_name)[:2])
        organisation = named[0] if len(named) == 1 else None
    ban = DisclosureBan.objects.create(
        client=client,
        scope=scope,
        organisation=organisation,
        recipient_name=recipient_name,
        service_task=service_task,
        document_type=document_type,
        given_on=given_on,
        note=note.strip(),
        created_by=actor,
        updated_by=actor,
    )
    _log(actor, client, "disclosure_ban", ban.pk)
    return ban


@transaction.atomic
def ban_withdraw(*, actor: User, ban: DisclosureBan, expected_version: int) -> DisclosureBan:
    _check(actor, ban.client)
    if ban.withdrawn_at is not None:
        raise ValidationError(_("The ban has already been withdrawn."))
    ban.withdrawn_at = timezone.now()
    ban.save_versioned(actor=actor, expected_version=expected_version, update_fields=["withdrawn_at"])
    _log(actor, ban.client, "disclosure_ban", ban.pk)
    return ban


@dataclass(frozen=True)
class Recipient:
    """Who receives the data: an organisation in Polku, or one outside it named by its name."""

    name: str
    organisation: Organisation | None = None

    @classmethod
    def of(cls, organisation: Organisation) -> Recipient:
        return cls(name=str(organisation), organisation=organisation)


@dataclass(frozen=True)
class Basis:
    legal_basis: str
    detail: str = ""
    consent: DataSharingConsent | None = None


def bans_against(
    client: Client, *, recipient: Recipient, service_task: str = "", document_type: str = ""
) -> list[DisclosureBan]:
    name = recipient.name.strip()
    matches = Q(scope=BanScope.ORGANISATION, recipient_name__iexact=name)
    matches |= Q(scope=BanScope.ORGANISATION, organisation__name__iexact=name)
    if recipient.organisation is not None:
        matches |= Q(scope=BanScope.ORGANISATION, organisation=recipient.organisation)
    if service_task:
        matches |= Q(scope=BanScope.SERVICE_TASK, service_task=service_task)
    if document_type:
        matches |= Q(scope=BanScope.DOCUMENT, document_type=document_type)
    return list(active_bans(client).filter(matches).select_related("organisation"))


def ban_refusal(
    client: Client, *, recipient: Recipient, service_task: str = "", document_type: str = ""
) -> str | None:
    """Why a ban of the client stops this disclosure, or None when none does."""
    bans = bans_against(client, recipient=recipient, service_task=service_task, document_type=document_type)
    if not bans:
        return None
    ban = bans[0]
    return _("The client has banned disclosing their data (%(scope)s: %(target)s) since %(day)s.") % {
        "scope": ban.get_scope_display(),
        "target": ban.target,
        "day": ban.given_on.strftime("%d.%m.%Y"),
    }


def consents_to(client: Client, *, recipient: Recipient) -> QuerySet[DataSharingConsent]:
    """The client's active consents to disclosing their data to `recipient`, the latest first."""
    matches = Q(recipient__iexact=recipient.name.strip())
    if recipient.organisation is not None:
        matches |= Q(recipient_organisation=recipient.organisation)
    return active_consents(client).filter(matches).order_by("-given_on", "-created_at")


def consent_for(client: Client, *, recipient: Recipient) -> DataSharingConsent | None:
    return consents_to(client, recipient=recipient).first()


def disclosure_basis(
    client: Client,
    *,
    recipient: Recipient,
    service_task: str = "",
    document_type: str = "",
    legal_basis: str | None = None,
    basis_detail: str = "",
) -> Basis:
    """The basis on which `client`'s data may go to `recipient`, or PermissionDenied saying why not.

    A ban of the client stops every disclosure except one a law orders; without a ground in law the
    client's active consent to the recipient is needed.
    """
    if legal_basis not in BANS_YIELD_TO:
        refusal = ban_refusal(
            client, recipient=recipient, service_task=service_task, document_type=document_type
        )
        if refusal:
            raise PermissionDenied(refusal)
    if legal_basis is not None:
        return Basis(legal_basis, basis_detail)
    consent = consent_for(client, recipient=recipient)
    if consent is None:
        raise PermissionDenied(
            _("The client has not consented to disclosing their data to %(recipient)s.")
            % {"recipient": recipient.name}
        )
    return Basis(LegalBasis.CONSENT, consent.purpose, consent)


def disclose(
    *,
    actor: User,
    client: Client,
    recipient: Recipient,
    what: str,
    object_type: str,
    object_id: object,
    purpose: str,
    service_task: str = "",
    document_type: str = "",
    legal_basis: str | None = None,
    basis_detail: str = "",
    from_organisation: str | None = None,
) -> Basis:
    """Check the client's consents and bans and write the disclosure log row; call inside the
    transaction that makes the data available. The discloser is the actor's organisation, or
    `from_organisation` where the actor is the recipient's own system fetching the data."""
    basis = disclosure_basis(
        client,
        recipient=recipient,
        service_task=service_task,
        document_type=document_type,
        legal_basis=legal_basis,
        basis_detail=basis_detail,
    )
    organisation = actor.organisation if getattr(actor, "organisation_id", None) else None
    disclosure_log_write(
        actor=actor,
        client_id=client.pk,
        what=what,
        object_type=object_type,
        object_id=str(object_id),
        from_organisation=(
            from_organisation if from_organisation is not None else str(organisation) if organisation else ""
        ),
        recipient=recipient.name,
        recipient_organisation_id=str(recipient.organisation.pk) if recipient.organisation else "",
        purpose=purpose,
        legal_basis=basis.legal_basis,
        basis_detail=basis.detail,
        consent_id=str(basis.consent.pk) if basis.consent else "",
    )
    return basis
