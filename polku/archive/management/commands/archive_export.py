"""polku archive_export --day YYYY-MM-DD --to DIR: the document versions made or changed on a day, each as
<oid>.xhtml, <oid>.json and <oid>.pdf (PDF/A-2b), for the Kanta archive's transfer (a later step)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from polku.archive.documents import documents_made_on, export
from polku.core.forms import DATE_MAX, DATE_MIN


def _day(text: str) -> date:
    try:
        day = date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"--day {text!r} is not a date (YYYY-MM-DD).") from exc
    if not DATE_MIN <= day <= DATE_MAX:
        raise CommandError(f"--day {text} is outside {DATE_MIN}…{DATE_MAX}.")
    return day


class Command(BaseCommand):
    help = "Write the day's documents as XHTML, JSON and PDF/A-2b to a directory."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--day", required=True, help="YYYY-MM-DD")
        parser.add_argument("--to", required=True, help="the directory to write to (made if missing)")

    def handle(self, *args: Any, **options: Any) -> None:
        day = _day(options["day"])
        target = Path(options["to"])
        target.mkdir(parents=True, exist_ok=True)
        written = refused = 0
        for document in documents_made_on(day):
            try:
                exported = export(document)
            except ValidationError as refusal:
                refused += 1
                self.stderr.write(f"{document.oid}: {' '.join(refusal.messages)}")
                continue
            for suffix, content in exported.files.items():
                (target / f"{exported.oid}.{suffix}").write_bytes(content)
            written += 1
        self.stdout.write(f"{day}: {written} documents written to {target}, {refused} refused.")
