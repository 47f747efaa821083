from django.urls import path

from polku.structural import views, views_codev, views_stats, views_summary

app_name = "structural"

SUMMARY = "summaries/<uuid:municipality_id>/<str:half_year>/"

urlpatterns = [
    path("", views.reports, name="reports"),
    path("reports/new/", views.report_form, name="report_new"),
    path("reports/<uuid:report_id>/", views.report_detail, name="report_detail"),
    path("reports/<uuid:report_id>/edit/", views.report_form, name="report_edit"),
    path("reports/<uuid:report_id>/submit/", views.submit, name="report_submit"),
    path("reports/<uuid:report_id>/read/", views.read, name="report_read"),
    path("reports/<uuid:report_id>/respond/", views.respond, name="report_respond"),
    path("summaries/", views_summary.summaries, name="summaries"),
    path(SUMMARY, views_summary.summary, name="summary"),
    path(SUMMARY + "action/", views_summary.summary_action, name="summary_action"),
    path(SUMMARY + "pdf/", views_summary.summary_pdf, name="summary_pdf"),
    path(SUMMARY + "xlsx/", views_summary.summary_xlsx, name="summary_xlsx"),
    path("tallies/", views_stats.tallies, name="tallies"),
    path("feedback/", views_stats.feedback, name="feedback"),
    path("projects/", views_stats.projects, name="projects"),
    path("projects/<uuid:project_id>/", views_stats.project, name="project"),
    path("codevelopers/", views_codev.codevelopers, name="codevelopers"),
    path(
        "codevelopers/<uuid:codeveloper_id>/withdraw/",
        views_codev.codeveloper_withdraw_view,
        name="codeveloper_withdraw",
    ),
    path("development/", views_codev.dev_projects, name="dev_projects"),
    path("development/<uuid:dev_project_id>/", views_codev.dev_project, name="dev_project"),
]
