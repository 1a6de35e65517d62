"""Comparison levels: how alike two records are, field by field.

Each field has an ordered list of levels, strongest first, and ends with ``missing`` (one or
both records lack the value, which says nothing either way). Every level is written twice,
once in Python (:func:`compare`, for one pair at intake) and once in DuckDB SQL
(:func:`sql_levels`, for millions of pairs in the batch linker), side by side so that they are
changed together; a test checks that they agree on thousands of pairs.

The hard rules (:func:`hard_rule`) read only levels, so both paths apply them the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from rapidfuzz.distance import JaroWinkler

from .standardise import Prepared, nickname_groups

__all__ = [
    "FIELDS",
    "Field",
    "compare",
    "describe",
    "hard_rule",
    "household_without_birth_date",
    "name_alone_without_birth_date",
    "sql_hard_rule",
    "sql_household_without_birth_date",
    "sql_levels",
    "sql_name_alone_without_birth_date",
]

JW_HIGH = 0.92
JW_MID = 0.80
ADDRESS_JW = 0.88

DIFFERENT_NHS = "Different valid NHS numbers"
TWINS = "Both born the same day with different given names: likely twins or siblings"


@dataclass(frozen=True)
class Field:
    """One compared field: its code, its title for people, and its levels (strongest first)."""

    name: str
    title: str
    levels: tuple[str, ...]

    def index(self, level: str) -> int:
        return self.levels.index(level)

    @property
    def missing(self) -> int:
        return len(self.levels) - 1


GIVEN = Field(
    "given_name",
    "Given name",
    (
        "exact",
        "swapped",
        "nickname",
        "other_name",
        "jw_high",
        "jw_mid",
        "initial",
        "different",
        "missing",
    ),
)
FAMILY = Field(
    "family_name",
    "Family name",
    ("exact", "swapped", "jw_high", "previous", "jw_mid", "different", "missing"),
)
DOB = Field(
    "date_of_birth",
    "Date of birth",
    ("exact", "swapped", "typo", "within_year", "different", "missing"),
)
SEX = Field("sex", "Sex", ("same", "different", "missing"))
ADDRESS = Field(
    "address",
    "Address",
    ("same_address", "same_postcode", "similar_line", "same_sector", "different", "missing"),
)
NHS = Field("nhs_number", "NHS number", ("same", "different", "missing"))

# Postcode and address line are one field: they agree together for everyone in a household,
# and counting them as two independent pieces of evidence would link siblings.
FIELDS: tuple[Field, ...] = (GIVEN, FAMILY, DOB, SEX, ADDRESS, NHS)


def _jw(a: str, b: str) -> float:
    return float(JaroWinkler.similarity(a, b))


# --------------------------------------------------------------------------
# Python: one pair
# --------------------------------------------------------------------------


def _swapped(a: Prepared, b: Prepared) -> bool:
    """Given and family names recorded the wrong way round (allowing small typos)."""
    return (
        bool(a.given and a.family and b.given and b.family)
        and _jw(a.given, b.family) >= JW_HIGH
        and _jw(a.family, b.given) >= JW_HIGH
    )


def _given(a: Prepared, b: Prepared) -> str:
    if not a.given or not b.given:
        return "missing"
    if a.given == b.given:
        return "exact"
    if _swapped(a, b):
        return "swapped"
    if a.given_first != b.given_first and nickname_groups(a.given_first) & nickname_groups(
        b.given_first
    ):
        return "nickname"
    if a.given_first in b.alias_given or b.given_first in a.alias_given:
        return "other_name"
    similarity = _jw(a.given, b.given)
    if similarity >= JW_HIGH:
        return "jw_high"
    if similarity >= JW_MID:
        return "jw_mid"
    if (len(a.given_first) == 1 or len(b.given_first) == 1) and a.given[0] == b.given[0]:
        return "initial"
    return "different"


def _family(a: Prepared, b: Prepared) -> str:
    if not a.family or not b.family:
        return "missing"
    if a.family == b.family:
        return "exact"
    if _swapped(a, b):
        return "swapped"
    similarity = _jw(a.family, b.family)
    if similarity >= JW_HIGH:
        return "jw_high"
    double_barrelled = len(a.family_tokens) > 1 or len(b.family_tokens) > 1
    if (
        a.family in b.alias_family
        or b.family in a.alias_family
        or (double_barrelled and set(a.family_tokens) & set(b.family_tokens))
    ):
        return "previous"
    if similarity >= JW_MID:
        return "jw_mid"
    return "different"


def _one_digit_apart(a: str, b: str) -> bool:
    """One digit changed, or two neighbouring digits swapped (Damerau distance 1)."""
    diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    if len(diffs) == 1:
        return True
    return (
        len(diffs) == 2
        and diffs[1] == diffs[0] + 1
        and a[diffs[0]] == b[diffs[1]]
        and a[diffs[1]] == b[diffs[0]]
    )


def _dob(a: Prepared, b: Prepared) -> str:
    if a.dob is None or b.dob is None:
        return "missing"
    x, y = a.dob, b.dob
    if x == y:
        return "exact"
    if x.year == y.year and x.day == y.month and x.month == y.day:
        return "swapped"
    if _one_digit_apart(x.strftime("%Y%m%d"), y.strftime("%Y%m%d")):
        return "typo"
    if abs((x - y).days) <= 365:
        return "within_year"
    return "different"


def _same_or_different(x: str, y: str) -> str:
    if not x or not y:
        return "missing"
    return "same" if x == y else "different"


def _line_close(a: Prepared, b: Prepared) -> bool:
    return bool(a.address and b.address) and (
        a.address == b.address or _jw(a.address, b.address) >= ADDRESS_JW
    )


def _address(a: Prepared, b: Prepared) -> str:
    if (not a.postcode or not b.postcode) and (not a.address or not b.address):
        return "missing"
    same_postcode = bool(a.postcode) and a.postcode == b.postcode
    if same_postcode:
        return "same_address" if _line_close(a, b) else "same_postcode"
    if _line_close(a, b):
        return "similar_line"
    if a.sector and a.sector == b.sector:
        return "same_sector"
    return "different"


_PYTHON: tuple[Callable[[Prepared, Prepared], str], ...] = (
    _given,
    _family,
    _dob,
    lambda a, b: _same_or_different(a.sex, b.sex),
    _address,
    lambda a, b: _same_or_different(a.nhs, b.nhs),
)


def compare(a: Prepared, b: Prepared) -> tuple[int, ...]:
    """The level index of each field in :data:`FIELDS`, in order."""
    return tuple(field.index(level(a, b)) for field, level in zip(FIELDS, _PYTHON, strict=True))


# --------------------------------------------------------------------------
# SQL: millions of pairs. Tables are aliased l and r; columns as batch.py loads them.
# --------------------------------------------------------------------------


_SQL_SWAPPED = f"""(l.given <> '' AND l.family <> '' AND r.given <> '' AND r.family <> ''
             AND jaro_winkler_similarity(l.given, r.family) >= {JW_HIGH}
             AND jaro_winkler_similarity(l.family, r.given) >= {JW_HIGH})"""


def _sql_given() -> str:
    g = GIVEN.index
    return f"""CASE
        WHEN l.given = '' OR r.given = '' THEN {GIVEN.missing}
        WHEN l.given = r.given THEN {g("exact")}
        WHEN {_SQL_SWAPPED} THEN {g("swapped")}
        WHEN l.given_first <> r.given_first
             AND list_has_any(l.nick_group, r.nick_group) THEN {g("nickname")}
        WHEN list_contains(r.alias_given, l.given_first)
             OR list_contains(l.alias_given, r.given_first) THEN {g("other_name")}
        WHEN jaro_winkler_similarity(l.given, r.given) >= {JW_HIGH} THEN {g("jw_high")}
        WHEN jaro_winkler_similarity(l.given, r.given) >= {JW_MID} THEN {g("jw_mid")}
        WHEN (length(l.given_first) = 1 OR length(r.given_first) = 1)
             AND l.given[1] = r.given[1] THEN {g("initial")}
        ELSE {g("different")} END"""


def _sql_family() -> str:
    f = FAMILY.index
    return f"""CASE
        WHEN l.family = '' OR r.family = '' THEN {FAMILY.missing}
        WHEN l.family = r.family THEN {f("exact")}
        WHEN {_SQL_SWAPPED} THEN {f("swapped")}
        WHEN jaro_winkler_similarity(l.family, r.family) >= {JW_HIGH} THEN {f("jw_high")}
        WHEN list_contains(r.alias_family, l.family) OR list_contains(l.alias_family, r.family)
             OR ((len(l.family_tokens) > 1 OR len(r.family_tokens) > 1)
                 AND list_has_any(l.family_tokens, r.family_tokens)) THEN {f("previous")}
        WHEN jaro_winkler_similarity(l.family, r.family) >= {JW_MID} THEN {f("jw_mid")}
        ELSE {f("different")} END"""


def _sql_dob() -> str:
    d = DOB.index
    return f"""CASE
        WHEN l.dob IS NULL OR r.dob IS NULL THEN {DOB.missing}
        WHEN l.dob = r.dob THEN {d("exact")}
        WHEN year(l.dob) = year(r.dob) AND day(l.dob) = month(r.dob)
             AND month(l.dob) = day(r.dob) THEN {d("swapped")}
        WHEN damerau_levenshtein(strftime(l.dob, '%Y%m%d'), strftime(r.dob, '%Y%m%d')) <= 1
             THEN {d("typo")}
        WHEN abs(date_diff('day', l.dob, r.dob)) <= 365 THEN {d("within_year")}
        ELSE {d("different")} END"""


def _sql_same(column: str, field: Field) -> str:
    return f"""CASE
        WHEN l.{column} = '' OR r.{column} = '' THEN {field.missing}
        WHEN l.{column} = r.{column} THEN {field.index("same")}
        ELSE {field.index("different")} END"""


def _sql_address() -> str:
    a = ADDRESS.index
    line_close = f"""(l.address <> '' AND r.address <> '' AND (l.address = r.address
             OR jaro_winkler_similarity(l.address, r.address) >= {ADDRESS_JW}))"""
    return f"""CASE
        WHEN (l.postcode = '' OR r.postcode = '') AND (l.address = '' OR r.address = '')
             THEN {ADDRESS.missing}
        WHEN l.postcode <> '' AND l.postcode = r.postcode AND {line_close}
             THEN {a("same_address")}
        WHEN l.postcode <> '' AND l.postcode = r.postcode THEN {a("same_postcode")}
        WHEN {line_close} THEN {a("similar_line")}
        WHEN l.sector <> '' AND l.sector = r.sector THEN {a("same_sector")}
        ELSE {a("different")} END"""


def sql_levels() -> list[str]:
    """One SQL expression per field in :data:`FIELDS` giving its level index."""
    return [
        _sql_given(),
        _sql_family(),
        _sql_dob(),
        _sql_same("sex", SEX),
        _sql_address(),
        _sql_same("nhs", NHS),
    ]


# --------------------------------------------------------------------------
# Hard rules: pairs that can never be the same person.
# --------------------------------------------------------------------------

_TWIN_FAMILY = tuple(FAMILY.index(level) for level in ("exact", "jw_high", "previous", "jw_mid"))
_TWIN_DOB = tuple(DOB.index(level) for level in ("exact", "swapped", "typo"))
#: Address levels that mean "living together": a shared family name is then expected.
SHARED_ADDRESS = (
    ADDRESS.index("same_address"),
    ADDRESS.index("same_postcode"),
    ADDRESS.index("similar_line"),
)
_TWIN_ADDRESS = SHARED_ADDRESS


def hard_rule(levels: tuple[int, ...]) -> str | None:
    """Why the pair can never be the same person, or ``None``.

    Different valid NHS numbers; or twins: the same date of birth (or one a day–month swap or
    a typing error away) and a similar family name, living at the same postcode or address,
    with given names that are not alike in any way (not similar, not a nickname, not an
    initial, not a middle or other name). The same NHS number overrides the twins rule.
    """
    given, family, dob, _sex, address, nhs = levels
    if nhs == NHS.index("different"):
        return DIFFERENT_NHS
    if (
        nhs != NHS.index("same")
        and dob in _TWIN_DOB
        and given == GIVEN.index("different")
        and family in _TWIN_FAMILY
        and address in _TWIN_ADDRESS
    ):
        return TWINS
    return None


#: Given-name levels that fall short of naming the same person outright: a nickname, a middle
#: or other name, a similar spelling or an initial. Household members share these by chance
#: or by family custom (a daughter named after her mother).
_MERELY_SIMILAR_GIVEN = tuple(
    GIVEN.index(level) for level in ("nickname", "other_name", "jw_high", "jw_mid", "initial")
)


def household_without_birth_date(levels: tuple[int, ...]) -> bool:
    """At a shared address with a shared family name, no birth date to compare on one side,
    and given names only similar: nothing tells this person apart from another member of
    the household (a mother Eileen without a birth date and her daughter Eleanor).

    The model then holds the pair at even odds (``MatchModel``), so it is shown at intake
    but never linked or proposed as a duplicate on these fields alone.
    """
    given, family, dob, _sex, address, nhs = levels
    return (
        nhs != NHS.index("same")
        and dob == DOB.missing
        and given in _MERELY_SIMILAR_GIVEN
        and family in _TWIN_FAMILY
        and address in SHARED_ADDRESS
    )


def sql_household_without_birth_date(levels: list[str]) -> str:
    """:func:`household_without_birth_date` in SQL, over level columns."""
    given, family, dob, _sex, address, nhs = levels
    return f"""({nhs} <> {NHS.index("same")} AND {dob} = {DOB.missing}
        AND {given} IN {_MERELY_SIMILAR_GIVEN} AND {family} IN {_TWIN_FAMILY}
        AND {address} IN {SHARED_ADDRESS})"""


_ELSEWHERE = (
    ADDRESS.index("same_sector"),
    ADDRESS.index("different"),
    ADDRESS.index("missing"),
)


def name_alone_without_birth_date(levels: tuple[int, ...]) -> bool:
    """No birth date to compare on one side, no shared NHS number and not the same address:
    only the names agree, and a name is not a person (two Sharon Smiths a street apart).

    The model holds the pair at even odds, like :func:`household_without_birth_date`.
    """
    _given, _family, dob, _sex, address, nhs = levels
    return nhs != NHS.index("same") and dob == DOB.missing and address in _ELSEWHERE


def sql_name_alone_without_birth_date(levels: list[str]) -> str:
    """:func:`name_alone_without_birth_date` in SQL, over level columns."""
    _given, _family, dob, _sex, address, nhs = levels
    return f"""({nhs} <> {NHS.index("same")} AND {dob} = {DOB.missing}
        AND {address} IN {_ELSEWHERE})"""


def sql_hard_rule(levels: list[str], *, twins: bool = True) -> str:
    """SQL giving 1 for a different-NHS pair, 2 for twins, 0 otherwise, over level columns.

    ``twins=False`` leaves out the twins rule, for data known to hold no twins (benchmarks).
    """
    given, family, dob, _sex, address, nhs = levels
    if not twins:
        return f"CASE WHEN {nhs} = {NHS.index('different')} THEN 1 ELSE 0 END"
    return f"""CASE
        WHEN {nhs} = {NHS.index("different")} THEN 1
        WHEN {nhs} <> {NHS.index("same")} AND {dob} IN {_TWIN_DOB}
             AND {given} = {GIVEN.index("different")}
             AND {family} IN {_TWIN_FAMILY}
             AND {address} IN {_TWIN_ADDRESS}
             THEN 2
        ELSE 0 END"""


# --------------------------------------------------------------------------
# Plain English for practitioners
# --------------------------------------------------------------------------

_LABELS: dict[str, dict[str, str]] = {
    "given_name": {
        "exact": "the same",
        "swapped": "given and family names recorded the wrong way round ({a} / {b})",
        "nickname": "known nickname ({a} / {b})",
        "other_name": "matches a middle or other name ({a} / {b})",
        "jw_high": "very similar spelling ({a} / {b})",
        "jw_mid": "similar spelling ({a} / {b})",
        "initial": "only an initial recorded, and it matches ({a} / {b})",
        "different": "different ({a} / {b})",
    },
    "family_name": {
        "exact": "the same",
        "swapped": "given and family names recorded the wrong way round ({a} / {b})",
        "jw_high": "very similar spelling ({a} / {b})",
        "previous": "matches a previous or double-barrelled name ({a} / {b})",
        "jw_mid": "similar spelling ({a} / {b})",
        "different": "different ({a} / {b})",
    },
    "date_of_birth": {
        "exact": "the same",
        "swapped": "day and month swapped ({a} / {b})",
        "typo": "one digit different, perhaps a typing error ({a} / {b})",
        "within_year": "different, but less than a year apart ({a} / {b})",
        "different": "different ({a} / {b})",
    },
    "sex": {"same": "the same", "different": "different"},
    "address": {
        "same_address": "the same (postcode {a})",
        "same_postcode": "same postcode ({a}), different or unrecorded address line",
        "similar_line": "same or similar address line, postcode different or not recorded",
        "same_sector": "same neighbourhood (postcode sector), different address ({a} / {b})",
        "different": "different",
    },
    "nhs_number": {"same": "the same", "different": "different"},
}


def _shown(field: Field, record: Prepared) -> str:
    value: str | date | None = {
        "given_name": record.given,
        "family_name": record.family,
        "date_of_birth": record.dob,
        "address": record.postcode,
    }.get(field.name, "")
    if isinstance(value, date):
        return f"{value.day} {value:%B %Y}"
    if field.name in ("given_name", "family_name"):
        return str(value).title()
    return str(value or "")


def describe(field: Field, level: int, a: Prepared, b: Prepared) -> str:
    """``"Given name: known nickname (Bill / William)"`` and the like."""
    code = field.levels[level]
    if code == "missing":
        return f"{field.title}: not recorded on both, so not compared"
    text = _LABELS[field.name][code].format(a=_shown(field, a), b=_shown(field, b))
    return f"{field.title}: {text}"
