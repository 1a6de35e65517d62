from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "frontdoor.reporting"
    label = "reporting"

    def ready(self) -> None:
        from . import reports  # noqa: F401  (registers every report)
