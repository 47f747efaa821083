"""Written decisions (päätös, SHL 45-46) with their grounds, legal basis and appeal instructions."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from polku.accounts.models import Organisation, OrganisationKind, User
from polku.casework.models import Initiation
from polku.clients.models import Client
from polku.core.models import BaseModel
from polku.decisions.appeal import NotificationMethod
from polku.finance.models import Application, ApplicationKind


class DecisionType(models.TextChoices):
    SOCIAL_REHABILITATION = "social_rehabilitation", _("social rehabilitation")
    REHABILITATIVE_WORK = "rehabilitative_work_activity", _("rehabilitative work activity")
    OTHER = "other", _("other service")
    SUPPLEMENTARY_ASSISTANCE = "supplementary_assistance", _("supplementary social assistance")
    PREVENTIVE_ASSISTANCE = "preventive_assistance", _("preventive social assistance")
    SOCIAL_CREDIT = "social_credit", _("social credit")


# What a decision of each type usually rests on; the worker may write more.
DEFAULT_LEGAL_BASIS: dict[str, str] = {
    DecisionType.SOCIAL_REHABILITATION: "Sosiaalihuoltolaki 1301/2014 17 §, 45 §",
    DecisionType.REHABILITATIVE_WORK: "Laki kuntouttavasta työtoiminnasta 189/2001; sosiaalihuoltolaki 45 §",
    DecisionType.OTHER: "Sosiaalihuoltolaki 1301/2014 45 §",
    DecisionType.SUPPLEMENTARY_ASSISTANCE: "Laki toimeentulotuesta 1412/1997 1, 6-7 c, 11 §",
    DecisionType.PREVENTIVE_ASSISTANCE: "Laki toimeentulotuesta 1412/1997 1, 13 §",
    DecisionType.SOCIAL_CREDIT: "Laki sosiaalisesta luototuksesta 1133/2002 1-8 §",
}

# The type of the decision on each kind of social assistance or social credit application (polku.finance).
APPLICATION_DECISION_TYPES: dict[str, str] = {
    ApplicationKind.SUPPLEMENTARY: DecisionType.SUPPLEMENTARY_ASSISTANCE,
    ApplicationKind.PREVENTIVE: DecisionType.PREVENTIVE_ASSISTANCE,
    ApplicationKind.SOCIAL_CREDIT: DecisionType.SOCIAL_CREDIT,
}
MONEY_TYPES = frozenset(APPLICATION_DECISION_TYPES.values())


class Outcome(models.TextChoices):
    GRANTED = "granted", _("granted")
    PARTLY = "partly_granted", _("partly granted")
    DENIED = "denied", _("denied")


class DecisionStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    DECIDED = "decided", _("decided")
    NOTIFIED = "notified", _("notified to the client")


class Decision(BaseModel):
    client = models.ForeignKey(
        Client, verbose_name=_("client"), on_delete=models.PROTECT, related_name="decisions"
    )
    initiation = models.ForeignKey(
        Initiation,
        verbose_name=_("initiation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    decision_type = models.CharField(_("decision type"), max_length=40, choices=DecisionType.choices)
    # The social assistance or social credit application a decision of a MONEY_TYPES type answers.
    application = models.OneToOneField(
        Application,
        verbose_name=_("application"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decision",
    )
    service_name = models.CharField(
        _("service"),
        max_length=200,
        blank=True,
        help_text=_("Name the service when the type is another service."),
    )
    # The national service task (THL Sosiaalihuolto - Palvelutehtävä, polku.codes); by default the one of
    # the decision's type (polku.codes.national.service_task_for).
    service_task_code = models.CharField(_("service task"), max_length=50, blank=True)
    outcome = models.CharField(_("decision"), max_length=16, choices=Outcome.choices, default=Outcome.GRANTED)
    decision_text = models.TextField(_("the decision"))
    grounds = models.TextField(_("grounds"))
    legal_basis = models.TextField(_("legal basis"))
    provider = models.ForeignKey(
        Organisation,
        verbose_name=_("provider"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
        limit_choices_to={"kind": OrganisationKind.PROVIDER},
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    extent = models.CharField(
        _("extent of the service"),
        max_length=300,
        blank=True,
        help_text=_("How much of the service, e.g. a group once a week and home guidance once a week."),
    )
    client_fee = models.TextField(
        _("client fee"),
        blank=True,
        help_text=_("What the client pays for the service, or that it is free of charge."),
    )
    implement_at_once = models.BooleanField(
        _("carried out before it becomes final"),
        default=True,
        help_text=_(
            "The service starts at once even if a correction request is made (hallintolaki 49 f §: a "
            "decision that must by its nature be carried out at once)."
        ),
    )
    language = models.CharField(
        _("language of the decision"),
        max_length=2,
        choices=[("fi", _("Finnish")), ("sv", _("Swedish"))],
        default="fi",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=DecisionStatus.choices, default=DecisionStatus.DRAFT
    )
    # Diaarinumero: "<year>/<running number>", given when the decision is made (services.record_number_next).
    record_number = models.CharField(_("record number"), max_length=20, blank=True, editable=False)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        User,
        verbose_name=_("decision-maker"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    notification_method = models.CharField(
        _("notification"), max_length=12, choices=NotificationMethod.choices, blank=True
    )
    notification_sent_on = models.DateField(_("sent or handed over on"), null=True, blank=True)
    received_on = models.DateField(_("counts as received on"), null=True, blank=True)
    appeal_last_day = models.DateField(_("last day for a correction request"), null=True, blank=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["client", "-created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["record_number"],
                condition=~models.Q(record_number=""),
                name="decision_record_number_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.service_label} {self.created_at:%Y-%m-%d}"

    @property
    def service_label(self) -> str:
        return (
            self.service_name
            if self.decision_type == DecisionType.OTHER
            else str(self.get_decision_type_display())
        )
