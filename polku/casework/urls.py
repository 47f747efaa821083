from django.urls import include, path

from polku.casework import views, views_case, views_codes, views_statements

app_name = "casework"

urlpatterns = [
    path("queue/", views.queue, name="queue"),
    path("deadlines/", views.deadlines, name="deadlines"),
    path("contacts/new/", views.contact_new, name="contact_new"),
    path("initiations/<uuid:initiation_id>/take/", views.take, name="take"),
    path("initiations/<uuid:initiation_id>/assign/", views.assign, name="assign"),
    path("initiations/<uuid:initiation_id>/urgent/", views.urgent, name="urgent"),
    path("initiations/<uuid:initiation_id>/close/", views.close, name="close"),
    path("initiations/<uuid:initiation_id>/codes/", views_codes.initiation_codes, name="initiation_codes"),
    path("clients/<uuid:client_id>/timeline/", views.timeline, name="timeline"),
    path("clients/<uuid:client_id>/", views_case.case, name="case"),
    path("clients/<uuid:client_id>/special-support/", views_case.special_support, name="special_support"),
    path(
        "clients/<uuid:client_id>/relationships/<uuid:relationship_id>/personal-worker/",
        views_case.personal_worker,
        name="personal_worker",
    ),
    path(
        "clients/<uuid:client_id>/relationships/<uuid:relationship_id>/close/",
        views_case.relationship_close,
        name="relationship_close",
    ),
    path("initiations/<uuid:initiation_id>/assessment/", views_case.assessment, name="assessment"),
    path(
        "initiations/<uuid:initiation_id>/assessment/pdf/", views_case.assessment_pdf, name="assessment_pdf"
    ),
    path(
        "initiations/<uuid:initiation_id>/pre-assessment/",
        views_case.pre_assessment_link,
        name="pre_assessment_send",
    ),
    path(
        "initiations/<uuid:initiation_id>/pre-assessment/<uuid:pre_assessment_id>/take/",
        views_case.pre_assessment_take,
        name="pre_assessment_take",
    ),
    path("caseload/", views_case.caseload_view, name="caseload"),
    path(
        "initiations/<uuid:initiation_id>/kela-statement/",
        views_statements.kela_statement,
        name="kela_statement",
    ),
    # The register keeper's log extract pages (polku/registry), under casework's paths and names.
    path("", include("polku.registry.urls")),
]
