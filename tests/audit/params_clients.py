"""URL parameter values of the client pages for the use-log walker."""

from __future__ import annotations

from datetime import date
from typing import Any

from polku.clients.models import DataSharingConsent, DisclosureBan
from tests.conftest import World


def values(world: World) -> dict[str, Any]:
    consent = DataSharingConsent.objects.create(
        client=world.client, recipient="Kela", purpose="benefits", given_on=date(2026, 1, 5), method="written"
    )
    ban = DisclosureBan.objects.create(
        client=world.client, scope="document", document_type="assessment", given_on=date(2026, 1, 5)
    )
    return {"client_id": world.client.pk, "consent_id": consent.pk, "ban_id": ban.pk}
