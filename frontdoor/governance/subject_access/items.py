"""The shape of a subject access export: items of fields, each with its review flags.

An `Item` is one thing held (a contact, an answer, an audit event); its `review` says why it
must be looked at before release. A `Section` groups items; the JSON, the PDF and the README
all render one `SubjectAccessExport`, so they cannot disagree.
"""

from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from django.utils import dateformat, timezone


class Flag(StrEnum):
    THIRD_PARTY = "third_party"
    RESTRICTED = "restricted"
    POLICE_INTELLIGENCE = "police_intelligence"


WHY = {
    Flag.THIRD_PARTY: "third party: it names, or may name, other people",
    Flag.RESTRICTED: "restricted: ask the providing agency before release",
    Flag.POLICE_INTELLIGENCE: "police intelligence: ask the police before release",
}

Value = str | int | bool | date | datetime | list[str] | None


def display(value: Value) -> str:
    """A value as the PDF shows it."""
    if value is None or value == "" or value == []:
        return "Not recorded"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return dateformat.format(timezone.localtime(value), "j F Y, H:i")
    if isinstance(value, date):
        return dateformat.format(value, "j F Y")
    if isinstance(value, list):
        return "; ".join(value)
    return str(value)


def as_json_value(value: Value) -> Any:
    """A value as the JSON holds it: ISO 8601 dates (local time with offset), null if blank."""
    if value == "":
        return None
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    value: Value

    @property
    def text(self) -> str:
        return display(self.value)


@dataclass(frozen=True)
class Item:
    """One thing held, with why it must be reviewed before release (if it must)."""

    heading: str
    fields: tuple[Field, ...]
    review: tuple[Flag, ...] = ()

    @property
    def review_text(self) -> str:
        return "; ".join(WHY[flag] for flag in self.review)

    def as_json(self) -> dict[str, Any]:
        data = {field.key: as_json_value(field.value) for field in self.fields}
        data["review"] = [str(flag) for flag in self.review]
        return data


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    items: tuple[Item, ...]
    single: bool = False  # one item: a JSON object rather than a list

    def as_json(self) -> Any:
        if self.single:
            return self.items[0].as_json() if self.items else None
        return [item.as_json() for item in self.items]


@dataclass(frozen=True)
class ContactRecord:
    reference: str
    sections: tuple[Section, ...]


@dataclass(frozen=True)
class Summary:
    items: int
    flagged: int
    third_party: int
    restricted: int
    police_intelligence: int
    contacts: int
    contacts_held_elsewhere: int

    def as_audit_details(self, person_id: int) -> dict[str, int]:
        return {"person": person_id, **asdict(self)}


@dataclass(frozen=True)
class SubjectAccessExport:
    person_id: int
    person_name: str
    generated_at: datetime
    generated_by: str
    authorities: tuple[str, ...]
    about_person: tuple[Section, ...]
    contacts: tuple[ContactRecord, ...]
    audit: Section
    contacts_held_elsewhere: int

    def items(self) -> Iterator[Item]:
        for section in self.about_person:
            yield from section.items
        for contact in self.contacts:
            for section in contact.sections:
                yield from section.items
        yield from self.audit.items

    def overview(self) -> list[tuple[str, int]]:
        """How many items each part of the export holds, in the export's order."""
        rows = [(s.title, len(s.items)) for s in self.about_person if not s.single]
        rows.append(("Contacts naming the person", len(self.contacts)))
        parts: Counter[str] = Counter()
        for contact in self.contacts:
            for section in contact.sections:
                if not section.single:
                    parts[section.title] += len(section.items)
        rows.extend(parts.items())
        rows.append((self.audit.title, len(self.audit.items)))
        return rows

    @property
    def summary(self) -> Summary:
        items = list(self.items())
        flags = Counter(flag for item in items for flag in item.review)
        return Summary(
            items=len(items),
            flagged=sum(1 for item in items if item.review),
            third_party=flags[Flag.THIRD_PARTY],
            restricted=flags[Flag.RESTRICTED],
            police_intelligence=flags[Flag.POLICE_INTELLIGENCE],
            contacts=len(self.contacts),
            contacts_held_elsewhere=self.contacts_held_elsewhere,
        )


def staff_name(user: object) -> str:
    """Staff are named in full: who recorded, decided or looked is part of the answer."""
    if user is None:
        return ""
    return str(getattr(user, "full_name", "") or user)


def third_party_if(names_others: bool, *texts: str) -> tuple[Flag, ...]:
    """Free text from a contact naming other people may name them: it cannot be checked."""
    return (Flag.THIRD_PARTY,) if names_others and any(t.strip() for t in texts) else ()
