"""`polku load_code_set FILE`: load a new version of a national code set from the code service's download
(CSV, or a FHIR CodeSystem in JSON) or from Polku's own JSON (polku/codes/data/). The new version is in use
at once; the older ones stay for the names of codes records made under them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from polku.codes.loader import CodeSetError, load_file


class Command(BaseCommand):
    help = (
        "Load a new version of a national code set (service task, service process, need reporter, special "
        "group) from a CSV download of the code service or a JSON file. A CSV needs --oid and --set-version; "
        "--map KEY=CODE says Polku's mapping where the new version's codes differ."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the downloaded file (.csv, .txt or .json)")
        parser.add_argument("--oid", default="", help="the code set's OID, e.g. 1.2.246.537.6.1221")
        parser.add_argument("--set-version", default="", help="the version's name or OID in the code service")
        parser.add_argument("--name-fi", default="", help="the code set's Finnish name (a CSV has none)")
        parser.add_argument("--name-sv", default="", help="the code set's Swedish name")
        parser.add_argument(
            "--source", default="", help="where the file came from (an address), kept with it"
        )
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="KEY=CODE",
            help="map one of Polku's keys to a code of the new version, e.g. adult_social_work=03 or kela=6 "
            "(by default the mapping of the version in use is kept)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        mapping = {}
        for pair in options["map"]:
            key, sep, code = pair.partition("=")
            if not sep or not key.strip() or not code.strip():
                raise CommandError(f"--map {pair!r}: write KEY=CODE")
            mapping[key.strip()] = code.strip()
        try:
            version, created = load_file(
                path,
                oid=options["oid"],
                version=options["set_version"],
                name_fi=options["name_fi"],
                name_sv=options["name_sv"],
                source=options["source"],
                mapping=mapping,
            )
        except CodeSetError as exc:
            raise CommandError(f"{path.name} was not loaded:\n- " + "\n- ".join(exc.errors)) from None
        count = version.codes.count()
        if created:
            self.stdout.write(
                f"Loaded {version.name_fi} version {version.version}: {count} codes, now in use."
            )
        else:
            self.stdout.write(
                f"{version.name_fi} version {version.version} was already loaded; nothing changed."
            )
