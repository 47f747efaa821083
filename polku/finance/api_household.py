"""The API of financial social work: household."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["finance"])
