"""The access matrix: every URL of the project (pages, the admin site and every API operation), asked by a
person in every role and by no one, lets in exactly those its access class allows.

- ROUTES puts each route in one access class; CLASSES says who each class lets in. A new route fails the
  first test until it is classified here, and an entry whose route is gone fails too.
- Reads: each route is asked with GET by every user (API routes both with the session and with a bearer
  token, which must agree), with the objects of the team's client and of the provider that `provider`
  works for (tests/audit/matrix_world.py).
- Another team, another provider: each route that names such an object is asked again with the other
  team's client and the other provider's service and group. The team's people and `provider` must be
  refused; `other_worker` and `other_provider` get exactly what `worker` and `provider` got with their own
  (MIRROR), which shows that the other objects are real.
- Writes: each route that takes POST (PUT, PATCH, DELETE) is asked by every user inside a transaction that
  is undone afterwards: pages with an empty form, the API with a body that passes its schema, sent with a
  bearer token. Whoever the class refuses must be refused and must have changed nothing; whoever it lets
  in must reach the object (no 401, 404 or sign-in) — what they may then do is each service's own rule,
  tested with it.
- An answer is "allow" (2xx, or a redirect that is not to sign-in and carries no error message) or "deny"
  (401, 403, 404, a redirect to sign-in, or the pages' polite refusal: a redirect with an error message).
  A 5xx is always a failure, and so is any other 4xx of a read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
import weasyprint
from django.test import Client as Browser
from django.urls import reverse

from polku.accounts.models import User
from polku.accounts.services import token_create
from polku.clients.models import ClientRelationship
from polku.plans.models import PlanVersion
from tests.audit.matrix_requests import Asker, Route, all_routes, in_rollback, outcome, snapshot
from tests.audit.matrix_world import (
    MIRROR,
    OWNED_PARAMETERS,
    UNOWNED_PARAMETERS,
    USER_KEYS,
    GrantWorld,
    MatrixWorld,
    grant_world,
    matrix_world,
)
from tests.conftest import World

# ---------------------------------------------------------------------------------------------------------
# Who each access class lets in (the keys of tests/audit/matrix_world.py's users).

CLIENT_WORK = frozenset({"advisor", "counsellor", "worker", "other_worker"})  # any team
TEAM = frozenset({"advisor", "counsellor", "worker", "manager"})  # the people of the client's team
PROVIDERS = frozenset({"provider", "other_provider"})

CLASSES: dict[str, frozenset[str]] = {
    # Without signing in: sign-in, the language switch, health, the API's description, the client's
    # one-time links (the token is the only key).
    "public": frozenset(USER_KEYS),
    # Signing out: anyone; the answer is a redirect to the sign-in page (which the matrix otherwise reads
    # as a refusal, see SIGN_OUT below).
    "sign_out": frozenset(USER_KEYS),
    # Answers no one: a name only (the API root), or switched off in this configuration.
    "nobody": frozenset(),
    # Any signed-in user; what the page lists is narrowed to what the user may see.
    "signed_in": frozenset(USER_KEYS) - {"anonymous"},
    # A client of one's own team and everything recorded of them.
    "team_client": TEAM,
    # A client's service at a provider: the client's team, and the provider that gives the service.
    "team_client_service": TEAM | {"provider"},
    # A provider's group, its sessions and attendance: that provider's workers only.
    "provider_group": frozenset({"provider"}),
    # Creating a group: any provider worker (for their own organisation).
    "providers": PROVIDERS,
    # Registering a client: client work.
    "client_registration": CLIENT_WORK,
    # Recording a contact from another authority (SHL 35): client work, and the authority's system.
    "contact_recording": CLIENT_WORK | {"authority"},
    # Writing a social report (SHL 7): client work, team managers, providers' workers.
    "report_writing": CLIENT_WORK | {"manager"} | PROVIDERS,
    # A draft social report: its author only.
    "report_author": frozenset({"worker"}),
    # Recording walk-in tallies: client work and team managers.
    "tally_recording": CLIENT_WORK | {"manager"},
    # Tallies, client feedback and projects: client work, team managers and analysts.
    "structural_work": CLIENT_WORK | {"manager", "analyst"},
    # Reports and figures for decision-makers: team managers and analysts.
    "figures": frozenset({"manager", "analyst"}),
    # A report's export written in the background: the one who ordered it (here the manager) only.
    "export_owner": frozenset({"manager"}),
    # The team's board (workday): team managers, each of her own teams only.
    "managers": frozenset({"manager"}),
    # The admin site: staff only. What the administrator may do there is the admin site's own
    # per-model permissions (not asserted here, beyond never failing).
    "admin_site": frozenset({"admin"}),
    # FHIR: the client's team, and another organisation's system the client has consented to disclosing
    # their data to (the matrix's authority is Kela's system, tests/audit/params_statements.py, and the
    # team's client consented to Kela, params_clients.py; bans and no consent: tests/fhir).
    "team_client_or_consented_system": TEAM | {"authority"},
    # Consultations between professionals: client work and team managers ask and answer them.
    "consulting": CLIENT_WORK | {"manager"},
    # A consultation: its asker (the matrix's worker) and those it was asked of (here the counsellor).
    "consultation_parties": frozenset({"worker", "counsellor"}),
    # A statement to an authority (Kela): the recipient authority's system only.
    "statement_recipient": frozenset({"authority"}),
    # A team's own page (segments by team): the team's workers and its managers, each of their own teams.
    "team": TEAM,
}
NOT_ASSERTED = {"admin_site": frozenset({"admin"})}

# ---------------------------------------------------------------------------------------------------------
# Every route in one class. Routes of the admin site (`admin:`) are "admin_site" unless listed.

ADMIN_SITE_PREFIX = "admin:"
ROUTES: dict[str, str] = {
    # accounts
    "workday:home": "signed_in",
    # messaging: the client is named only by the one-time link in the posted form, so an empty form is
    # refused to everyone; who may send is the service's rule (tests/messaging/test_services.py).
    "messaging:send_link": "nobody",
    "workday:board": "managers",
    "workday:reminders": "signed_in",
    "accounts:login": "public",
    "accounts:logout": "sign_out",
    # Sign-in through the organisation's identity provider: off in this configuration (no
    # POLKU_OIDC_CLIENT_ID), so it answers no one.
    "accounts:oidc_start": "nobody",
    "accounts:oidc_callback": "nobody",
    "admin:login": "public",
    "admin:logout": "sign_out",
    "set_language": "public",
    # consultation
    "consultation:list": "consulting",
    "consultation:new": "consulting",
    "consultation:statistics": "figures",
    "consultation:detail": "consultation_parties",
    "consultation:write": "consultation_parties",
    "consultation:close": "consultation_parties",
    "api:consultations": "consulting",
    "api:consultation_detail": "consultation_parties",
    "api:consultation_messages": "consultation_parties",
    # clients
    "clients:search": "signed_in",
    "clients:create": "client_registration",
    "clients:detail": "team_client",
    "clients:edit": "team_client",
    "api:client_detail": "team_client",
    "api:client_search": "signed_in",
    "clients:sharing": "team_client",
    "clients:consent_withdraw": "team_client",
    "clients:ban_withdraw": "team_client",
    "api:consent_list": "team_client",
    "api:consent_create": "team_client",
    "api:consent_withdraw": "team_client",
    "api:ban_list": "team_client",
    "api:ban_create": "team_client",
    "api:ban_withdraw": "team_client",
    "api:disclosure_list": "team_client",
    # casework
    "casework:queue": "signed_in",
    "casework:deadlines": "signed_in",
    "casework:caseload": "signed_in",
    "casework:contact_new": "contact_recording",
    "casework:take": "team_client",
    "casework:assign": "team_client",
    "casework:urgent": "team_client",
    "casework:close": "team_client",
    "casework:initiation_codes": "team_client",
    "casework:timeline": "team_client",
    "casework:case": "team_client",
    "casework:special_support": "team_client",
    "casework:personal_worker": "team_client",
    "casework:relationship_close": "team_client",
    "casework:assessment": "team_client",
    "casework:assessment_pdf": "team_client",
    "casework:pre_assessment_send": "team_client",
    "casework:pre_assessment_take": "team_client",
    "pre_assessment_answer": "public",
    "pre_assessment_answer_moved": "public",
    "casework:log_extracts": "team_client",
    "casework:log_extract": "team_client",
    "casework:log_extract_pdf": "team_client",
    "casework:log_extract_json": "team_client",
    "casework:log_extract_documents": "team_client",
    "casework:log_extract_document": "team_client",
    "casework:log_extract_answer": "team_client",
    "api:log_extract_requests": "team_client",
    "api:log_extract": "team_client",
    "api:log_extract_answer": "team_client",
    "api:contact_create": "contact_recording",
    "casework:kela_statement": "team_client",
    "api:fhir_patient": "team_client_or_consented_system",
    "api:fhir_consents": "team_client_or_consented_system",
    "api:fhir_disclosures": "team_client_or_consented_system",
    "api:fhir_care_plans": "team_client_or_consented_system",
    "api:fhir_care_plan": "team_client_or_consented_system",
    "api:statement_list": "statement_recipient",
    "api:statement_read": "statement_recipient",
    "api:initiation_list": "signed_in",
    "api:my_work": "signed_in",
    "api:initiation_detail": "team_client",
    "api:personal_worker": "team_client",
    "api:client_timeline": "team_client",
    "api:weekdays": "signed_in",
    # decisions
    "decisions:client": "team_client",
    "decisions:create": "team_client",
    "decisions:detail": "team_client",
    "decisions:notify": "team_client",
    "decisions:service_started": "team_client",
    "decisions:pdf": "team_client",
    "decisions:for_application": "team_client",
    "finance:client": "team_client",
    "finance:budget_new": "team_client",
    "finance:budget_link": "team_client",
    "finance:budget_version": "team_client",
    "finance:member": "team_client",
    "finance:debt_new": "team_client",
    "finance:debt": "team_client",
    "finance:debts_pdf": "team_client",
    "finance:referral_new": "team_client",
    "finance:applications": "team_client",
    "finance:application_create": "team_client",
    "finance:application": "team_client",
    "finance:application_complete": "team_client",
    "finance:application_withdraw": "team_client",
    "finance:credit_create": "team_client",
    "finance:credit": "team_client",
    "finance:credit_holiday": "team_client",
    "finance:instalment_pay": "team_client",
    "finance:credits": "signed_in",
    "api:client_decisions": "team_client",
    "api:decision_detail": "team_client",
    "api:decision_make": "team_client",
    "api:decision_notify": "team_client",
    "api:assistance_application_decision": "team_client",
    "api:client_money": "team_client",
    "api:client_budget": "team_client",
    "api:client_debts": "team_client",
    "api:debt_detail": "team_client",
    "api:client_assistance_applications": "team_client",
    "api:assistance_application": "team_client",
    "api:assistance_application_complete": "team_client",
    "api:assistance_application_calculation": "team_client",
    "api:assistance_application_grants": "team_client",
    "api:credit_detail": "team_client",
    # plans
    "plans:client": "team_client",
    "plans:pdf": "team_client",
    "plans:avain": "team_client",
    "plans:read_link": "team_client",
    "plans:release": "team_client",
    # archive
    "archive:documents": "team_client",
    "archive:document": "team_client",
    # segments
    "segments:client": "team_client",
    "segments:teams": "signed_in",
    "segments:team": "team",
    "segments:caseload": "signed_in",
    "api:team_segments": "team",
    "plans:activation": "team_client",
    "plans:version": "team_client",
    "plan_read": "public",
    "plan_read_moved": "public",
    "api:client_plan": "team_client",
    "api:activation_plans": "team_client",
    # instruments
    "instruments:client": "team_client",
    "instruments:start": "team_client",
    "instruments:fill": "team_client",
    "instruments:feedback": "team_client",
    "instrument_answer": "public",
    "budget_fill": "public",
    "instruments:answer_moved": "public",
    "api:instrument_list": "signed_in",
    "api:instrument_questionnaire": "signed_in",
    "api:response_create": "team_client",
    "api:response_fhir": "team_client",
    "api:client_change": "team_client",
    # provider services
    "services:home": "signed_in",
    "services:catalogue": "signed_in",
    "services:episode": "team_client_service",
    "services:referral": "team_client_service",
    "services:client": "team_client",
    "services:home_visit": "team_client_service",
    "services:review": "team_client_service",
    "services:end": "team_client_service",
    "services:group": "provider_group",
    "services:group_action": "provider_group",
    "api:episodes": "signed_in",
    "api:episode_detail": "team_client_service",
    "api:implementation_plan": "team_client_service",
    "api:home_visits": "team_client_service",
    "api:reviews": "team_client_service",
    "api:episode_end": "team_client_service",
    "api:groups": "providers",
    "api:group_members": "provider_group",
    "api:group_sessions": "provider_group",
    "api:attendance": "provider_group",
    # appointments: one's own and the team's calendars list only what the user may see; the feed's token
    # is its only key.
    "appointments:week": "signed_in",
    "appointments:team": "signed_in",
    "appointments:feed_settings": "signed_in",
    "appointments:feed": "public",
    "appointments:client": "team_client",
    "appointments:client_section": "team_client",
    "appointments:detail": "team_client",
    "api:appointment_list": "signed_in",
    "api:appointment_book": "team_client",
    # structural social work
    "structural:reports": "signed_in",
    "structural:report_new": "report_writing",
    # The walker's report is a draft: reading and responding are the manager's once it is submitted.
    "structural:report_detail": "report_author",
    "structural:report_edit": "report_author",
    "structural:report_submit": "report_author",
    "structural:report_read": "report_author",
    "structural:report_respond": "report_author",
    "structural:summaries": "figures",
    "structural:summary": "figures",
    "structural:summary_action": "figures",
    "structural:summary_pdf": "figures",
    "structural:summary_xlsx": "figures",
    "structural:tallies": "structural_work",
    "structural:feedback": "structural_work",
    "structural:projects": "structural_work",
    "structural:project": "structural_work",
    # Co-development: the roster (personal data of co-developers) and the projects, for those who run it.
    "structural:codevelopers": "figures",
    "structural:codeveloper_withdraw": "figures",
    "structural:dev_projects": "figures",
    "structural:dev_project": "figures",
    "api:social_report_create": "report_writing",
    "api:social_report_summary": "figures",
    "api:development_project_read": "figures",
    "api:development_project_proposal_create": "figures",
    "api:tally_create": "tally_recording",
    # reports
    "reporting:effectiveness": "figures",
    "reporting:export": "export_owner",
    "reporting:export_status": "export_owner",
    "reporting:export_download": "export_owner",
    "reporting:effectiveness_export": "figures",
    "reporting:monitoring_dashboard": "figures",
    "reporting:esr": "figures",
    "reporting:esr_csv": "figures",
    "reporting:esr_xlsx": "figures",
    "reporting:deadline_compliance": "figures",
    "reporting:deadline_compliance_csv": "figures",
    "reporting:deadline_compliance_xlsx": "figures",
    "reporting:caseloads": "figures",
    "reporting:finance": "figures",
    "api:effectiveness_report": "figures",
    "api:report_esr": "figures",
    "api:report_deadlines": "figures",
    # the API itself
    "api:health": "public",
    "api:openapi-json": "public",
    "api:openapi-view": "public",
    "api:api-root": "nobody",
}


def access_class(route: Route) -> str:
    if route.name in ROUTES:
        return ROUTES[route.name]
    return "admin_site" if route.name.startswith(ADMIN_SITE_PREFIX) else "unclassified"


def expected(route: Route, key: str) -> str | None:
    """ "allow", "deny", or None where the matrix does not decide (and the route is unclassified, which
    the first test reports)."""
    cls = access_class(route)
    if cls == "unclassified" or key in NOT_ASSERTED.get(cls, ()):
        return None
    return "allow" if key in CLASSES[cls] else "deny"


def owns_objects(route: Route) -> bool:
    return bool(OWNED_PARAMETERS & set(route.parameters))


@pytest.fixture
def mw(world: World) -> MatrixWorld:
    return matrix_world(world)


@pytest.fixture
def asker(mw: MatrixWorld, monkeypatch: pytest.MonkeyPatch) -> Asker:
    # Documents are not typeset: who gets one is the question here (their content is tested with them),
    # and typesetting a PDF for every permitted user would take most of the matrix's time.
    monkeypatch.setattr(weasyprint.HTML, "write_pdf", lambda *args, **kwargs: b"%PDF-1.7 access matrix")
    return Asker(mw.users, mw.fresh)


def _report(problems: list[str]) -> str:
    return f"{len(problems)} answers disagree with the access matrix:\n  " + "\n  ".join(problems)


# ---------------------------------------------------------------------------------------------------------


def test_every_route_is_in_the_matrix_and_every_entry_is_a_route() -> None:
    routes = {r.name for r in all_routes()}
    unclassified = sorted(n for n in routes - set(ROUTES) if not n.startswith(ADMIN_SITE_PREFIX))
    assert not unclassified, (
        f"classify these routes in ROUTES of {__file__} (who may use them?): {unclassified}"
    )
    gone = sorted(set(ROUTES) - routes)
    assert not gone, f"these ROUTES entries name no route any more; remove them: {gone}"
    unknown = sorted({c for c in ROUTES.values() if c not in CLASSES})
    assert not unknown, f"these access classes are not in CLASSES: {unknown}"
    parameters = {p for r in all_routes() for p in r.parameters}
    undecided = sorted(parameters - OWNED_PARAMETERS - UNOWNED_PARAMETERS)
    assert not undecided, (
        f"does URL parameter {undecided} name an object of one team or provider? Add it to OWNED_PARAMETERS "
        "or UNOWNED_PARAMETERS of tests/audit/matrix_world.py"
    )


def _read_problems(
    asker: Asker, routes: list[Route], values: dict[str, Any], keys: tuple[str, ...], mirror: dict[str, str]
) -> list[str]:
    problems: list[str] = []
    for route in routes:
        for key in keys:
            answer = asker.get(key, route, values)
            want = expected(route, mirror.get(key, key))
            got = answer.split(":")[0]
            # "method": a write-only route (a button's POST); the writes below ask it.
            if answer == "method" or (want is None and got in ("allow", "deny")):
                continue
            if got != want:
                problems.append(
                    f"GET {route.name} as {key}: {answer}, expected {want} ({access_class(route)})"
                )
    return problems


@pytest.mark.django_db
def test_reads_follow_the_matrix(asker: Asker, mw: MatrixWorld) -> None:
    problems = _read_problems(asker, all_routes(), mw.own, USER_KEYS, {})
    assert not problems, _report(problems)


@pytest.mark.django_db
def test_reads_of_another_teams_client_and_another_providers_service_are_refused(
    asker: Asker, mw: MatrixWorld
) -> None:
    routes = [r for r in all_routes() if owns_objects(r)]
    assert len(routes) > 40, "the walk found too few routes that name a client's or a provider's object"
    problems = _read_problems(asker, routes, mw.other, tuple(MIRROR), MIRROR)
    assert not problems, _report(problems)


# A write by someone let in may still be refused by the service (403, or a page's message), or fail its
# validation (400, 409, 422): what they may do is each service's rule. It must reach the object, though.
REACHED = ("allow", "deny:403", "deny:message", "status 400", "status 409", "status 422")
# Signing out ends in the sign-in page.
SIGN_OUT = "deny:sign-in"


def _write_problems(
    asker: Asker, routes: list[Route], values: dict[str, Any], keys: tuple[str, ...], mirror: dict[str, str]
) -> tuple[list[str], int]:
    baseline = snapshot()
    problems: list[str] = []
    refusals = 0
    for route in routes:
        for method in asker.write_methods(route, values):
            for key in keys:
                want = expected(route, mirror.get(key, key))
                answer, changed = in_rollback(
                    lambda key=key, method=method, route=route: asker.write(key, route, values, method),
                    want == "deny",
                    baseline,
                )
                if answer == "method" and key != "anonymous":
                    break  # the route does not take this method, whoever asks
                label = f"{method.upper()} {route.name} as {key}"
                if want == "deny":
                    refusals += 1
                    if not answer.startswith("deny") and answer != "method":
                        problems.append(f"{label}: {answer}, expected deny ({access_class(route)})")
                    elif changed:
                        problems.append(f"{label}: refused ({answer}) but changed {changed}")
                elif (
                    want == "allow"
                    and answer not in REACHED
                    and not (access_class(route) == "sign_out" and answer == SIGN_OUT)
                ):
                    problems.append(f"{label}: {answer}, expected to reach it ({access_class(route)})")
                elif want is None and answer.startswith("status 5"):
                    problems.append(f"{label}: {answer}")
    return problems, refusals


@pytest.mark.django_db
def test_writes_by_those_refused_are_refused_and_change_nothing(asker: Asker, mw: MatrixWorld) -> None:
    problems, refusals = _write_problems(asker, all_routes(), mw.own, USER_KEYS, {})
    assert refusals > 300, "too few refused writes were tried"
    assert not problems, _report(problems)


@pytest.mark.django_db
def test_writes_to_another_teams_client_and_another_providers_service_are_refused(
    asker: Asker, mw: MatrixWorld
) -> None:
    routes = [r for r in all_routes() if owns_objects(r)]
    problems, refusals = _write_problems(asker, routes, mw.other, tuple(MIRROR), MIRROR)
    assert refusals > 50, "too few refused writes were tried"
    assert not problems, _report(problems)


# ---------------------------------------------------------------------------------------------------------
# Grants: every write that widens who may see a client, tried towards people and organisations beyond the
# client's team and the county's service catalogue (tests/audit/matrix_world.py's GrantWorld). Each is
# refused and changes nothing, and afterwards the grantee still cannot read the client. There is no write
# that moves a client to another team: a relationship starts only with the registering worker's own team
# or with the team a contact is routed to (tests/clients, tests/casework).


Send = Callable[[Callable[..., Any], GrantWorld, MatrixWorld, User], str]


@dataclass(frozen=True)
class Grant:
    name: str
    actor: str  # a key of the matrix's users
    grantee: str  # a key of the grant world's users (or of the matrix's)
    send: Send
    # A joint plan's partner is a recipient outside Polku: naming one discloses the plan (on the consent
    # recorded with it) but lets no one in Polku see the client; the write is allowed.
    allowed: bool = False
    theirs: bool = False  # the grant concerns the other team's client (and the other provider's service)
    # What the write's first steps may save: a referral is made by a decision, drafted first.
    drafts: frozenset[str] = frozenset()


def _personal_worker(field: str) -> Send:
    def send(api: Callable[..., Any], gw: GrantWorld, mw: MatrixWorld, grantee: User) -> str:
        version = ClientRelationship.objects.get(pk=gw.relationship_id).version
        named = {"worker": mw.users["worker"].username, field: grantee.username}  # type: ignore[union-attr]
        return api(
            "post", f"/api/v1/clients/{mw.own['client_id']}/personal-worker", named | {"version": version}
        )

    return send


def _personal_worker_page(page: Callable[..., Any], gw: GrantWorld, mw: MatrixWorld, grantee: User) -> str:
    relationship = ClientRelationship.objects.get(pk=gw.relationship_id)
    url = reverse("casework:personal_worker", args=[relationship.client_id, relationship.pk])
    return page(url, {f"{relationship.pk}-worker": grantee.pk, "version": relationship.version})


def _referral(kind: str, grantee: str, name: str) -> Grant:
    return Grant(name, "worker", grantee, _refer(kind), drafts=frozenset({"decisions.Decision"}))


def _refer(kind: str) -> Send:
    def send(api: Callable[..., Any], gw: GrantWorld, mw: MatrixWorld, grantee: User) -> str:
        draft = {
            "decision_type": kind,
            "service_name": "Paja" if kind == "other" else "",
            "decision_text": "Myönnetään.",
            "grounds": "Arvio.",
            "legal_basis": "SHL 17 §",
            "provider_id": str(grantee.organisation_id),
        }
        made = api("post", f"/api/v1/clients/{mw.own['client_id']}/decisions", draft, raw=True)
        assert made.status_code == 201, made.content
        decision = made.json()
        return api("post", f"/api/v1/decisions/{decision['id']}/make", {"version": decision["version"]})

    return send


def _group_member(group: str, episode: str) -> Send:
    def send(api: Callable[..., Any], gw: GrantWorld, mw: MatrixWorld, grantee: User) -> str:
        url = f"/api/v1/groups/{getattr(gw, group)}/members"
        return api("post", url, {"episode_id": str(getattr(gw, episode))})

    return send


def _plan_partner(api: Callable[..., Any], gw: GrantWorld, mw: MatrixWorld, grantee: User) -> str:
    latest = PlanVersion.objects.filter(plan__client_id=mw.own["client_id"]).order_by("-number").first()
    assert latest is not None and grantee.organisation is not None
    plan = {
        "based_on": latest.number,
        "client_view_of_need": "Apua laskuihin",
        "professional_view_of_need": "Talous",
        "meeting_frequency": "joka toinen viikko",
        "is_joint": True,
        "consent_note": "Asiakas suostui.",
        "goals": [{"text": "Laskut hoidossa", "owner": "client"}],
        "partners": [{"organisation": grantee.organisation.name, "sector": "other", "responsibilities": "x"}],
    }
    return api("post", f"/api/v1/clients/{mw.own['client_id']}/plan", plan)


GRANTS = (
    *(
        Grant(f"personal worker (API): {who}", "worker", who, _personal_worker("worker"))
        for who in ("sibling", "other_worker", "county_worker", "inactive", "other_provider")
    ),
    Grant("worker alongside (API): county_worker", "worker", "county_worker", _personal_worker("alongside")),
    *(
        Grant(f"personal worker (page): {who}", "worker", who, _personal_worker_page)
        for who in ("sibling", "county_worker")
    ),
    _referral("social_rehabilitation", "uncatalogued", "referral: uncatalogued provider"),
    _referral("other", "uncatalogued", "referral, another service: uncatalogued provider"),
    _referral("social_rehabilitation", "far_provider", "referral: another county's provider"),
    _referral("other", "far_provider", "referral, another service: another county's provider"),
    Grant(
        "group membership: the team's service into another provider's group",
        "provider",
        "other_provider",
        _group_member("other_group_id", "own_episode_id"),
    ),
    Grant(
        "group membership: another provider's service into the provider's group",
        "provider",
        "provider",
        _group_member("own_group_id", "other_episode_id"),
        theirs=True,
    ),
    *(
        Grant(f"joint plan partner: {who}'s organisation", "worker", who, _plan_partner, allowed=True)
        for who in ("far_provider", "other_provider")
    ),
)


def _reads_of(browser: Browser, token: str, client_id: Any, episode_id: Any) -> dict[str, str]:
    """What the grantee gets of the client: the client's pages and API, and their service."""
    headers = {"Authorization": f"Bearer {token}"}
    api = Browser(raise_request_exception=False)
    answers = {
        "client page": outcome(browser.get(reverse("clients:detail", args=[client_id]))),
        "case page": outcome(browser.get(reverse("casework:case", args=[client_id]))),
        "API client": outcome(api.get(f"/api/v1/clients/{client_id}", headers=headers)),
        "API timeline": outcome(api.get(f"/api/v1/clients/{client_id}/timeline", headers=headers)),
        "API service": outcome(api.get(f"/api/v1/episodes/{episode_id}", headers=headers)),
        "service page": outcome(browser.get(reverse("services:episode", args=[episode_id]))),
    }
    listed = api.get("/api/v1/episodes", headers=headers)
    items = listed.json()["items"] if listed.status_code == 200 else []
    found = any(e["client_id"] == str(client_id) for e in items)
    answers["API services"] = "allow" if found else "deny"
    return answers


@pytest.mark.django_db
def test_no_write_lets_anyone_beyond_the_clients_team_and_its_providers_see_the_client(
    world: World, mw: MatrixWorld, asker: Asker
) -> None:
    gw = grant_world(world, mw)
    everyone = {k: v for k, v in mw.users.items() if v is not None} | gw.users
    tokens = {key: token_create(user=user, label="grants") for key, user in everyone.items()}
    browsers = {}
    for key, user in everyone.items():
        browsers[key] = Browser(raise_request_exception=False)
        browsers[key].force_login(user)
    baseline = snapshot()
    problems: list[str] = []
    for grant in GRANTS:
        grantee = everyone[grant.grantee]
        values = mw.other if grant.theirs else mw.own

        def api(method: str, url: str, body: Any, raw: bool = False, grant: Grant = grant) -> Any:
            headers = {"Authorization": f"Bearer {tokens[grant.actor]}"}
            response = getattr(Browser(raise_request_exception=False), method)(
                url, body, content_type="application/json", headers=headers
            )
            return response if raw else outcome(response)

        def page(url: str, form: dict[str, Any], grant: Grant = grant) -> str:
            return outcome(asker.sessions[grant.actor].post(url, form))

        def ask(grant: Grant = grant, grantee: User = grantee, values: dict[str, Any] = values) -> str:
            sender = page if grant.send is _personal_worker_page else api
            answer = grant.send(sender, gw, mw, grantee)
            reads = _reads_of(
                browsers[grant.grantee], tokens[grant.grantee], values["client_id"], values["episode_id"]
            )
            seen = sorted(what for what, got in reads.items() if got == "allow")
            return f"{answer}|{','.join(seen)}"

        result, changed = in_rollback(ask, not grant.allowed, baseline)
        answer, seen = result.split("|")
        refused = answer.startswith("deny") or answer.startswith("status 4")
        if grant.allowed and answer != "allow":
            problems.append(f"{grant.name}: {answer}, expected it to be saved")
        if not grant.allowed and not refused:
            problems.append(f"{grant.name}: {answer}, expected a refusal")
        changed = [label for label in changed if label not in grant.drafts]
        if not grant.allowed and refused and changed:
            problems.append(f"{grant.name}: refused ({answer}) but changed {changed}")
        if seen:
            problems.append(f"{grant.name}: afterwards {grant.grantee} reads {seen}")
    assert not problems, _report(problems)
