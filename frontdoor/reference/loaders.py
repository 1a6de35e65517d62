"""Load the national code lists from the CSV files beside this module, and bank holidays.

Every loader is idempotent: it inserts new codes, updates changed descriptions, and never
deletes a code (old records may still use it). Each returns how many rows it wrote.
"""

import csv
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import holidays
from django.db import models

from .models import (
    AgencyKind,
    AssessmentFactor,
    BankHoliday,
    Ethnicity,
    RagRating,
    ReferralSource,
    Sex,
    ThresholdLevel,
)

DATA_DIR = Path(__file__).resolve().parent / "data"


def read_rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        yield from csv.DictReader(handle)


def _upsert(model: type[models.Model], key: str, rows: list[dict[str, Any]]) -> int:
    for row in rows:
        defaults = {name: value for name, value in row.items() if name != key}
        lookup: dict[str, Any] = {key: row[key]}
        model._default_manager.update_or_create(defaults=defaults, **lookup)
    return len(rows)


def load_code_lists() -> dict[str, int]:
    """Referral sources, ethnicities, sexes, assessment factors, agency kinds, levels, ratings."""
    counts: dict[str, int] = {}
    simple: list[tuple[str, type[models.Model]]] = [
        ("ethnicities", Ethnicity),
        ("sexes", Sex),
        ("assessment_factors", AssessmentFactor),
    ]
    for name, model in simple:
        rows = [
            {"code": r["code"], "description": r["description"], "position": i}
            for i, r in enumerate(read_rows(DATA_DIR / f"{name}.csv"))
        ]
        counts[name] = _upsert(model, "code", rows)
    counts["referral_sources"] = _upsert(
        ReferralSource,
        "code",
        [
            {"code": r["code"], "description": r["description"], "group": r["group"], "position": i}
            for i, r in enumerate(read_rows(DATA_DIR / "referral_sources.csv"))
        ],
    )
    counts["agency_kinds"] = _upsert(
        AgencyKind,
        "code",
        [
            {"code": r["code"], "name": r["name"], "description": r["description"], "position": i}
            for i, r in enumerate(read_rows(DATA_DIR / "agency_kinds.csv"))
        ],
    )
    counts["threshold_levels"] = _upsert(
        ThresholdLevel,
        "level",
        [
            {"level": int(r["level"]), "label": r["label"], "description": r["description"]}
            for r in read_rows(DATA_DIR / "threshold_levels.csv")
        ],
    )
    counts["rag_ratings"] = _upsert(
        RagRating,
        "code",
        [
            {
                "code": r["code"],
                "label": r["label"],
                "default_hours": int(r["default_hours"]),
                "description": r["description"],
                "position": i,
            }
            for i, r in enumerate(read_rows(DATA_DIR / "rag_ratings.csv"))
        ],
    )
    return counts


def load_bank_holidays(*, first_year: int, last_year: int) -> int:
    """England and Wales bank holidays for the years given, from the `holidays` package.

    Dates added locally (source 'local') are kept; package dates are refreshed.
    """
    years = range(first_year, last_year + 1)
    named: dict[date, str] = dict(
        holidays.country_holidays("GB", subdiv="ENG", years=years).items()
    )
    for day, name in named.items():
        BankHoliday.objects.update_or_create(
            date=day, defaults={"name": name[:120], "source": BankHoliday.Source.HOLIDAYS_PACKAGE}
        )
    return len(named)
