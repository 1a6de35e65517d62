"""Finding existing records for a new subject (stub until the matching engine lands)."""

from .models import Person


def refresh_search_keys(person: Person) -> None:
    """Rewrite the person's blocking keys after a change to a matched field."""
