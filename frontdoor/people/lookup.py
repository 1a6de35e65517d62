"""Finding existing records that may be the person a practitioner is entering.

A record's blocking keys (`matching.keys`) are kept in `PersonSearchKey`, so candidates are
the current persons sharing a key with the new subject: one indexed query, then one for their
details and one for their other names, whatever the size of the index. Each candidate is
scored by the Fellegi–Sunter model with a reason per field; pairs a hard rule says can never
be one person (different NHS numbers, likely twins) and very unlikely ones are left out.
Nothing here writes a link: the practitioner chooses.
"""

import math
import time
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Count, QuerySet

from frontdoor.audit.services import record
from frontdoor.core.actors import Actor

from .identifiers import InvalidIdentifier, normalise_nhs_number, normalise_postcode
from .matching.comparisons import compare, hard_rule
from .matching.keys import blocking_keys
from .matching.model import MatchModel, PairScore, load_model
from .matching.records import PersonRecord
from .matching.standardise import prepare
from .models import Person, PersonName, PersonSearchKey

# Persons sharing most keys are scored first; a key so common that more persons than this
# share it says little, and scoring them all would make intake slow.
MAX_CANDIDATES = 300
# Below this chance of being the same person a candidate is not worth a practitioner's time.
PROBABILITY_FLOOR = 0.05
# Matching reads "M" or "F"; the CIN census code "U" (unknown) is no evidence either way.
MATCHING_SEX = {"M": "M", "F": "F"}

_PERSON_FIELDS = (
    "pk",
    "given_name",
    "middle_names",
    "family_name",
    "date_of_birth",
    "expected_date_of_birth",
    "sex_id",
    "sex__description",
    "address",
    "postcode",
    "nhs_number",
    "upn",
)


def address_line(address: str) -> str:
    """The first line of an address: what the matching model compares."""
    for line in address.splitlines():
        if line.strip():
            return line.strip()
    return ""


def _valid_or_empty(normalise: Any, raw: str) -> str:
    try:
        return str(normalise(raw)) if raw.strip() else ""
    except InvalidIdentifier:
        return ""


def new_record(
    *,
    given_name: str,
    family_name: str,
    date_of_birth: date | None = None,
    sex_code: str = "",
    address: str = "",
    postcode: str = "",
    nhs_number: str = "",
) -> PersonRecord:
    """A subject being entered, as the matching engine reads it (identifiers as typed)."""
    return PersonRecord(
        record_id="new",
        given_name=given_name.strip(),
        family_name=family_name.strip(),
        date_of_birth=date_of_birth,
        sex=MATCHING_SEX.get(sex_code, ""),
        postcode=_valid_or_empty(normalise_postcode, postcode),
        address_line=address_line(address),
        nhs_number=_valid_or_empty(normalise_nhs_number, nhs_number),
    )


def _record(row: Mapping[str, Any], other_names: Iterable[tuple[str, str]]) -> PersonRecord:
    return PersonRecord(
        record_id=str(row["pk"]),
        given_name=row["given_name"],
        family_name=row["family_name"],
        date_of_birth=row["date_of_birth"],
        sex=MATCHING_SEX.get(row["sex_id"] or "", ""),
        postcode=row["postcode"],
        address_line=address_line(row["address"]),
        nhs_number=row["nhs_number"],
        other_names=tuple(other_names),
        middle_names=row["middle_names"],
    )


def person_record(person: Person) -> PersonRecord:
    """A stored person, with their aliases and previous names, as matching reads it."""
    names = [(name.given_name, name.family_name) for name in person.other_names.all()]
    return PersonRecord(
        record_id=str(person.pk),
        given_name=person.given_name,
        family_name=person.family_name,
        date_of_birth=person.date_of_birth,
        sex=MATCHING_SEX.get(person.sex_id or "", ""),
        postcode=person.postcode,
        address_line=address_line(person.address),
        nhs_number=person.nhs_number,
        other_names=tuple(names),
        middle_names=person.middle_names,
    )


def refresh_search_keys(person: Person) -> None:
    """Rewrite the person's blocking keys after a change to a matched field.

    A record merged into another has no keys: it is found through the one it joined.
    """
    keys = [] if person.merged_into_id is not None else blocking_keys(person_record(person))
    with transaction.atomic():
        PersonSearchKey.objects.filter(person=person).delete()
        PersonSearchKey.objects.bulk_create(
            [PersonSearchKey(person=person, key=key) for key in dict.fromkeys(keys)]
        )


def rebuild_search_keys_for(person_ids: Collection[int]) -> int:
    """Rewrite the keys of these current persons in three queries; returns the keys written."""
    rows = list(
        Person.objects.current().filter(pk__in=person_ids).order_by().values(*_PERSON_FIELDS)
    )
    names = _other_names([row["pk"] for row in rows])
    keys = [
        PersonSearchKey(person_id=row["pk"], key=key)
        for row in rows
        for key in dict.fromkeys(blocking_keys(_record(row, names.get(row["pk"], ()))))
    ]
    with transaction.atomic():
        PersonSearchKey.objects.filter(person_id__in=person_ids).delete()
        PersonSearchKey.objects.bulk_create(keys, batch_size=5000)
    return len(keys)


def current_records() -> list[PersonRecord]:
    """Every current person as matching reads it, with their other names, for batch jobs:
    two queries, rows as values rather than model instances."""
    names: dict[int, list[tuple[str, str]]] = {}
    for person_id, given, family in (
        PersonName.objects.filter(person__merged_into__isnull=True)
        .order_by("pk")
        .values_list("person_id", "given_name", "family_name")
        .iterator(chunk_size=10_000)
    ):
        names.setdefault(person_id, []).append((given, family))
    rows = Person.objects.current().order_by("pk").values(*_PERSON_FIELDS)
    return [_record(row, names.get(row["pk"], ())) for row in rows.iterator(chunk_size=10_000)]


def _other_names(person_ids: Collection[int]) -> dict[int, list[tuple[str, str]]]:
    found: dict[int, list[tuple[str, str]]] = {}
    if not person_ids:
        return found
    rows = PersonName.objects.filter(person_id__in=person_ids).values_list(
        "person_id", "given_name", "family_name"
    )
    for person_id, given, family in rows:
        found.setdefault(person_id, []).append((given, family))
    return found


@dataclass(frozen=True)
class KnownPerson:
    """What a practitioner sees of an existing record when deciding if it is their subject."""

    pk: int
    given_name: str
    middle_names: str
    family_name: str
    date_of_birth: date | None
    expected_date_of_birth: date | None
    sex: str
    address: str
    postcode: str
    nhs_number: str
    upn: str
    other_names: tuple[str, ...]

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def is_unborn(self) -> bool:
        return self.date_of_birth is None and self.expected_date_of_birth is not None


def _known(row: Mapping[str, Any], other_names: Iterable[tuple[str, str]]) -> KnownPerson:
    return KnownPerson(
        pk=row["pk"],
        given_name=row["given_name"],
        middle_names=row["middle_names"],
        family_name=row["family_name"],
        date_of_birth=row["date_of_birth"],
        expected_date_of_birth=row["expected_date_of_birth"],
        sex=row["sex__description"] or "",
        address=row["address"],
        postcode=row["postcode"],
        nhs_number=row["nhs_number"],
        upn=row["upn"],
        other_names=tuple(f"{given} {family}".strip() for given, family in other_names),
    )


def known_people(person_ids: Collection[int]) -> dict[int, KnownPerson]:
    """Existing records by id, as a practitioner sees them (two queries)."""
    rows = Person.objects.filter(pk__in=person_ids).order_by().values(*_PERSON_FIELDS)
    names = _other_names(person_ids)
    return {row["pk"]: _known(row, names.get(row["pk"], ())) for row in rows}


@dataclass(frozen=True)
class Reason:
    """One field's part in a score: "Date of birth" / "Day and month swapped (…)"."""

    field: str
    title: str
    finding: str
    weight: float

    @property
    def direction(self) -> str:
        """Which way the field points: "same" person, "different" people, or "none"."""
        if self.weight > 0:
            return "same"
        return "different" if self.weight < 0 else "none"


def _likelihood_words(probability: float) -> str:
    if probability >= 0.95:
        return "Very likely the same person"
    if probability >= 0.8:
        return "Likely the same person"
    if probability >= 0.5:
        return "Possibly the same person"
    return "Unlikely to be the same person"


def _percentage(probability: float) -> str:
    if probability > 0.99:
        return "over 99%"
    if probability < 0.01:
        return "under 1%"
    return f"{probability:.0%}"


@dataclass(frozen=True)
class Candidate:
    """An existing record that may be the subject, with the score and its reasons."""

    person: KnownPerson
    score: PairScore

    @property
    def likelihood(self) -> str:
        """In words and as a percentage: "Very likely the same person (97%)"."""
        probability = self.score.probability
        return f"{_likelihood_words(probability)} ({_percentage(probability)})"

    @property
    def is_likely(self) -> bool:
        return self.score.probability >= 0.8

    @property
    def reasons(self) -> list[Reason]:
        reasons = []
        for comparison in self.score.fields:
            title, _, finding = comparison.label.partition(": ")
            reasons.append(
                Reason(
                    field=comparison.field,
                    title=title,
                    finding=finding[:1].upper() + finding[1:],
                    weight=comparison.weight,
                )
            )
        return reasons


def _candidate_ids(keys: list[str], exclude_ids: Collection[int]) -> list[int]:
    """Current persons sharing a key, those sharing most first, at most MAX_CANDIDATES."""
    shared = PersonSearchKey.objects.filter(key__in=keys, person__merged_into__isnull=True)
    if exclude_ids:
        shared = shared.exclude(person_id__in=exclude_ids)
    rows = (
        shared.values("person_id")
        .annotate(shared=Count("id"))
        .order_by("-shared", "person_id")
        .values_list("person_id", flat=True)
    )
    return list(rows[:MAX_CANDIDATES])


# How long the count of persons behind the model's prior is reused before it is counted again.
POPULATION_RECOUNT_SECONDS = 600.0
_population: tuple[float, int] = (-math.inf, 0)


def forget_population() -> None:
    """Count the persons again at the next lookup (tests; after a bulk load)."""
    global _population  # a process-wide cache of one number
    _population = (-math.inf, 0)


def model_for_index() -> MatchModel:
    """The shipped model with its prior rescaled to the number of current persons, so that a
    percentage means the same in a small demo and in a national-size index. The count is
    cached for ten minutes: counting a million rows on every lookup would cost more than the
    lookup itself."""
    global _population
    counted_at, persons = _population
    now = time.monotonic()
    if now - counted_at > POPULATION_RECOUNT_SECONDS:
        persons = Person.objects.current().count()
        _population = (now, persons)
    return load_model().for_population(persons)


def find_candidates(
    record: PersonRecord,
    *,
    limit: int = 5,
    exclude_ids: Collection[int] = (),
    among: "QuerySet[Person] | None" = None,
) -> list[Candidate]:
    """The existing records most likely to be this person, best first, with reasons.

    Three queries (four with `among`, the persons the viewer may see). Records a hard rule
    rules out, or below PROBABILITY_FLOOR, are left out. Only the best `limit` get a full
    explanation; the rest are ranked on weight alone.
    """
    keys = list(dict.fromkeys(blocking_keys(record)))
    if not keys:
        return []
    ids = _candidate_ids(keys, exclude_ids)
    if ids and among is not None:
        ids = list(among.filter(pk__in=ids).order_by().values_list("pk", flat=True))
    if not ids:
        return []
    rows = list(Person.objects.filter(pk__in=ids).order_by().values(*_PERSON_FIELDS))
    names = _other_names(ids)
    model = model_for_index()
    prepared = prepare(record)
    ranked: list[tuple[float, int, PersonRecord, Mapping[str, Any]]] = []
    for row in rows:
        other = _record(row, names.get(row["pk"], ()))
        levels = compare(prepared, prepare(other))
        if hard_rule(levels) is not None:
            continue
        weight = model.weight_of(levels)
        ranked.append((weight, row["pk"], other, row))
    ranked.sort(key=lambda entry: (-entry[0], entry[1]))
    found = []
    for _weight, pk, other, row in ranked[:limit]:
        score = model.score(record, other)
        if score.probability < PROBABILITY_FLOOR:
            break
        found.append(Candidate(person=_known(row, names.get(pk, ())), score=score))
    return found


def record_candidates_shown(actor: Actor, candidates: Iterable[Candidate], *, where: str) -> None:
    """Audit that these people's details were shown as candidates: a read of each record."""
    ids = sorted(candidate.person.pk for candidate in candidates)
    if ids:
        record("person.candidates_shown", by=actor, details={"person_ids": ids, "where": where})
