"""The Fellegi–Sunter model: m and u probabilities per comparison level, and the prior.

For each field and level, ``m`` is the chance of that level when the two records are the same
person and ``u`` the chance when they are not. The level's weight is ``log2(m / u)``: positive
weights are evidence for a match, negative against. A missing value weighs nothing. The match
weight of a pair is the prior's weight ``log2(λ / (1 − λ))`` (λ: the chance that two records
picked at random are the same person) plus the weights of its levels; the probability is
``2^w / (1 + 2^w)``.

``model.json`` beside this module holds the trained default (ADR 0017); the batch linker
re-estimates the model on its own input when there is enough of it.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from .comparisons import (
    ADDRESS,
    DOB,
    FAMILY,
    FIELDS,
    GIVEN,
    SHARED_ADDRESS,
    compare,
    describe,
    hard_rule,
    household_without_birth_date,
    name_alone_without_birth_date,
)
from .records import PersonRecord
from .standardise import prepare

__all__ = ["DEFAULT_MODEL", "FieldComparison", "MatchModel", "PairScore", "load_model"]

DEFAULT_MODEL = Path(__file__).with_name("model.json")
_GIVEN = FIELDS.index(GIVEN)
_FAMILY = FIELDS.index(FAMILY)
_ADDRESS = FIELDS.index(ADDRESS)
_GIVEN_SWAPPED = GIVEN.index("swapped")
_FAMILY_SWAPPED = FAMILY.index("swapped")
_AT_SHARED_ADDRESS = " (not counted: expected for people living at the same address)"
_COUNTED_WITH_GIVEN = " (counted once, with the given name)"
_DOB = FIELDS.index(DOB)
#: The most a pair can weigh when nothing tells the person apart from another member of
#: their household (``household_without_birth_date``): even odds, probability 0.5.
HOUSEHOLD_CEILING = 0.0
#: Replaces the date of birth's label (it is missing, yet weighs against).
_HOUSEHOLD_LABEL = (
    "Date of birth: not recorded on both, and the given names are only similar at a shared"
    " address with a shared family name, so this could be another member of the household:"
    " held at even odds"
)

_NAME_ALONE_LABEL = (
    "Date of birth: not recorded on both, and they were recorded at different addresses with"
    " no NHS number in common, so only the names agree and a name is not a person:"
    " held at even odds"
)
_HELD_LABELS = (_HOUSEHOLD_LABEL, _NAME_ALONE_LABEL)


def _held_at_even_odds(levels: tuple[int, ...]) -> str:
    """The reason the pair is held at even odds, or "" when it is not."""
    if household_without_birth_date(levels):
        return _HOUSEHOLD_LABEL
    if name_alone_without_birth_date(levels):
        return _NAME_ALONE_LABEL
    return ""


@dataclass(frozen=True, slots=True)
class FieldComparison:
    """How one field compares: machine ``level``, plain-English ``label``, its ``weight``."""

    field: str
    level: str
    label: str
    weight: float


@dataclass(frozen=True, slots=True)
class PairScore:
    """The score of one pair of records and why.

    ``blocked_by`` says why the two can never be the same person (a hard rule), whatever the
    weight: callers must not link or merge such a pair, and should show the reason.
    """

    match_weight: float
    probability: float
    fields: list[FieldComparison]
    blocked_by: str | None = None

    @property
    def may_be_same_person(self) -> bool:
        return self.blocked_by is None


def probability_from_weight(weight: float) -> float:
    """``2^w / (1 + 2^w)``, without overflow for large weights."""
    if weight >= 0:
        return 1.0 / (1.0 + math.pow(2.0, -weight))
    odds = math.pow(2.0, weight)
    return odds / (1.0 + odds)


@dataclass
class MatchModel:
    """m and u per field and level (the ``missing`` level has none), and the prior λ.

    ``m[field][i]`` and ``u[field][i]`` follow ``FIELDS``' level order without ``missing``.
    """

    m: dict[str, list[float]]
    u: dict[str, list[float]]
    prior: float
    records: int = 0
    trained_on: str = ""
    weights: dict[str, list[float]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.weights = {
            f.name: [math.log2(m / u) for m, u in zip(self.m[f.name], self.u[f.name], strict=True)]
            + [0.0]
            for f in FIELDS
        }

    def for_population(self, records: int) -> MatchModel:
        """The same model with the prior rescaled to ``records`` records.

        With the same share of duplicates, the chance that two random records are the same
        person falls as the population grows: λ scales with 1 / (records − 1).
        """
        if not self.records or records < 2:
            return self
        prior = min(self.prior * (self.records - 1) / (records - 1), 0.5)
        return MatchModel(
            m=self.m, u=self.u, prior=prior, records=records, trained_on=self.trained_on
        )

    @property
    def prior_weight(self) -> float:
        return math.log2(self.prior / (1.0 - self.prior))

    def field_weights(self, levels: tuple[int, ...]) -> list[float]:
        """The weight each field adds for this comparison vector."""
        return self._weights_and_notes(levels)[0]

    def _weights_and_notes(self, levels: tuple[int, ...]) -> tuple[list[float], list[str]]:
        """The weight each field adds, and a note for a weight not taken from the table.

        * Names recorded the wrong way round are one finding, not two: the given name's
          ``swapped`` weight is the chance of both names crossing over, so the family name
          adds nothing more.
        * At a shared address a shared family name is expected (everyone in the household
          has it), so it adds nothing there: counting it would link siblings and parents.
        * When nothing tells the person apart from another member of the household (no birth
          date to compare, given names only similar: ``household_without_birth_date``), the
          missing birth date takes whatever weight would lift the pair above even odds.
        """
        weights = [self.weights[f.name][level] for f, level in zip(FIELDS, levels, strict=True)]
        notes = [""] * len(FIELDS)
        if levels[_GIVEN] == _GIVEN_SWAPPED and levels[_FAMILY] == _FAMILY_SWAPPED:
            weights[_FAMILY], notes[_FAMILY] = 0.0, _COUNTED_WITH_GIVEN
        elif levels[_ADDRESS] in SHARED_ADDRESS and weights[_FAMILY] > 0:
            weights[_FAMILY], notes[_FAMILY] = 0.0, _AT_SHARED_ADDRESS
        held = _held_at_even_odds(levels)
        if held:
            excess = self.prior_weight + sum(weights) - HOUSEHOLD_CEILING
            if excess > 0:
                weights[_DOB], notes[_DOB] = -excess, held
        return weights, notes

    def weight_of(self, levels: tuple[int, ...]) -> float:
        """The match weight of a comparison vector (prior included)."""
        total = self.prior_weight + sum(self.field_weights(levels))
        # The same sum, held exactly at the ceiling (as the SQL's least() holds it).
        return min(total, HOUSEHOLD_CEILING) if _held_at_even_odds(levels) else total

    def score(self, a: PersonRecord, b: PersonRecord) -> PairScore:
        """Compare two records field by field, with a label for each field."""
        pa, pb = prepare(a), prepare(b)
        levels = compare(pa, pb)
        weights, notes = self._weights_and_notes(levels)
        comparisons = [
            FieldComparison(
                field=f.name,
                level=f.levels[level],
                label=note if note in _HELD_LABELS else describe(f, level, pa, pb) + note,
                weight=round(weight, 3),
            )
            for f, level, weight, note in zip(FIELDS, levels, weights, notes, strict=True)
        ]
        weight = self.weight_of(levels)
        return PairScore(
            match_weight=weight,
            probability=probability_from_weight(weight),
            fields=comparisons,
            blocked_by=hard_rule(levels),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "trained_on": self.trained_on,
            "records": self.records,
            "prior": self.prior,
            "fields": {
                f.name: {
                    "m": dict(zip(f.levels, self.m[f.name], strict=False)),
                    "u": dict(zip(f.levels, self.u[f.name], strict=False)),
                }
                for f in FIELDS
            },
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> MatchModel:
        fields = data["fields"]
        return cls(
            m={f.name: [float(fields[f.name]["m"][lv]) for lv in f.levels[:-1]] for f in FIELDS},
            u={f.name: [float(fields[f.name]["u"][lv]) for lv in f.levels[:-1]] for f in FIELDS},
            prior=float(data["prior"]),
            records=int(data.get("records", 0)),
            trained_on=str(data.get("trained_on", "")),
        )

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_json(), indent=2) + "\n", encoding="utf-8")


def read_model(path: Path) -> MatchModel:
    return MatchModel.from_json(json.loads(path.read_text(encoding="utf-8")))


@cache
def load_model() -> MatchModel:
    """The shipped default model (``model.json``), read once."""
    return read_model(DEFAULT_MODEL)
