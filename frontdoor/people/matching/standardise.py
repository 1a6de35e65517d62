"""Standardisation: the cleaned values every comparison reads.

Names are upper-cased, accents removed, apostrophes dropped (``O'Brien`` is ``OBRIEN``),
hyphens and other punctuation turned into spaces (``Smith-Jones`` is ``SMITH JONES``).
Addresses are cleaned the same way, with common street words spelt out (``RD`` is ``ROAD``).
Postcodes lose their spaces; a valid UK postcode is written in its normal form, anything else
is kept as the plain upper-case string so that it still compares equal to itself (see ADR 0017).

The batch linker and the per-pair scorer both call :func:`prepare`, so they compare the same
strings. Functions on single values are cached: names, dates and postcodes repeat a lot.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from pathlib import Path

from frontdoor.people.identifiers import InvalidIdentifier, normalise_postcode

from .records import PersonRecord

__all__ = [
    "Prepared",
    "clean_address",
    "clean_name",
    "clean_postcode",
    "nickname_groups",
    "nickname_pairs",
    "parse_date",
    "postcode_sector",
    "prepare",
]

_NOT_LETTERS = re.compile(r"[^A-Z ]+")
_NOT_ALNUM = re.compile(r"[^A-Z0-9 ]+")
_SPACES = re.compile(r"\s+")
_STREET_WORDS = {
    "ST": "STREET",
    "RD": "ROAD",
    "AVE": "AVENUE",
    "AV": "AVENUE",
    "DR": "DRIVE",
    "LN": "LANE",
    "CL": "CLOSE",
    "CT": "COURT",
    "CRES": "CRESCENT",
    "CRS": "CRESCENT",
    "PL": "PLACE",
    "GDNS": "GARDENS",
    "TCE": "TERRACE",
    "TERR": "TERRACE",
    "SQ": "SQUARE",
    "GRV": "GROVE",
    "GR": "GROVE",
    "PK": "PARK",
    "HSE": "HOUSE",
    "APT": "FLAT",
}


def _ascii_upper(raw: str) -> str:
    decomposed = unicodedata.normalize("NFKD", raw)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).upper()


@lru_cache(maxsize=200_000)
def clean_name(raw: str) -> str:
    """``" Zoë  O'Brien-Smith "`` becomes ``"ZOE OBRIEN SMITH"``; no letters gives ``""``."""
    text = _ascii_upper(raw).replace("'", "").replace("\u2019", "")
    return _SPACES.sub(" ", _NOT_LETTERS.sub(" ", text)).strip()


@lru_cache(maxsize=200_000)
def clean_address(raw: str) -> str:
    """``"12a, Acacia Rd."`` becomes ``"12A ACACIA ROAD"``."""
    text = _NOT_ALNUM.sub(" ", _ascii_upper(raw).replace("'", ""))
    return " ".join(_STREET_WORDS.get(token, token) for token in text.split())


@lru_cache(maxsize=200_000)
def clean_postcode(raw: str) -> tuple[str, bool]:
    """The postcode to compare and whether it is a valid UK postcode.

    ``"ec1a1bb"`` gives ``("EC1A 1BB", True)``; ``"2119"`` (not UK) gives ``("2119", False)``;
    empty gives ``("", True)`` (missing, not invalid).
    """
    compact = _SPACES.sub("", _ascii_upper(raw))
    if not compact:
        return "", True
    try:
        return normalise_postcode(compact), True
    except InvalidIdentifier:
        return compact, False


def postcode_sector(postcode: str) -> str:
    """``"EC1A 1BB"`` is in sector ``"EC1A 1"``; a postcode without a space has no sector."""
    return postcode[:-2] if " " in postcode else ""


@lru_cache(maxsize=100_000)
def parse_date(raw: str) -> date | None:
    """Read ``YYYY-MM-DD`` (or ``YYYYMMDD``); anything else, or a year before 1880, is ``None``.

    Raises nothing: the batch linker counts the ``None`` results for values that were not
    empty.
    """
    text = raw.strip()
    if len(text) == 8 and text.isascii() and text.isdigit():
        text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
    try:
        parsed = date.fromisoformat(text)
    except ValueError:
        return None
    return parsed if parsed.year >= 1880 else None


def clean_sex(raw: str) -> str:
    """``"M"``/``"male"`` is ``"M"``, ``"F"``/``"female"`` is ``"F"``; anything else ``""``."""
    first = raw.strip()[:1].upper()
    return first if first in ("M", "F") else ""


@cache
def _nickname_table() -> dict[str, frozenset[str]]:
    """Each name (upper case) to its group: itself and every name it is a nickname of.

    Two given names are a known nickname pair when their groups overlap: BILL's group holds
    WILLIAM, so BILL / WILLIAM and BILL / WILL (also in WILLIAM's family) are nicknames.
    """
    import nicknames

    source = Path(nicknames.__file__).with_name("names.csv")
    groups: dict[str, set[str]] = {}
    with source.open(encoding="utf-8") as lines:
        next(lines)
        for line in lines:
            canonical, _, nickname = line.strip().split(",")
            canonical, nickname = canonical.upper(), nickname.upper()
            groups.setdefault(canonical, {canonical})
            groups.setdefault(nickname, {nickname}).add(canonical)
    return {name: frozenset(group) for name, group in groups.items()}


def nickname_groups(name: str) -> frozenset[str]:
    """The nickname group of one cleaned given name (just itself when unknown)."""
    return _nickname_table().get(name, frozenset((name,)))


@cache
def nickname_pairs() -> frozenset[tuple[str, str]]:
    """Every ordered pair of different names whose nickname groups overlap."""
    by_canonical: dict[str, set[str]] = {}
    for name, group in _nickname_table().items():
        for canonical in group:
            by_canonical.setdefault(canonical, set()).add(name)
    pairs: set[tuple[str, str]] = set()
    for names in by_canonical.values():
        pairs.update((a, b) for a in names for b in names if a != b)
    return frozenset(pairs)


@dataclass(frozen=True, slots=True)
class Prepared:
    """A standardised record: what the comparisons read."""

    given: str
    given_first: str
    alias_given: tuple[str, ...]
    family: str
    family_tokens: tuple[str, ...]
    alias_family: tuple[str, ...]
    dob: date | None
    sex: str
    postcode: str
    sector: str
    address: str
    address_tokens: tuple[str, ...]
    nhs: str


def _first(name: str) -> str:
    return name.split(" ", 1)[0]


def _distinct_sorted(values: list[str]) -> tuple[str, ...]:
    return tuple(sorted({value for value in values if value}))


@lru_cache(maxsize=200_000)
def _tokens(text: str) -> tuple[str, ...]:
    return _distinct_sorted(text.split())


def prepare(record: PersonRecord) -> Prepared:
    """Standardise one record. The postcode is compared as given after cleaning."""
    given = clean_name(record.given_name)
    family = clean_name(record.family_name)
    aliases_given = clean_name(record.middle_names).split()
    aliases_family: list[str] = []
    for other_given, other_family in record.other_names:
        aliases_given.append(_first(clean_name(other_given)))
        aliases_family.append(clean_name(other_family))
    postcode, _ = clean_postcode(record.postcode)
    address = clean_address(record.address_line)
    return Prepared(
        given=given,
        given_first=_first(given),
        alias_given=_distinct_sorted(aliases_given),
        family=family,
        family_tokens=_tokens(family),
        alias_family=_distinct_sorted(aliases_family),
        dob=record.date_of_birth,
        sex=clean_sex(record.sex),
        postcode=postcode,
        sector=postcode_sector(postcode),
        address=address,
        address_tokens=_tokens(address),
        nhs=record.nhs_number,
    )
