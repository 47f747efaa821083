from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "polku.api"
    label = "polku_api"
