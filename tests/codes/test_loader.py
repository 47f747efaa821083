"""`polku load_code_set`: a new version of a national code set from the code service's download."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from polku.codes import national
from polku.codes.models import CodeSetVersion
from tests.conftest import World

pytestmark = pytest.mark.django_db
FILES = Path(__file__).parent / "files"


def load(*args: str) -> str:
    out = StringIO()
    call_command("load_code_set", *args, stdout=out)
    return out.getvalue()


def test_the_repository_files_are_loaded_by_migrate_one_version_of_each_set_in_use() -> None:
    active = CodeSetVersion.objects.filter(active=True)
    assert sorted(active.values_list("oid", flat=True)) == sorted(national.KNOWN_SETS)
    assert national.service_task_for("adult_social_work").name("fi") == "Aikuissosiaalityö"
    # The repository's values could not be checked against the code service: they say so.
    assert all(active.values_list("provisional", flat=True))


def test_a_csv_download_becomes_the_version_in_use_without_its_expired_codes(tmp_path: Path) -> None:
    output = load(
        str(FILES / "service_task_export.csv"), "--oid", national.SERVICE_TASK, "--set-version", "2026-12"
    )

    assert "2 codes, now in use" in output
    version = CodeSetVersion.objects.get(oid=national.SERVICE_TASK, active=True)
    assert version.version == "2026-12"
    assert (
        version.name_fi == "Sosiaalihuolto - Palvelutehtävä"
    )  # the set's name kept from the earlier version
    assert [c.code for c in national.codes_of(national.SERVICE_TASK)] == ["03", "07"]
    assert national.coding(national.SERVICE_TASK, "07").name("sv") == "Utkomststöd"
    with pytest.raises(LookupError):
        national.coding(national.SERVICE_TASK, "99")  # ended in 2015
    with pytest.raises(LookupError):
        national.coding(national.SERVICE_TASK, "02")  # only in the earlier version
    # A record made under the earlier version still shows its code's name.
    assert national.display_name(national.SERVICE_TASK, "02", "fi") == "Lastensuojelu"
    assert not version.provisional
    assert CodeSetVersion.objects.filter(oid=national.SERVICE_TASK).count() == 2


def test_an_iso_8859_1_download_reads_its_scandinavian_letters(tmp_path: Path) -> None:
    path = tmp_path / "palvelutehtava.txt"
    path.write_bytes((FILES / "service_task_export.csv").read_text(encoding="utf-8").encode("iso-8859-1"))

    load(str(path), "--oid", national.SERVICE_TASK, "--set-version", "latin-1")

    assert national.coding(national.SERVICE_TASK, "03").name("fi") == "Aikuissosiaalityö"


def test_a_fhir_code_system_is_read_with_its_swedish_designations() -> None:
    load(str(FILES / "need_reporter.fhir.json"))

    kela = national.coding(national.NEED_REPORTER, "6")
    assert (kela.name("fi"), kela.name("sv")) == ("Kansaneläkelaitos", "Folkpensionsanstalten")
    assert national.code_set_version(national.NEED_REPORTER) == "2026-test"


def test_loading_the_same_version_again_changes_nothing() -> None:
    args = (str(FILES / "need_reporter.fhir.json"),)
    load(*args)

    assert "already loaded; nothing changed" in load(*args)
    assert CodeSetVersion.objects.filter(oid=national.NEED_REPORTER, version="2026-test").count() == 1


def test_the_same_version_with_other_content_is_refused(tmp_path: Path) -> None:
    load(str(FILES / "need_reporter.fhir.json"))
    changed = (FILES / "need_reporter.fhir.json").read_text(encoding="utf-8").replace("Henkilö itse", "Itse")
    path = tmp_path / "changed.json"
    path.write_text(changed, encoding="utf-8")

    with pytest.raises(CommandError, match="already loaded with other content"):
        load(str(path))


@pytest.mark.parametrize(
    ("content", "args", "reason"),
    [
        ("CodeId;LongName\n03;Aikuissosiaalityö\n", [], "Polku uses no code set ''"),
        ("CodeId;LongName\n03;Aikuissosiaalityö\n", ["--oid", "1.2.3"], "Polku uses no code set '1.2.3'"),
        (
            "CodeId;LongName\n03;Aikuissosiaalityö\n",
            ["--oid", national.SERVICE_TASK],
            "the version is missing",
        ),
        (
            "Koodi;Kuvaus\n03;x\n",
            ["--oid", national.SERVICE_TASK, "--set-version", "v"],
            "no column for LongName",
        ),
        (
            "CodeId;LongName\n03;A\n03;B\n",
            ["--oid", national.SERVICE_TASK, "--set-version", "v"],
            "appears twice",
        ),
        (
            "CodeId;LongName\n03;\n",
            ["--oid", national.SERVICE_TASK, "--set-version", "v"],
            "Finnish name is missing",
        ),
        (
            "CodeId;LongName\n0\x003;A\n",
            ["--oid", national.SERVICE_TASK, "--set-version", "v"],
            "a code is 1-50",
        ),
        (
            "CodeId;LongName\n03;=HYPERLINK(1)\x07\n",
            ["--oid", national.SERVICE_TASK, "--set-version", "v"],
            "control",
        ),
        ("CodeId;LongName\n", ["--oid", national.SERVICE_TASK, "--set-version", "v"], "has no codes"),
        # The version would drop the adult social work code Polku's service tasks map to.
        (
            "CodeId;LongName\n07;Toimeentulotuki\n",
            ["--oid", national.SERVICE_TASK, "--set-version", "v"],
            "--map adult_social_work=CODE",
        ),
        (
            "CodeId;LongName\n03;A\n",
            ["--oid", national.SERVICE_TASK, "--set-version", "v", "--map", "nonsense=03"],
            "no such key to map",
        ),
        (
            "CodeId;LongName\n03;A\n",
            ["--oid", national.SERVICE_TASK, "--set-version", "v", "--map", "x"],
            "KEY=CODE",
        ),
        (
            "CodeId;LongName;ExpiringDate\n03;A;31.13.2020\n",
            ["--oid", national.SERVICE_TASK, "--set-version", "v"],
            "end date",
        ),
        ('{"oid": "1.2.246.537.6.1221", "codes": "none"}', [], "codes must be a list"),
        ("{not json", [], "not valid JSON"),
    ],
)
def test_a_file_that_cannot_be_loaded_is_refused_with_its_reason_and_changes_nothing(
    tmp_path: Path, content: str, args: list[str], reason: str
) -> None:
    path = tmp_path / "export.csv"
    path.write_text(content, encoding="utf-8")
    before = list(CodeSetVersion.objects.values_list("pk", "active"))

    with pytest.raises(CommandError, match=reason):
        load(str(path), *args)

    assert list(CodeSetVersion.objects.values_list("pk", "active")) == before


def test_a_missing_file_is_named() -> None:
    with pytest.raises(CommandError, match="no such file"):
        load("/nonexistent/export.csv")


def test_an_administrator_reads_the_loaded_versions_and_their_codes(client: Any, world: World) -> None:
    client.force_login(world.admin)
    version = CodeSetVersion.objects.get(oid=national.NEED_REPORTER, active=True)

    listing = client.get("/admin/codes/codesetversion/").content.decode()
    page = client.get(f"/admin/codes/codesetversion/{version.pk}/change/").content.decode()

    assert "Sosiaalihuolto - Palvelutarpeen ilmoittaja" in listing
    assert "Kansaneläkelaitos" in page and "Folkpensionsanstalten" in page


def test_a_version_whose_codes_differ_loads_with_the_new_mapping_and_keeps_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "palvelutehtava.csv"
    path.write_text(
        "CodeId;LongName;LongName_sv\n10;Aikuissosiaalityö;Socialt arbete för vuxna\n", encoding="utf-8"
    )
    args = [str(path), "--oid", national.SERVICE_TASK, "--set-version", "2027"]

    with pytest.raises(CommandError, match="adult_social_work maps to '03'"):
        load(*args)
    tasks = national.MAPPING_KEYS[national.SERVICE_TASK]
    load(*args, *[f"--map={task}=10" for task in tasks])

    assert national.service_task_for("adult_social_work").code == "10"
    # The other sets' mappings stay as they were.
    assert national.need_reporter_for("kela").name("sv") == "Folkpensionsanstalten"
    # The next version keeps this mapping without saying it again.
    path.write_text("CodeId;LongName\n10;Aikuissosiaalityö\n11;Uusi\n", encoding="utf-8")
    load(str(path), "--oid", national.SERVICE_TASK, "--set-version", "2028")
    assert national.service_task_for("social_rehabilitation").code == "10"
