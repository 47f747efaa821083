from django.urls import path

from polku.consultation import views

app_name = "consultation"

urlpatterns = [
    path("", views.consultation_list, name="list"),
    path("new/", views.consultation_new, name="new"),
    path("statistics/", views.statistics, name="statistics"),
    path("<uuid:consultation_id>/", views.consultation_detail, name="detail"),
    path("<uuid:consultation_id>/write/", views.consultation_write_view, name="write"),
    path("<uuid:consultation_id>/close/", views.consultation_close_view, name="close"),
]
