"""Suuntima's four client segments: two axes, the load of the client's situation (kuormittavuus) and the
client's own and close ones' resources (voimavarat). A placement describes the recorded data; it decides
nothing about the client."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Quadrant(models.TextChoices):
    SELF_DIRECTED = "self_directed", _("Self-directed client")
    COOPERATION = "cooperation", _("Cooperation client")
    SUPPORTED = "supported", _("Supported self-directed client")
    MUCH_SUPPORT = "much_support", _("Client needing much support")


DESCRIPTIONS = {
    Quadrant.SELF_DIRECTED: _("Low load, high resources: manages mostly on their own with advice."),
    Quadrant.COOPERATION: _("High load, high resources: a heavy situation met together with the client."),
    Quadrant.SUPPORTED: _("Low load, low resources: a light situation, but little to lean on."),
    Quadrant.MUCH_SUPPORT: _("High load, low resources: needs much support and a network of services."),
}

# (high load, high resources) -> quadrant
BY_AXES = {
    (False, True): Quadrant.SELF_DIRECTED,
    (True, True): Quadrant.COOPERATION,
    (False, False): Quadrant.SUPPORTED,
    (True, False): Quadrant.MUCH_SUPPORT,
}

NOTHING_DECIDED = _(
    "The segment only describes what has been recorded. It decides nothing about the client: no service, "
    "benefit or priority follows from it."
)
