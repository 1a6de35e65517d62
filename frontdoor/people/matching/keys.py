"""Blocking keys: short strings that two records of the same person very likely share.

Only records that share a key are ever compared, in the batch linker and in the database
lookup at intake. Each record has at most six keys, each selective enough that a key holds a
few hundred records at most among a million people:

* ``n:`` the NHS number;
* ``d:`` a name sound (first three letters) and the date of birth, once for the family name
  and once for the given name (so a changed family name still shares a key); the date is
  written so that a day–month swap gives the same key (year, then the smaller of day and
  month, then the larger);
* ``y:`` both name sounds and the year of birth (finds a mistyped day or month);
* ``a:`` postcode and year of birth (finds badly misspelt names, or a mistyped day, at the
  same address);
* ``p:`` postcode and family name sound (finds a missing or mistyped date of birth, or a
  different given name, at the same address: siblings too, who must be compared to be told
  apart).

The batch linker adds three *wide* keys (:func:`batch_keys_of`), each carrying one field's
worth of agreement, and uses them only where a key's block is small (``WIDE_MAX_BLOCK``):

* ``g:`` both name sounds, any date of birth (finds a mistyped or missing birth date with a
  changed or mistyped postcode);
* ``b:`` the date of birth alone (finds badly misspelt or replaced names);
* ``s:`` house number and street sound (finds records whose postcode was mistyped).

They are not search keys for the database (``blocking_keys``): a dateless name key or a
date-only key is shared by hundreds of people in a large index.

A sound is the first four letters of the name's Metaphone code, so small spelling differences
usually give the same key. The two names share the ``d:`` namespace and are sorted in ``y:``,
so a record with given and family names swapped still shares its keys.
"""

from __future__ import annotations

from functools import lru_cache

import jellyfish

from .records import PersonRecord
from .standardise import Prepared, prepare

__all__ = ["batch_keys_of", "blocking_keys", "keys_of"]


@lru_cache(maxsize=200_000)
def _sound(name: str) -> str:
    compact = name.replace(" ", "")
    return jellyfish.metaphone(compact)[:4] if compact else ""


def keys_of(p: Prepared) -> list[str]:
    """The blocking keys of a standardised record."""
    family, given = _sound(p.family), _sound(p.given_first)
    # One namespace for both names, so that a record with given and family names swapped
    # still shares its keys.
    sounds = sorted({s for s in (family, given) if s})
    keys = [f"n:{p.nhs}"] if p.nhs else []
    if p.dob is not None:
        low, high = sorted((p.dob.day, p.dob.month))
        dob = f"{p.dob.year}{low:02d}{high:02d}"
        keys.extend(f"d:{sound[:3]}|{dob}" for sound in sounds)
        if len(sounds) == 2:
            keys.append(f"y:{sounds[0]}|{sounds[1]}|{p.dob.year}")
        if p.postcode:
            keys.append(f"a:{p.postcode[:16]}|{p.dob.year}")
    if p.postcode and family:
        keys.append(f"p:{p.postcode[:16]}|{family}")
    return keys


def batch_keys_of(p: Prepared) -> list[str]:
    """The wide keys of a standardised record, for the batch linker's small blocks only."""
    keys: list[str] = []
    family, given = _sound(p.family), _sound(p.given_first)
    if family and given:
        first, second = sorted((family, given))
        keys.append(f"g:{first}|{second}")
    if p.dob is not None:
        low, high = sorted((p.dob.day, p.dob.month))
        keys.append(f"b:{p.dob.year}{low:02d}{high:02d}")
    number, _, rest = p.address.partition(" ")
    street = _sound(rest.split(" ", 1)[0]) if rest else ""
    if number[:1].isdigit() and street:
        keys.append(f"s:{number[:8]}|{street}")
    return keys


def blocking_keys(r: PersonRecord) -> list[str]:
    """At most six keys, each at most 30 characters, for finding candidate matches for ``r``."""
    return keys_of(prepare(r))
