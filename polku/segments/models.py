"""A worker's review of a client's segment: the rule's placement confirmed, or the client moved to another
quadrant with a reason. Every review is kept; the latest one stands."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from polku.clients.models import Client
from polku.core.models import BaseModel
from polku.segments.quadrants import Quadrant


class ReviewAction(models.TextChoices):
    CONFIRMED = "confirmed", _("confirmed")
    MOVED = "moved", _("moved")


class SegmentReview(BaseModel):
    """Written once and never edited (a new review is a new row); `created_by` and `created_at` say who and
    when."""

    client = models.ForeignKey(
        Client, verbose_name=_("client"), on_delete=models.PROTECT, related_name="segment_reviews"
    )
    computed = models.CharField(_("placement by the rule"), max_length=20, choices=Quadrant.choices)
    quadrant = models.CharField(_("segment"), max_length=20, choices=Quadrant.choices)
    action = models.CharField(_("review"), max_length=10, choices=ReviewAction.choices)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("segment review")
        verbose_name_plural = _("segment reviews")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["client", "-created_at"], name="segments_review_latest")]

    def __str__(self) -> str:
        return f"{self.client_id} {self.quadrant}"
