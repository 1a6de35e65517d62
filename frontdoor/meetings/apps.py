from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "frontdoor.meetings"
    label = "meetings"

    def ready(self) -> None:
        """Add the "Strategy discussions" section to the contact page."""
        from frontdoor.screening.sections import ContactSection, register

        from .sections import discussions_section

        register(
            ContactSection(
                key="strategy_discussions",
                template="meetings/section.html",
                context=discussions_section,
                order=20,
            )
        )
