from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "frontdoor.api"
    label = "api"

    def ready(self) -> None:
        from . import access  # noqa: F401  (registers the policy check)
