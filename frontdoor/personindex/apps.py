from django.apps import AppConfig


class PersonIndexConfig(AppConfig):
    """Pages about people across contacts: chronology, siblings and households, possible
    matches, duplicates, merge and unmerge. Above outcomes, because a chronology reads every
    stage of a contact."""

    name = "frontdoor.personindex"
    label = "personindex"

    def ready(self) -> None:
        from frontdoor.screening.sections import ContactSection, register

        from .matches import possible_matches_section
        from .siblings import siblings_section

        register(
            ContactSection(
                key="possible_matches",
                template="personindex/_possible_matches_section.html",
                context=possible_matches_section,
                order=5,
            )
        )
        register(
            ContactSection(
                key="siblings",
                template="personindex/_siblings_section.html",
                context=siblings_section,
                order=10,
            )
        )
