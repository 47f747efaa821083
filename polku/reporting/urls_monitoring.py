from django.urls import path

from polku.reporting import views_monitoring as views

urlpatterns = [
    path("monitoring/", views.dashboard, name="monitoring_dashboard"),
    path("monitoring/esr/", views.esr, name="esr"),
    path("monitoring/esr.csv", views.esr_csv, name="esr_csv"),
    path("monitoring/esr.xlsx", views.esr_xlsx, name="esr_xlsx"),
    path("monitoring/deadlines/", views.compliance, name="deadline_compliance"),
    path("monitoring/deadlines.csv", views.compliance_csv, name="deadline_compliance_csv"),
    path("monitoring/deadlines.xlsx", views.compliance_xlsx, name="deadline_compliance_xlsx"),
    path("monitoring/caseloads/", views.caseload_table, name="caseloads"),
    path("monitoring/finance/", views.finance, name="finance"),
]
