"""Synthetic UK person records with known truth, for tests and for training ``model.json``.

Households of one or two parents and up to four children (sometimes twins sharing a birthday),
a surname and an address each. Every person gets one to three records, with the errors real
referrals carry: typing errors, nicknames, day–month swaps, a changed family name, a move,
missing values. NHS numbers (valid) appear in a minority of records. Fixed seed, Faker en_GB:
no real person's data.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, timedelta

from frontdoor.people.identifiers import nhs_check_digit, normalise_postcode

from .records import PersonRecord
from .standardise import nickname_groups

__all__ = ["SyntheticPerson", "generate"]


@dataclass(frozen=True)
class SyntheticPerson:
    """A record, the person it belongs to, and the household the person lives in."""

    record: PersonRecord
    person: int
    household: int


def _nhs_number(rng: random.Random) -> str:
    while True:
        first_nine = f"{rng.randrange(400_000_000, 999_999_999):09d}"
        check = nhs_check_digit(first_nine)
        if check is not None:
            return f"{first_nine}{check}"


def _typo(rng: random.Random, text: str) -> str:
    if len(text) < 3:
        return text
    i = rng.randrange(1, len(text) - 1)
    kind = rng.random()
    if kind < 0.4:
        return text[:i] + text[i + 1 :]
    if kind < 0.7:
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    return text[:i] + rng.choice("aeioulnrst") + text[i + 1 :]


def _nickname(rng: random.Random, given: str) -> str:
    others = sorted(n for n in nickname_groups(given.upper()) if n != given.upper())
    return rng.choice(others).title() if others else given


class _Maker:
    def __init__(self, seed: int) -> None:
        from faker import Faker

        self.rng = random.Random(seed)  # noqa: S311 (synthetic data, not security)
        self.fake = Faker("en_GB")
        self.fake.seed_instance(seed)
        self.person = 0

    def postcode(self) -> str:
        while True:
            try:
                return normalise_postcode(self.fake.postcode())
            except ValueError:
                continue

    def address(self) -> str:
        return f"{self.rng.randint(1, 200)} {self.fake.street_name()}"

    def child_dob(self) -> date:
        return date(2007, 1, 1) + timedelta(days=self.rng.randrange(0, 18 * 365))

    def people(self, household: int) -> list[tuple[int, PersonRecord]]:
        rng, fake = self.rng, self.fake
        family = fake.last_name()
        postcode, address = self.postcode(), self.address()
        members: list[PersonRecord] = []
        for _ in range(rng.choice((1, 2))):
            sex = rng.choice("MF")
            members.append(self._one(sex, family, self._adult_dob(), postcode, address))
        birthdays: list[date] = []
        for _ in range(rng.choice((1, 1, 2, 2, 3, 4))):
            twin = birthdays and rng.random() < 0.25
            birthdays.append(birthdays[-1] if twin else self.child_dob())
            sex = rng.choice("MF")
            members.append(self._one(sex, family, birthdays[-1], postcode, address))
        numbered = []
        for member in members:
            self.person += 1
            numbered.append((self.person, member))
        return numbered

    def _adult_dob(self) -> date:
        return date(1965, 1, 1) + timedelta(days=self.rng.randrange(0, 30 * 365))

    def _one(self, sex: str, family: str, dob: date, postcode: str, address: str) -> PersonRecord:
        given = self.fake.first_name_male() if sex == "M" else self.fake.first_name_female()
        nhs = _nhs_number(self.rng)
        return PersonRecord("", given, family, dob, sex, postcode, address, nhs)

    def variant(self, true: PersonRecord, record_id: str) -> PersonRecord:
        """One recorded version of a person, with some errors."""
        rng = self.rng
        r = replace(
            true, record_id=record_id, nhs_number=true.nhs_number if rng.random() < 0.3 else ""
        )
        if rng.random() < 0.15:
            r = replace(r, given_name=_typo(rng, r.given_name))
        if rng.random() < 0.1:
            r = replace(r, given_name=_nickname(rng, r.given_name))
        if rng.random() < 0.12:
            r = replace(r, family_name=_typo(rng, r.family_name))
        if rng.random() < 0.05:
            r = replace(r, family_name=self.fake.last_name())  # step-family or marriage
        dob = r.date_of_birth
        if dob is not None and rng.random() < 0.06 and dob.day <= 12:
            r = replace(r, date_of_birth=date(dob.year, dob.day, dob.month))
        elif dob is not None and rng.random() < 0.06:
            r = replace(
                r, date_of_birth=dob.replace(day=min(28, max(1, dob.day + rng.choice((-1, 1)))))
            )
        if rng.random() < 0.1:
            r = replace(r, postcode=self.postcode(), address_line=self.address())  # moved
        if rng.random() < 0.05:
            r = replace(r, date_of_birth=None)
        if rng.random() < 0.1:
            r = replace(r, sex="")
        if rng.random() < 0.05:
            r = replace(r, postcode="", address_line="")
        return r


def generate(households: int, *, seed: int = 5) -> list[SyntheticPerson]:
    """Records for ``households`` households; record ids are ``"r1"``, ``"r2"``, …"""
    maker = _Maker(seed)
    out: list[SyntheticPerson] = []
    for household in range(households):
        for person, true in maker.people(household):
            for _ in range(maker.rng.choice((1, 1, 2, 2, 3))):
                record = maker.variant(true, f"r{len(out) + 1}")
                out.append(SyntheticPerson(record, person, household))
    return out
