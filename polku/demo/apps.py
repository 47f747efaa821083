from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo and synthetic data. Top of the dependency order: it may use every app, none uses it."""

    name = "polku.demo"
    label = "demo"
