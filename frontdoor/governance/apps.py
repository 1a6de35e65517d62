from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "frontdoor.governance"
    verbose_name = "Information governance"

    def ready(self) -> None:
        from . import operations  # noqa: F401  (registers the policy check)
