from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "frontdoor.outcomes"
    label = "outcomes"

    def ready(self) -> None:
        from frontdoor.screening.sections import ContactSection, register

        from .section import handover_section

        register(
            ContactSection(
                key="handover",
                template="outcomes/_contact_section.html",
                context=handover_section,
                order=100,
                after_decisions=True,
            )
        )
