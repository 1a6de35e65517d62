from django.apps import AppConfig


class EnquiriesConfig(AppConfig):
    name = "frontdoor.enquiries"
    label = "enquiries"

    def ready(self) -> None:
        from frontdoor.screening.sections import ContactSection, register

        from .views import information_requests_section

        register(
            ContactSection(
                key="information_requests",
                template="enquiries/_contact_section.html",
                context=information_requests_section,
                order=10,
            )
        )
