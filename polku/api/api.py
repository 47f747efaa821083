"""The API object: mounts each app's router under /api/v1/ and documents it at /api/v1/openapi.json."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from ninja import NinjaAPI, Schema, Status
from ninja.openapi.schema import OpenAPISchema

from polku.api.errors import install_error_handlers
from polku.api.health import database_up, redis_up
from polku.api.parser import JsonOnlyParser
from polku.api.security import ActiveSessionAuth, TokenAuth
from polku.appointments.api import router as appointments_router
from polku.casework.api import router as casework_router
from polku.casework.api_statements import router as statements_router
from polku.clients.api import router as clients_router
from polku.clients.api_sharing import router as sharing_router
from polku.consultation.api import router as consultation_router
from polku.decisions.api import router as decisions_router
from polku.fhir.api import router as fhir_router
from polku.finance.api_assistance import router as assistance_router
from polku.finance.api_credit import router as credit_router
from polku.finance.api_household import router as household_router
from polku.instruments.api import router as instruments_router
from polku.plans.api import router as plans_router
from polku.provision.api import router as services_router
from polku.registry.api import router as registry_router
from polku.reporting.api_effectiveness import router as effectiveness_router
from polku.reporting.api_monitoring import router as monitoring_router
from polku.segments.api import router as segments_router
from polku.structural.api import router as structural_router
from polku.structural.api_codev import router as codev_router
from polku.workday.api import router as workday_router


class CheckedOpenAPISchema(OpenAPISchema):
    """ninja files every schema under its class name, and a second class of the same name silently
    replaces the first in the document; two different schemas with one name are refused here instead."""

    def add_schema_definitions(self, definitions: dict[str, Any]) -> None:
        for name, definition in definitions.items():
            if name in self.schemas and self.schemas[name] != definition:
                raise ImproperlyConfigured(f"Two different API schemas are named {name!r}; rename one.")
        super().add_schema_definitions(definitions)


# Every operation with a body may be answered these, before the body reaches the operation.
BODY_ERRORS = {
    413: "Request body too large (see DATA_UPLOAD_MAX_MEMORY_SIZE)",
    415: "Request body not sent as application/json",
}


class PolkuAPI(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        schema = CheckedOpenAPISchema(self, path_prefix)
        error_out = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
        for operations in schema["paths"].values():
            for operation in operations.values():
                if "requestBody" in operation:
                    for status, description in BODY_ERRORS.items():
                        operation["responses"].setdefault(
                            status, {"description": description, "content": error_out}
                        )
        return schema


api = PolkuAPI(
    title="Polku API",
    version="1",
    description=(
        "Polku's API for other authorities' systems, integrations and scripts. Authenticate with "
        "'Authorization: Bearer <token>' (tokens from `polku createtoken USERNAME`) or, from Polku's own "
        'pages, the session cookie. Errors are JSON: {"detail": ..., "errors": {field: [messages]}}.'
    ),
    auth=[TokenAuth(), ActiveSessionAuth()],
    parser=JsonOnlyParser(),
    urls_namespace="api",
)
install_error_handlers(api)


class Health(Schema):
    status: str


class HealthDown(Schema):
    status: str
    down: list[str]


@api.get("/health", auth=None, response={200: Health, 503: HealthDown}, tags=["system"])
def health(request: HttpRequest) -> Status:
    """For load balancers: 200 when the application, its database and (when REDIS_URL is set) Redis
    answer; 503 naming the parts that do not ("database", "redis")."""
    down = [name for name, up in (("database", database_up()), ("redis", redis_up())) if not up]
    if down:
        return Status(503, {"status": "unavailable", "down": down})
    return Status(200, {"status": "ok"})


api.add_router("/clients", clients_router)
api.add_router("/clients", sharing_router)
api.add_router("/", casework_router)
api.add_router("/", statements_router)
api.add_router("/", registry_router)
api.add_router("/", decisions_router)
api.add_router("/", household_router)
api.add_router("/", assistance_router)
api.add_router("/", credit_router)
api.add_router("/", services_router)
api.add_router("/", plans_router)
api.add_router("/", instruments_router)
api.add_router("/", appointments_router)
api.add_router("/", structural_router)
api.add_router("/", codev_router)
api.add_router("/", consultation_router)
api.add_router("/", workday_router)
api.add_router("/", segments_router)
api.add_router("/fhir", fhir_router)
api.add_router("/reports", effectiveness_router)
api.add_router("/reports", monitoring_router)
