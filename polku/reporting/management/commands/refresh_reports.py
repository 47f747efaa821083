"""`polku refresh_reports`: rebuild the reports' pre-aggregated tables now (the worker does it on a clock;
run this after loading data in bulk)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from polku.reporting.refresh import BUILDERS, refresh


class Command(BaseCommand):
    help = "Rebuild the reports' pre-aggregated tables (deadlines, ESR, caseloads, clients by service)."

    def handle(self, *args: Any, **options: Any) -> None:
        for table in BUILDERS:
            began = time.monotonic()
            refresh(table)
            self.stdout.write(f"{table}: rebuilt in {time.monotonic() - began:.1f} s")
