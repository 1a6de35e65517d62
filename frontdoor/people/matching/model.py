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

from .comparisons import ADDRESS, FAMILY, FIELDS, SHARED_ADDRESS, compare, describe, hard_rule
from .records import PersonRecord
from .standardise import prepare

__all__ = ["DEFAULT_MODEL", "FieldComparison", "MatchModel", "PairScore", "load_model"]

DEFAULT_MODEL = Path(__file__).with_name("model.json")
_FAMILY = FIELDS.index(FAMILY)
_ADDRESS = FIELDS.index(ADDRESS)
_AT_SHARED_ADDRESS = " (not counted: expected for people living at the same address)"


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
        """The weight each field adds for this comparison vector.

        At a shared address a shared family name is expected (everyone in the household has
        it), so it adds nothing there: counting it would link siblings and parents.
        """
        weights = [self.weights[f.name][level] for f, level in zip(FIELDS, levels, strict=True)]
        if levels[_ADDRESS] in SHARED_ADDRESS and weights[_FAMILY] > 0:
            weights[_FAMILY] = 0.0
        return weights

    def weight_of(self, levels: tuple[int, ...]) -> float:
        """The match weight of a comparison vector (prior included)."""
        return self.prior_weight + sum(self.field_weights(levels))

    def score(self, a: PersonRecord, b: PersonRecord) -> PairScore:
        """Compare two records field by field, with a label for each field."""
        pa, pb = prepare(a), prepare(b)
        levels = compare(pa, pb)
        weights = self.field_weights(levels)
        comparisons = [
            FieldComparison(
                field=f.name,
                level=f.levels[level],
                label=describe(f, level, pa, pb)
                + (_AT_SHARED_ADDRESS if weight != self.weights[f.name][level] else ""),
                weight=round(weight, 3),
            )
            for f, level, weight in zip(FIELDS, levels, weights, strict=True)
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
