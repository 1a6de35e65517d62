"""The one shape of person record the matching engine reads.

Intake, the PostgreSQL lookup and the batch linker all turn what they hold into a
:class:`PersonRecord`, so that every path compares the same things in the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

__all__ = ["PersonRecord"]


@dataclass(frozen=True, slots=True)
class PersonRecord:
    """One record about a person, as recorded (not yet standardised).

    ``postcode`` is normalised (``"EC1A 1BB"``) or empty; ``nhs_number`` is 10 valid digits or
    empty; ``sex`` is ``"M"``, ``"F"`` or ``""`` (not known). ``other_names`` holds aliases and
    previous names as ``(given, family)`` pairs; either part may be empty.
    """

    record_id: str
    given_name: str
    family_name: str
    date_of_birth: date | None
    sex: str
    postcode: str
    address_line: str
    nhs_number: str
    other_names: tuple[tuple[str, str], ...] = ()
    middle_names: str = ""
