"""The national code sets in casework: the reporter of a contact's need, an initiation's service task,
service process and special groups, and Polku's reason codes mapped to the national service task."""

from __future__ import annotations

import json
from datetime import date
from typing import Any
from uuid import UUID

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from polku.accounts.models import Qualification, Role
from polku.accounts.services import token_create
from polku.casework.models import Contact, Initiation, ReasonCode
from polku.casework.services import initiation_set_codes
from polku.clients.hetu import make_hetu
from polku.codes import national
from polku.core.models import StaleEditError
from tests.conftest import World
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def kela(world: World) -> dict[str, str]:
    world.team.receives_unrouted = True
    world.team.save()
    user = UserFactory(role=Role.AUTHORITY_INTEGRATION, qualification=Qualification.OTHER, username="kela")
    return {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=user)}"}


def message(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "person": {
            "hetu": make_hetu(date(1990, 4, 12), 933),
            "first_name": "Ville",
            "last_name": "Esimerkki",
        },
        "sender": {"organisation": "Kela", "name": "Kaisa Käsittelijä"},
        "consent": True,
        "reasons": ["rent_arrears", "life_management"],
        "description": "Vuokrarästejä.",
    }
    return body | overrides


def post(client: Any, headers: dict[str, str], body: dict[str, Any]) -> Any:
    return client.post("/api/v1/contacts", json.dumps(body), content_type="application/json", **headers)


def test_a_reporter_code_not_in_the_code_set_is_a_400_naming_the_field_and_the_set(
    client: Any, kela: dict[str, str]
) -> None:
    response = post(client, kela, message(reporter_code="99"))

    assert response.status_code == 400, response.content
    errors = response.json()["errors"]
    assert list(errors) == ["reporter_code"]
    assert "Sosiaalihuolto - Palvelutarpeen ilmoittaja" in errors["reporter_code"][0]
    assert national.NEED_REPORTER in errors["reporter_code"][0]
    assert not Contact.objects.exists()
    assert not Initiation.objects.exists()


def test_a_contact_from_kela_has_kela_as_the_reporter_and_another_sender_none_unless_given(
    client: Any, kela: dict[str, str]
) -> None:
    from_kela = post(client, kela, message()).json()
    other_person = {"hetu": make_hetu(date(1985, 1, 2), 944), "first_name": "A", "last_name": "B"}
    from_police = post(client, kela, message(person=other_person, sender={"organisation": "Poliisi"})).json()
    third = {"hetu": make_hetu(date(1986, 1, 2), 955), "first_name": "C", "last_name": "D"}
    given = post(
        client, kela, message(person=third, sender={"organisation": "Poliisi"}, reporter_code="8")
    ).json()

    reporter = dict(Contact.objects.values_list("pk", "reporter_code"))
    assert reporter[UUID(from_kela["id"])] == national.need_reporter_for("kela").code
    assert reporter[UUID(from_police["id"])] == ""
    assert reporter[UUID(given["id"])] == "8"


def test_an_initiation_from_a_contact_carries_its_service_task_and_the_initiation_process(
    client: Any, kela: dict[str, str], world: World
) -> None:
    body = post(client, kela, message()).json()

    initiation = Initiation.objects.get(pk=body["initiation"]["id"])
    assert initiation.service_task_code == national.service_task_for("adult_social_work").code
    assert initiation.service_process_code == national.service_process_for("initiation").code
    assert initiation.special_group_codes == []
    worker = {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=world.worker)}"}
    detail = client.get(f"/api/v1/initiations/{initiation.pk}", **worker).json()
    assert (detail["service_task_code"], detail["service_process_code"]) == ("03", "1")
    assert detail["special_group_codes"] == []


# Polku's reason codes → the national service task (casework migration 0012): hand-checked table.
REASON_TASKS = [
    ("supplementary_assistance", "07"),
    ("basic_amount_reduction", "07"),
    ("long_term_unemployment", "03"),
    ("life_management", "03"),
    ("income", "03"),
    ("housing", "03"),
    ("rent_arrears", "03"),
    ("other_debts", "03"),
    ("forms_and_applications", "03"),
    ("health", "03"),
    ("substance_use", "03"),
    ("other", "03"),
]


def test_every_reason_code_maps_to_a_service_task_in_the_loaded_set() -> None:
    adult_social_work = national.service_task_for("adult_social_work").code
    mapped = {r.code: r.service_task_code or adult_social_work for r in ReasonCode.objects.all()}

    assert mapped == dict(REASON_TASKS)
    for code in mapped.values():
        national.coding(national.SERVICE_TASK, code)  # each is in the code set


@pytest.mark.parametrize(
    ("reasons", "task"),
    [
        (["supplementary_assistance"], "07"),
        (["supplementary_assistance", "basic_amount_reduction"], "07"),
        (["rent_arrears"], "03"),
        # Reasons of different service tasks: the matter is adult social work's.
        (["supplementary_assistance", "rent_arrears"], "03"),
    ],
)
def test_the_contact_reasons_set_the_initiation_service_task(
    client: Any, kela: dict[str, str], reasons: list[str], task: str
) -> None:
    body = post(client, kela, message(reasons=reasons)).json()

    assert Initiation.objects.get(pk=body["initiation"]["id"]).service_task_code == task


def test_a_reason_code_whose_service_task_is_not_in_the_set_is_refused() -> None:
    reason = ReasonCode(code="x", label_fi="x", label_sv="x", label_en="x", service_task_code="nope")

    with pytest.raises(ValidationError) as refused:
        reason.full_clean()

    assert "Sosiaalihuolto - Palvelutehtävä" in refused.value.message_dict["service_task_code"][0]


@pytest.fixture
def initiation(client: Any, kela: dict[str, str], world: World) -> Initiation:
    body = post(client, kela, message()).json()
    return Initiation.objects.get(pk=body["initiation"]["id"])


def test_the_worker_corrects_the_codes_and_an_unknown_code_is_refused_by_field(
    world: World, initiation: Initiation
) -> None:
    initiation_set_codes(
        actor=world.worker,
        initiation=initiation,
        service_task_code="07",
        service_process_code="2",
        special_group_codes=["2", "2"],
        expected_version=initiation.version,
    )
    initiation.refresh_from_db()
    assert (initiation.service_task_code, initiation.service_process_code) == ("07", "2")
    assert initiation.special_group_codes == ["2"]

    with pytest.raises(ValidationError) as refused:
        initiation_set_codes(
            actor=world.worker,
            initiation=initiation,
            service_task_code="nope",
            service_process_code="2",
            special_group_codes=["77"],
        )
    errors = refused.value.message_dict
    assert set(errors) == {"service_task_code", "special_group_codes"}
    assert "Sosiaalihuolto - Erityisryhmä" in errors["special_group_codes"][0]
    initiation.refresh_from_db()
    assert initiation.service_task_code == "07"  # a refused change stores nothing

    with pytest.raises(StaleEditError):
        initiation_set_codes(
            actor=world.worker,
            initiation=initiation,
            service_task_code="03",
            service_process_code="2",
            special_group_codes=[],
            expected_version=initiation.version - 1,
        )


@pytest.mark.parametrize(
    ("language", "task", "group"),
    [("fi", "Aikuissosiaalityö", "Sotainvalidi"), ("sv", "Socialt arbete för vuxna", "Krigsinvalid")],
)
def test_the_codes_page_and_the_queue_show_the_national_names_in_the_page_language(
    client: Any, world: World, initiation: Initiation, language: str, task: str, group: str
) -> None:
    Initiation.objects.filter(pk=initiation.pk).update(special_group_codes=["1"])
    client.force_login(world.worker)
    client.cookies["polku_language"] = language

    page = client.get(f"/casework/initiations/{initiation.pk}/codes/").content.decode()
    queue = client.get(f"/casework/queue/?team={initiation.team_id}").content.decode()
    case = client.get(f"/casework/clients/{initiation.client_id}/").content.decode()

    assert task in page and group in page
    assert task in queue
    assert task in case


def test_the_codes_page_saves_the_worker_s_choice(client: Any, world: World, initiation: Initiation) -> None:
    client.force_login(world.worker)

    response = client.post(
        f"/casework/initiations/{initiation.pk}/codes/",
        {"service_task_code": "07", "service_process_code": "2", "version": initiation.version},
    )

    assert response.status_code == 302
    initiation.refresh_from_db()
    assert initiation.service_task_code == "07"


def test_a_worker_of_another_team_cannot_see_the_codes_page(
    client: Any, world: World, initiation: Initiation
) -> None:
    client.force_login(world.other_worker)

    assert client.get(f"/casework/initiations/{initiation.pk}/codes/").status_code == 404


def test_the_phone_contact_form_offers_the_reporters_and_records_the_chosen_one(
    client: Any, world: World
) -> None:
    world.team.receives_unrouted = True
    world.team.save()
    client.force_login(world.advisor)
    client.cookies["polku_language"] = "sv"

    form = client.get("/casework/contacts/new/").content.decode()
    assert "Folkpensionsanstalten" in form

    response = client.post(
        "/casework/contacts/new/",
        {
            "hetu": make_hetu(date(1980, 5, 5), 966),
            "first_name": "Anna",
            "last_name": "Puhelin",
            "language": "fi",
            "sender_organisation": "TE-palvelut",
            "reporter_code": "7",
            "consent": "on",
            "reasons": ["housing"],
            "description": "Asunnoton.",
            "contacted_at": "2026-01-05T10:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Contact.objects.get().reporter_code == "7"


def test_a_reason_mapped_to_a_code_the_loaded_version_dropped_gives_adult_social_work(
    client: Any, kela: dict[str, str], tmp_path: Any
) -> None:
    path = tmp_path / "palvelutehtava.csv"
    path.write_text("CodeId;LongName\n10;Aikuissosiaalityö\n", encoding="utf-8")
    tasks = national.MAPPING_KEYS[national.SERVICE_TASK]
    call_command(
        "load_code_set", str(path), "--oid", national.SERVICE_TASK, "--set-version", "2027",
        *[f"--map={task}=10" for task in tasks],
    )  # fmt: skip

    body = post(client, kela, message(reasons=["supplementary_assistance"])).json()

    assert Initiation.objects.get(pk=body["initiation"]["id"]).service_task_code == "10"
