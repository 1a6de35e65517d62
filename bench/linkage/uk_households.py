"""A fixed-seed, household-heavy synthetic set of UK person records with the truth attached.

Each household is 1–2 adults and 1–5 children at one address. Each person is recorded 1–4
times ("contacts over the years"), and each record is a noisy copy of the person:

* siblings share a family name, address and postcode; twins share a date of birth, and a
  third of twin pairs have similar given names (Jack/Jake, Olivia/Olive);
* step-families: some children carry a different family name from the household's, and
  are sometimes recorded under the step-parent's; adults are sometimes recorded under a
  previous family name;
* typos (insert, delete, substitute, transpose) in names; nicknames (William/Bill);
* dates of birth missing, day–month swapped, or one unit out;
* moves: a household's later records carry a new address and postcode;
* an NHS number (test range 999, valid modulus 11) in ~30 % of records, sometimes mistyped;
* sex sometimes missing; postcodes in the BS 7666 format.

Names come from Faker's en_GB lists and a short list of recent children's names; everything
is drawn with numpy, so a million records take a few seconds. Only the corrupted minority of
values goes through per-value Python code.

Truth columns: ``entity_id`` (the person) and ``household_id``. The CSV the tools read
carries only the contract columns (see :data:`INPUT_COLUMNS`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd  # type: ignore[import-untyped, unused-ignore]  # no pandas-stubs
from faker.providers.address.en_GB import Provider as AddressProvider
from faker.providers.person.en_GB import Provider as PersonProvider
from nicknames import NickNamer

from frontdoor.people.matching.batch import INPUT_COLUMNS as LINK_RECORDS_COLUMNS

# Bump when the generator changes, so cached CSVs from older versions are not reused.
GENERATOR_VERSION = 1
DEFAULT_SEED = 20250501

INPUT_COLUMNS = list(LINK_RECORDS_COLUMNS)
TRUTH_COLUMNS = ["record_id", "entity_id", "household_id"]

# Children's names, popular in England and Wales 2005–2022, roughly most popular first.
BOYS = [
    "Oliver",
    "Jack",
    "Harry",
    "George",
    "Noah",
    "Charlie",
    "Jacob",
    "Alfie",
    "Freddie",
    "Oscar",
    "Leo",
    "Archie",
    "Thomas",
    "Joshua",
    "James",
    "William",
    "Henry",
    "Ethan",
    "Max",
    "Lucas",
    "Isaac",
    "Logan",
    "Daniel",
    "Samuel",
    "Mason",
    "Joseph",
    "Alexander",
    "Dylan",
    "Riley",
    "Harrison",
    "Theo",
    "Adam",
    "Lewis",
    "Jake",
    "Aidan",
    "Harvey",
    "Finley",
    "Arthur",
    "Toby",
    "Edward",
    "Luke",
    "Liam",
    "Ryan",
    "Callum",
    "Kyle",
    "Connor",
    "Nathan",
    "Tyler",
    "Louis",
    "Frankie",
    "Albie",
    "Leon",
    "Reuben",
    "Sebastian",
]
GIRLS = [
    "Olivia",
    "Amelia",
    "Isla",
    "Ava",
    "Emily",
    "Sophia",
    "Grace",
    "Mia",
    "Poppy",
    "Ella",
    "Lily",
    "Evie",
    "Isabella",
    "Sophie",
    "Ivy",
    "Freya",
    "Harper",
    "Chloe",
    "Jessica",
    "Charlotte",
    "Ruby",
    "Daisy",
    "Florence",
    "Alice",
    "Millie",
    "Phoebe",
    "Isabelle",
    "Emma",
    "Hannah",
    "Megan",
    "Lucy",
    "Holly",
    "Erin",
    "Caitlin",
    "Olive",
    "Ellie",
    "Lilly",
    "Isabel",
    "Maya",
    "Eve",
    "Rosie",
    "Layla",
    "Matilda",
    "Elizabeth",
    "Scarlett",
    "Imogen",
    "Evelyn",
    "Leah",
    "Lola",
    "Katie",
    "Amber",
]
# Given names a twin may be given "to go with" the other twin's.
SIMILAR_NAMES = {
    "Jack": "Jake",
    "Jake": "Jack",
    "Olivia": "Olive",
    "Olive": "Olivia",
    "Ella": "Ellie",
    "Ellie": "Ella",
    "Lily": "Lilly",
    "Lilly": "Lily",
    "Harry": "Harvey",
    "Harvey": "Harry",
    "Isabel": "Isabella",
    "Isabella": "Isabelle",
    "Isabelle": "Isabel",
    "Mia": "Maya",
    "Maya": "Mia",
    "Leo": "Leon",
    "Leon": "Leo",
    "Evie": "Eve",
    "Eve": "Evie",
    "Sophie": "Sophia",
    "Sophia": "Sophie",
    "Louis": "Lewis",
    "Lewis": "Louis",
    "Freddie": "Frankie",
    "Frankie": "Freddie",
    "Alfie": "Albie",
    "Albie": "Alfie",
    "Aidan": "Adam",
    "Adam": "Aidan",
    "Ryan": "Kyle",
    "Kyle": "Ryan",
    "Emily": "Emma",
    "Emma": "Emily",
}
STREET_TYPES = [
    "Road",
    "Street",
    "Lane",
    "Avenue",
    "Close",
    "Drive",
    "Way",
    "Crescent",
    "Grove",
    "Gardens",
    "Court",
    "Place",
    "Terrace",
    "Walk",
    "Rise",
    "View",
    "Mews",
    "Green",
]
STREET_ABBREVIATIONS = {"Road": "Rd", "Street": "St", "Avenue": "Ave", "Lane": "Ln", "Drive": "Dr"}
INWARD_LETTERS = np.array(list("ABDEFGHJLNPQRSTUWXYZ"))
# The BS 7666 format, as in frontdoor.people.identifiers (kept here so the generator does not
# import the app).
POSTCODE_FORMAT = re.compile(
    r"^(GIR 0AA|[A-PR-UWYZ]([0-9]{1,2}|([A-HK-Y][0-9]([0-9ABEHMNPRV-Y])?)|[0-9][A-HJKS-UW])"
    r" [0-9][ABD-HJLNP-UW-Z]{2})$",
    re.ASCII,
)

LATEST_BIRTH = np.datetime64("2025-06-30")
RECORDS_PER_PERSON_P = np.array([0.35, 0.30, 0.20, 0.15])  # 1, 2, 3, 4 records: mean 2.15
CHILDREN_P = np.array([0.35, 0.33, 0.18, 0.09, 0.05])  # 1–5 children: mean 2.16
ADULTS_P = np.array([0.35, 0.65])  # 1 or 2 adults
# A child after the first is the previous child's twin: about 3 % of children are twins,
# twice the national rate, to test the case that matters most.
TWIN_P = 0.04
MAX_CHILDREN = 5


def nhs_check_digits(bodies: np.ndarray) -> np.ndarray:
    """Modulus 11 check digits for an array of 9-digit bodies; 10 where none exists."""
    weights = np.array([10, 9, 8, 7, 6, 5, 4, 3, 2])
    digits = (bodies[:, None] // 10 ** np.arange(8, -1, -1)) % 10
    check = 11 - (digits * weights).sum(axis=1) % 11
    return np.where(check == 11, 0, check)


@lru_cache(maxsize=1)
def _name_pools() -> dict[str, np.ndarray]:
    last = PersonProvider.last_names
    surnames = np.array(list(last.keys()) if isinstance(last, dict) else list(last))
    weights = np.array(list(last.values()) if isinstance(last, dict) else [1.0] * len(surnames))
    return {
        "surnames": surnames,
        "surname_p": weights / weights.sum(),
        "adult_m": np.array(sorted(set(PersonProvider.first_names_male))),
        "adult_f": np.array(sorted(set(PersonProvider.first_names_female))),
        "child_m": np.array(BOYS),
        "child_f": np.array(GIRLS),
    }


@lru_cache(maxsize=1)
def _nicknames() -> dict[str, list[str]]:
    """Nicknames for every given name the generator uses (from the ``nicknames`` package)."""
    namer = NickNamer()
    pools = _name_pools()
    names = {str(n) for key in ("adult_m", "adult_f", "child_m", "child_f") for n in pools[key]}
    result = {}
    for name in names:
        nicks = sorted(n.capitalize() for n in namer.nicknames_of(name.lower()) if len(n) > 2)
        if nicks:
            result[name] = nicks
    return result


def _zipf_p(n: int, s: float = 0.8) -> np.ndarray:
    p = 1.0 / np.arange(1, n + 1) ** s
    return p / p.sum()


def _postcodes(rng: np.random.Generator, n: int) -> np.ndarray:
    """``n`` distinct format-valid postcodes from real postcode areas."""
    areas = np.array(
        [a for a in AddressProvider.POSTAL_ZONES if len(a) <= 2 and re.fullmatch("[A-Z]+", a)]
    )
    out: set[str] = set()
    while len(out) < n:
        k = (n - len(out)) * 2
        area = rng.choice(areas, k)
        district = rng.integers(1, 30, k)
        sector = rng.integers(0, 10, k)
        unit = rng.choice(INWARD_LETTERS, (k, 2))
        for a, d, s, u in zip(area, district, sector, unit, strict=True):
            code = f"{a}{d} {s}{u[0]}{u[1]}"
            if POSTCODE_FORMAT.match(code):
                out.add(code)
            if len(out) == n:
                break
    codes = np.array(sorted(out))
    rng.shuffle(codes)
    return codes


def _addresses(
    rng: np.random.Generator, n: int, postcode_pool: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    surnames = _name_pools()["surnames"]
    street = rng.choice(surnames, n) + " " + rng.choice(STREET_TYPES, n)
    number = rng.integers(1, 240, n).astype(str)
    # Neighbours: about six households share a unit postcode, as in real postcodes.
    postcode = postcode_pool[rng.integers(0, len(postcode_pool), n)]
    return np.char.add(np.char.add(number, " "), street.astype(str)), postcode


def _typo(rng: np.random.Generator, text: str) -> str:
    """One keyboard slip: insert, delete, substitute or transpose a letter."""
    if len(text) < 3:
        return text
    i = int(rng.integers(1, len(text)))
    letter = "abcdefghijklmnopqrstuvwxyz"[int(rng.integers(0, 26))]
    match int(rng.integers(0, 4)):
        case 0:
            return text[:i] + letter + text[i:]
        case 1:
            return text[:i] + text[i + 1 :]
        case 2:
            return text[:i] + letter + text[i + 1 :]
        case _:
            i = min(i, len(text) - 2)
            return text[:i] + text[i + 1] + text[i] + text[i + 2 :]


def _apply(values: np.ndarray, mask: np.ndarray, change: Callable[[Any], str]) -> None:
    idx = np.flatnonzero(mask)
    values[idx] = [change(v) for v in values[idx]]


def generate(n_records: int, seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """``n_records`` noisy records with truth columns; the same seed gives the same frame."""
    rng = np.random.default_rng(seed)
    pools = _name_pools()
    n_hh = int(n_records / (2.15 * 3.81) * 1.1) + 10

    # --- Households: adults, children (a matrix of slots), surnames, dates of birth ---------
    n_adults = rng.choice([1, 2], n_hh, p=ADULTS_P)
    n_children = rng.choice(np.arange(1, 6), n_hh, p=CHILDREN_P)
    hh_surname = rng.choice(pools["surnames"], n_hh, p=pools["surname_p"])
    other_surname = rng.choice(pools["surnames"], (n_hh, 3), p=pools["surname_p"])
    step_family = (n_adults == 2) & (rng.random(n_hh) < 0.25)

    youngest = LATEST_BIRTH - rng.integers(0, 17 * 365, n_hh).astype("timedelta64[D]")
    gaps = rng.integers(330, 2200, (n_hh, MAX_CHILDREN))
    twin = rng.random((n_hh, MAX_CHILDREN)) < TWIN_P
    twin[:, 0] = False
    gaps[:, 0] = 0
    gaps[twin] = 0
    # Slot 0 is the eldest; the youngest is slot n_children - 1.
    slot = np.arange(MAX_CHILDREN)
    offset_from_eldest = np.cumsum(gaps, axis=1)
    last = offset_from_eldest[np.arange(n_hh), n_children - 1]
    child_dob = youngest[:, None] - (last[:, None] - offset_from_eldest).astype("timedelta64[D]")
    has_child = slot[None, :] < n_children[:, None]
    twin &= has_child

    child_sex = rng.choice(np.array(["M", "F"]), (n_hh, MAX_CHILDREN))
    # A twin is the same sex as the other twin two times in three.
    same = twin & (rng.random((n_hh, MAX_CHILDREN)) < 2 / 3)
    for j in range(1, MAX_CHILDREN):
        child_sex[same[:, j], j] = child_sex[same[:, j], j - 1]
    boys = rng.choice(pools["child_m"], (n_hh, MAX_CHILDREN), p=_zipf_p(len(BOYS)))
    girls = rng.choice(pools["child_f"], (n_hh, MAX_CHILDREN), p=_zipf_p(len(GIRLS)))
    child_given = np.where(child_sex == "M", boys, girls).astype(object)
    # No two children in a household share a given name: redraw clashes a few times.
    for _ in range(4):
        for j in range(1, MAX_CHILDREN):
            clash = np.zeros(n_hh, dtype=bool)
            for i in range(j):
                clash |= child_given[:, j] == child_given[:, i]
            clash &= has_child[:, j]
            k = int(clash.sum())
            if k:
                redraw_m = rng.choice(pools["child_m"], k)
                redraw_f = rng.choice(pools["child_f"], k)
                child_given[clash, j] = np.where(child_sex[clash, j] == "M", redraw_m, redraw_f)
    # A third of twins get a name that goes with their twin's (Jack and Jake).
    for j in range(1, MAX_CHILDREN):
        rows = np.flatnonzero(twin[:, j] & (rng.random(n_hh) < 1 / 3))
        for r in rows:
            similar = SIMILAR_NAMES.get(child_given[r, j - 1])
            if similar and similar not in child_given[r, :j]:
                child_given[r, j] = similar

    # Step-family children carry the birth father's surname (other_surname[:, 0]).
    child_family = np.repeat(hh_surname[:, None], MAX_CHILDREN, axis=1).astype(object)
    step_child = step_family[:, None] & has_child & (rng.random((n_hh, MAX_CHILDREN)) < 0.6)
    child_family[step_child] = np.repeat(other_surname[:, 0:1], MAX_CHILDREN, axis=1)[step_child]

    eldest = child_dob[:, 0]
    mother_dob = eldest - rng.integers(18 * 365, 38 * 365, n_hh).astype("timedelta64[D]")
    partner_dob = mother_dob + rng.normal(700, 1500, n_hh).astype(int).astype("timedelta64[D]")
    single_father = (n_adults == 1) & (rng.random(n_hh) < 0.1)
    adult1_sex = np.where(single_father, "M", "F")
    adult1_given = np.where(
        single_father, rng.choice(pools["adult_m"], n_hh), rng.choice(pools["adult_f"], n_hh)
    )
    # The partner shares the household's surname three times in four (married); otherwise
    # keeps their own. A married mother was previously recorded under her own surname.
    partner_married = rng.random(n_hh) < 0.75
    adult2_family = np.where(partner_married, hh_surname, other_surname[:, 1])
    adult1_previous = np.where(
        (n_adults == 2) & partner_married & ~single_father, other_surname[:, 2], hh_surname
    )

    # --- Persons: flatten adults and children ------------------------------------------------
    hh_index = np.arange(n_hh)
    a1 = {
        "hh": hh_index,
        "given": adult1_given,
        "family": hh_surname,
        "alt_family": adult1_previous,
        "dob": mother_dob,
        "sex": adult1_sex,
    }
    two = n_adults == 2
    a2 = {
        "hh": hh_index[two],
        "given": rng.choice(pools["adult_m"], int(two.sum())),
        "family": adult2_family[two],
        "alt_family": adult2_family[two],
        "dob": partner_dob[two],
        "sex": np.full(int(two.sum()), "M"),
    }
    rows, cols = np.nonzero(has_child)
    # A step-child is sometimes recorded under the household's (step-parent's) surname.
    ch = {
        "hh": rows,
        "given": child_given[rows, cols],
        "family": child_family[rows, cols],
        "alt_family": hh_surname[rows],
        "dob": child_dob[rows, cols],
        "sex": child_sex[rows, cols],
    }
    persons = {key: np.concatenate([a1[key], a2[key], ch[key]]) for key in a1}
    # Persons in household order, so truncating to n_records drops whole households.
    order = np.argsort(persons["hh"], kind="stable")
    persons = {key: value[order] for key, value in persons.items()}
    n_persons = len(order)
    persons["given"] = persons["given"].astype(object)
    persons["family"] = persons["family"].astype(object)
    persons["alt_family"] = persons["alt_family"].astype(object)

    # NHS numbers: distinct test-range (999…) numbers with a valid check digit.
    bodies = 999_000_000 + rng.choice(1_000_000, min(1_000_000, n_persons * 2), replace=False)
    check = nhs_check_digits(bodies)
    valid = check != 10
    numbers = bodies[valid] * 10 + check[valid]
    if len(numbers) < n_persons:  # more than ~450,000 persons: leave the extra ones without
        numbers = np.concatenate([numbers, np.zeros(n_persons - len(numbers), dtype=np.int64)])
    person_nhs = numbers[:n_persons]

    # --- Addresses: each household has one, and one in five moves to a second -------------
    postcode_pool = _postcodes(rng, max(n_hh // 6, 10))
    addr1, pc1 = _addresses(rng, n_hh, postcode_pool)
    addr2, pc2 = _addresses(rng, n_hh, postcode_pool)
    moves = rng.random(n_hh) < 0.2
    move_at = rng.integers(1, 4, n_hh)  # the first record index at the new address

    # --- Records: 1–4 per person, each a noisy copy ----------------------------------------
    per_person = rng.choice(np.arange(1, 5), n_persons, p=RECORDS_PER_PERSON_P)
    person_of = np.repeat(np.arange(n_persons), per_person)[:n_records]
    n = len(person_of)
    if n < n_records:
        raise RuntimeError("generator made too few households")  # pragma: no cover
    starts = np.concatenate([[0], np.cumsum(per_person)[:-1]])
    k = np.arange(n) - starts[person_of]  # 0 for a person's first record, 1 for the next…
    hh = persons["hh"][person_of]

    given = persons["given"][person_of].copy()
    family = persons["family"][person_of].copy()
    alt = persons["alt_family"][person_of]
    use_alt = (alt != family) & (rng.random(n) < 0.3)
    family[use_alt] = alt[use_alt]
    dob = persons["dob"][person_of]
    sex = persons["sex"][person_of].astype(object)

    nick = _nicknames()
    has_nick = np.fromiter((g in nick for g in given), bool, n)
    _apply(given, has_nick & (rng.random(n) < 0.07), lambda g: nick[g][rng.integers(len(nick[g]))])
    _apply(given, rng.random(n) < 0.07, lambda g: _typo(rng, g))
    _apply(family, rng.random(n) < 0.05, lambda f: _typo(rng, f))

    dob_text = np.datetime_as_string(dob, unit="D").astype(object)
    year = dob.astype("datetime64[Y]").astype(int) + 1970
    month = dob.astype("datetime64[M]").astype(int) % 12 + 1
    day = (dob - dob.astype("datetime64[M]")).astype(int) + 1
    swap = (rng.random(n) < 0.03) & (day <= 12) & (day != month)
    dob_text[swap] = [
        f"{y:04d}-{d:02d}-{m:02d}"
        for y, m, d in zip(year[swap], month[swap], day[swap], strict=True)
    ]
    slip = ~swap & (rng.random(n) < 0.02)
    dob_text[slip] = np.datetime_as_string(
        dob[slip] + rng.choice([-1, 1, -365, 365], int(slip.sum())).astype("timedelta64[D]"),
        unit="D",
    )
    dob_text[rng.random(n) < 0.04] = ""
    sex[rng.random(n) < 0.05] = ""

    moved = moves[hh] & (k >= move_at[hh])
    address = np.where(moved, addr2[hh], addr1[hh]).astype(object)
    postcode = np.where(moved, pc2[hh], pc1[hh]).astype(object)

    def short_street(a: str) -> str:
        head, _, kind = a.rpartition(" ")
        return f"{head} {STREET_ABBREVIATIONS.get(kind, kind)}"

    _apply(address, rng.random(n) < 0.1, short_street)
    address[rng.random(n) < 0.03] = ""

    def postcode_slip(p: str) -> str:
        return p[:-1] + str(INWARD_LETTERS[rng.integers(len(INWARD_LETTERS))])

    _apply(postcode, rng.random(n) < 0.02, postcode_slip)
    postcode[rng.random(n) < 0.02] = ""

    nhs = persons_nhs_text(person_nhs)[person_of]
    nhs[(rng.random(n) >= 0.3) | (nhs == "")] = ""

    def nhs_slip(text: str) -> str:
        i = int(rng.integers(0, 10))
        return text[:i] + str((int(text[i]) + int(rng.integers(1, 10))) % 10) + text[i + 1 :]

    _apply(nhs, (nhs != "") & (rng.random(n) < 0.03), nhs_slip)

    frame = pd.DataFrame(
        {
            "entity_id": persons_ids(person_of),
            "household_id": hh,
            "given_name": given,
            "family_name": family,
            "date_of_birth": dob_text,
            "sex": sex,
            "postcode": postcode,
            "address_line": address,
            "nhs_number": nhs,
        }
    )
    frame = frame.iloc[rng.permutation(n)].reset_index(drop=True)
    frame.insert(0, "record_id", [f"R{i:07d}" for i in range(n)])
    return frame


def persons_nhs_text(numbers: np.ndarray) -> np.ndarray:
    text = numbers.astype(str).astype(object)
    text[numbers == 0] = ""
    return text


def persons_ids(person_of: np.ndarray) -> np.ndarray:
    return person_of.astype(np.int64)
