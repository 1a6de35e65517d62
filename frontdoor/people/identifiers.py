"""Validation and normalisation of the identifiers the hub records about people.

Pure Python: no Django, no ORM, no I/O. The algorithms are those in the shared domain standards
(``standards.md``), section 6:

* 6.1 NHS number: 10 digits, Modulus 11 check digit.
* 6.2 Unique Pupil Number (UPN): 13 characters, modulo 23 check letter; permanent
  (``Annnnnnnnnnnn``) and temporary (``AnnnnnnnnnnnA``) forms.
* 6.3 UK postcode: BS7666 format, normalised to upper case with one space before the
  inward code.
* 6.4 Police National Computer ID (PNC ID): ``YYYY/NNNNNNNA``, modulo 23 check letter.
* 6.5 LA child ID (CIN census ``LAchildID``): at most 20 characters, letters and digits only.

Each ``normalise_*`` function returns the canonical string, which is what the database stores
(so exact matches are exact), or raises :class:`InvalidIdentifier`. The exception's message is
a GOV.UK-style sentence telling the user what to do, so a form can show it as the field's
error message unchanged.

A check digit or letter only proves the identifier is well formed. It does not prove it was
issued, or that it belongs to this person; and a postcode that matches the format may not exist.

Only ASCII digits and letters count: ``"٣"`` (Arabic-Indic three) is not a digit here, although
``str.isdigit`` says it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

__all__ = [
    "InvalidIdentifier",
    "format_nhs_number",
    "is_valid_la_child_id",
    "is_valid_nhs_number",
    "is_valid_pnc_id",
    "is_valid_postcode",
    "is_valid_upn",
    "nhs_check_digit",
    "normalise_la_child_id",
    "normalise_nhs_number",
    "normalise_pnc_id",
    "normalise_postcode",
    "normalise_upn",
    "pnc_check_letter",
    "upn_check_letter",
]


class InvalidIdentifier(ValueError):
    """An identifier is missing, badly formed, or fails its check digit or letter.

    ``str(error)`` (and ``error.message``) is a sentence to show the user, for example
    "The NHS number is not valid. Check it and enter it again".
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# Whitespace (including non-breaking spaces pasted from documents) and hyphens or dashes.
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2013]+")
_WHITESPACE = re.compile(r"\s+")


def _is_ascii_digits(text: str, length: int | None = None) -> bool:
    return (length is None or len(text) == length) and text.isascii() and text.isdigit()


# --------------------------------------------------------------------------
# 6.1 NHS number
# --------------------------------------------------------------------------

NHS_NUMBER_EXAMPLE = "943 476 5919"
_NHS_WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)

_NHS_MISSING = "Enter an NHS number"
_NHS_FORMAT = f"Enter a 10-digit NHS number, like {NHS_NUMBER_EXAMPLE}"
_NHS_INVALID = "The NHS number is not valid. Check it and enter it again"


def nhs_check_digit(first_nine: str) -> int | None:
    """The Modulus 11 check digit for the first nine digits of an NHS number.

    Returns ``None`` when 11 − remainder is 10: no NHS number starting with these nine
    digits is ever issued. Raises :class:`InvalidIdentifier` unless ``first_nine`` is nine
    ASCII digits.

    >>> nhs_check_digit("943476591")
    9
    """
    if not _is_ascii_digits(first_nine, 9):
        raise InvalidIdentifier("Enter the first 9 digits of the NHS number")
    total = sum(int(digit) * weight for digit, weight in zip(first_nine, _NHS_WEIGHTS, strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def normalise_nhs_number(raw: str) -> str:
    """Return the NHS number as 10 digits with no spaces, or raise :class:`InvalidIdentifier`.

    Spaces and hyphens anywhere are ignored, so ``"943 476 5919"``, ``"943-476-5919"`` and
    ``"9434765919"`` are all ``"9434765919"``.
    """
    digits = _SEPARATORS.sub("", raw)
    if not digits:
        raise InvalidIdentifier(_NHS_MISSING)
    if not _is_ascii_digits(digits, 10):
        raise InvalidIdentifier(_NHS_FORMAT)
    if nhs_check_digit(digits[:9]) != int(digits[9]):
        raise InvalidIdentifier(_NHS_INVALID)
    return digits


def format_nhs_number(digits: str) -> str:
    """Display an NHS number in the 3-3-4 format: ``"9434765919"`` becomes ``"943 476 5919"``.

    Accepts any 10 digits, with or without separators. It does not test the check digit, so
    that a record holding an invalid number can still be shown (and corrected); raises
    :class:`InvalidIdentifier` only when the input is not 10 digits.
    """
    compact = _SEPARATORS.sub("", digits)
    if not _is_ascii_digits(compact, 10):
        raise InvalidIdentifier(_NHS_FORMAT)
    return f"{compact[:3]} {compact[3:6]} {compact[6:]}"


# --------------------------------------------------------------------------
# 6.2 Unique Pupil Number (UPN)
# --------------------------------------------------------------------------

UPN_EXAMPLE = "B801200005001"
# Value 0–22 to letter: all 23 letters, including Y (21) and Z (22). I, O and S are never used.
_UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
_UPN_LETTER_VALUES = {letter: value for value, letter in enumerate(_UPN_LETTERS)}
_UPN_BODY = re.compile(r"[0-9]{11}[0-9A-Z]", re.ASCII)
_UPN_SHAPE = re.compile(r"[A-Z][0-9]{11}[0-9A-Z]", re.ASCII)

_UPN_MISSING = "Enter a unique pupil number (UPN)"
_UPN_FORMAT = (
    f"Enter a UPN in the correct format: 13 characters, a letter then 12 digits, like {UPN_EXAMPLE}"
)
_UPN_INVALID = "The UPN is not valid. Check it and enter it again"


def upn_check_letter(body: str) -> str:
    """The modulo 23 check letter for characters 2–13 of a UPN.

    ``body`` is 11 digits followed by a digit (permanent UPN) or a letter (temporary UPN).
    Character *n* of the full UPN is weighted by *n*, so ``body[0]`` has weight 2 and
    ``body[11]`` weight 13; a final letter counts as its value in the letter table. Raises
    :class:`InvalidIdentifier` if the body is malformed or ends in I, O or S.

    >>> upn_check_letter("801200005001")
    'B'
    """
    body = body.upper()
    if not _UPN_BODY.fullmatch(body):
        raise InvalidIdentifier(_UPN_FORMAT)
    digits, last = body[:11], body[11]
    if last.isdigit():
        last_value = int(last)
    elif last in _UPN_LETTER_VALUES:
        last_value = _UPN_LETTER_VALUES[last]
    else:  # I, O or S: never the final letter of a temporary UPN.
        raise InvalidIdentifier(_UPN_INVALID)
    total = sum(int(digit) * weight for weight, digit in enumerate(digits, start=2))
    total += last_value * 13
    return _UPN_LETTERS[total % 23]


def normalise_upn(raw: str) -> str:
    """Return the UPN upper-cased with spaces removed, or raise :class:`InvalidIdentifier`.

    Accepts permanent UPNs (``B801200005001``) and temporary ones ending in a letter. The
    first character must be the correct check letter; I, O and S are never valid as the
    check letter or the final letter. "UPN unknown" codes (UN1–UN7) are not UPNs and are
    rejected: record them separately.

    It does not check that characters 2–4 are a real local authority number (DfE rule 1530).
    """
    upn = _WHITESPACE.sub("", raw).upper()
    if not upn:
        raise InvalidIdentifier(_UPN_MISSING)
    if not _UPN_SHAPE.fullmatch(upn):
        raise InvalidIdentifier(_UPN_FORMAT)
    if upn_check_letter(upn[1:]) != upn[0]:
        raise InvalidIdentifier(_UPN_INVALID)
    return upn


# --------------------------------------------------------------------------
# 6.3 UK postcode
# --------------------------------------------------------------------------

POSTCODE_EXAMPLE = "EC1A 1BB"
# The plain-regex equivalent of the BS7666 PostCodeType pattern, verbatim from the standard.
# Outward code: AN, ANN, AAN, AANN, ANA or AANA; inward code: digit then two letters.
# No Q, V or X first; no I, J or Z second; third letter (ANA) from ABCDEFGHJKSTUW; fourth
# letter (AANA) from ABEHMNPRVWXY; never C, I, K, M, O or V in the inward code. GIR 0AA is
# the one exception.
_POSTCODE = re.compile(
    r"^(GIR 0AA|[A-PR-UWYZ]([0-9]{1,2}|([A-HK-Y][0-9]([0-9ABEHMNPRV-Y])?)|[0-9][A-HJKS-UW])"
    r" [0-9][ABD-HJLNP-UW-Z]{2})$",
    re.ASCII,
)

_POSTCODE_MISSING = "Enter a postcode"
_POSTCODE_FORMAT = f"Enter a full UK postcode, like {POSTCODE_EXAMPLE}"


def normalise_postcode(raw: str) -> str:
    """Return the postcode upper-cased with a single space before the inward code.

    ``"ec1a1bb"`` and ``" EC1A  1BB "`` both become ``"EC1A 1BB"``. Raises
    :class:`InvalidIdentifier` unless the result matches the BS7666 format (``GIR 0AA``
    included). A format match does not prove the postcode exists; BFPO and overseas
    territory codes (``BFPO 1234``, ``ASCN 1ZZ``) are rejected.
    """
    compact = _WHITESPACE.sub("", raw).upper()
    if not compact:
        raise InvalidIdentifier(_POSTCODE_MISSING)
    postcode = f"{compact[:-3]} {compact[-3:]}"
    if not _POSTCODE.fullmatch(postcode):
        raise InvalidIdentifier(_POSTCODE_FORMAT)
    return postcode


# --------------------------------------------------------------------------
# 6.4 Police National Computer ID (PNC ID)
# --------------------------------------------------------------------------

PNC_ID_EXAMPLE = "99/123456X"
# Remainder 0–22 to letter: 0 = Z, 1 = A, …, 22 = Y, skipping I, O and S.
_PNC_LETTERS = "ZABCDEFGHJKLMNPQRTUVWXY"
# The MoJ parsing regex is ^[0-9]{0,2}([0-9]{2})/([0-9]{1,7})([A-Z])$; here the year must be
# the 2-digit short form or the 4-digit full form (a 3-digit year is ambiguous).
_PNC_SHAPE = re.compile(r"([0-9]{2})?([0-9]{2})/([0-9]{1,7})([A-Z])", re.ASCII)

_PNC_MISSING = "Enter a PNC ID"
_PNC_FORMAT = f"Enter a PNC ID in the correct format, like {PNC_ID_EXAMPLE} or 1999/0123456X"
_PNC_INVALID = "The PNC ID is not valid. Check it and enter it again"
_PNC_FUTURE = "The year in the PNC ID must be this year or in the past"


def pnc_check_letter(two_digit_year: int, serial: int) -> str:
    """The modulo 23 check letter for a PNC ID.

    The number is the two-digit year followed by the serial padded to 7 digits
    (YYNNNNNNN); only the last two digits of the year count.

    >>> pnc_check_letter(99, 123456)
    'X'
    """
    if not 0 <= two_digit_year <= 99 or not 0 <= serial <= 9_999_999:
        raise InvalidIdentifier(_PNC_FORMAT)
    return _PNC_LETTERS[(two_digit_year * 10_000_000 + serial) % 23]


def normalise_pnc_id(raw: str, *, current_year: int | None = None) -> str:
    """Return the PNC ID in its full form ``YYYY/NNNNNNNA``, or raise :class:`InvalidIdentifier`.

    Accepts the full form (``1999/0123456X``) and the short display form (``99/123456X``),
    in any case and with spaces ignored; the serial may have its leading zeros suppressed in
    either form.

    Century of a two-digit year: the short form drops the century, so this function puts the
    year in the 100 years ending with the current year. A two-digit year greater than the
    current two-digit year is 19YY; otherwise it is 20YY. In 2025, ``25/…`` is 2025 and
    ``26/…`` is 1926. For the same reason a full-form year must be from 1900 to the current
    year. ``current_year`` defaults to today's year; pass it to make results reproducible.
    """
    pnc_id = _WHITESPACE.sub("", raw).upper()
    if not pnc_id:
        raise InvalidIdentifier(_PNC_MISSING)
    match = _PNC_SHAPE.fullmatch(pnc_id)
    if match is None:
        raise InvalidIdentifier(_PNC_FORMAT)
    century, yy, serial_text, letter = match.groups()
    two_digit_year, serial = int(yy), int(serial_text)
    if current_year is None:
        current_year = date.today().year
    if century is None:
        this_century, this_yy = divmod(current_year, 100)
        year = (this_century - 1 if two_digit_year > this_yy else this_century) * 100
        year += two_digit_year
    else:
        year = int(century + yy)
        if year < 1900:
            raise InvalidIdentifier(_PNC_FORMAT)
        if year > current_year:
            raise InvalidIdentifier(_PNC_FUTURE)
    if pnc_check_letter(two_digit_year, serial) != letter:
        raise InvalidIdentifier(_PNC_INVALID)
    return f"{year:04d}/{serial:07d}{letter}"


# --------------------------------------------------------------------------
# 6.5 LA child ID (CIN census LAchildID)
# --------------------------------------------------------------------------

LA_CHILD_ID_MAX_LENGTH = 20
_LA_CHILD_ID = re.compile(r"[A-Za-z0-9]+", re.ASCII)

_LA_CHILD_ID_MISSING = "Enter an LA child ID"
_LA_CHILD_ID_CHARACTERS = "The LA child ID must only include letters a to z and numbers 0 to 9"
_LA_CHILD_ID_LENGTH = f"The LA child ID must be {LA_CHILD_ID_MAX_LENGTH} characters or fewer"


def normalise_la_child_id(raw: str) -> str:
    """Return the LA child ID with whitespace removed, or raise :class:`InvalidIdentifier`.

    The CIN census allows at most 20 characters (DfE rule 1570), letters and digits only
    (rule 1580). Spaces anywhere are dropped (``"AB 12345"`` is ``"AB12345"``), since an ID
    with a space could never be returned in the census. Case is kept: the ID is the local
    authority's own, and only its system knows whether ``ab1`` and ``AB1`` are one child.
    Hyphens and other punctuation are refused rather than dropped, so two IDs that differ
    only in punctuation are never silently made one.
    """
    child_id = _WHITESPACE.sub("", raw)
    if not child_id:
        raise InvalidIdentifier(_LA_CHILD_ID_MISSING)
    if not _LA_CHILD_ID.fullmatch(child_id):
        raise InvalidIdentifier(_LA_CHILD_ID_CHARACTERS)
    if len(child_id) > LA_CHILD_ID_MAX_LENGTH:
        raise InvalidIdentifier(_LA_CHILD_ID_LENGTH)
    return child_id


# --------------------------------------------------------------------------
# Convenience predicates
# --------------------------------------------------------------------------


def _is_valid(normalise: Callable[[str], str], raw: str) -> bool:
    try:
        normalise(raw)
    except InvalidIdentifier:
        return False
    return True


def is_valid_nhs_number(raw: str) -> bool:
    """Whether :func:`normalise_nhs_number` accepts ``raw``."""
    return _is_valid(normalise_nhs_number, raw)


def is_valid_upn(raw: str) -> bool:
    """Whether :func:`normalise_upn` accepts ``raw``."""
    return _is_valid(normalise_upn, raw)


def is_valid_postcode(raw: str) -> bool:
    """Whether :func:`normalise_postcode` accepts ``raw``."""
    return _is_valid(normalise_postcode, raw)


def is_valid_pnc_id(raw: str) -> bool:
    """Whether :func:`normalise_pnc_id` accepts ``raw`` (with today's year)."""
    return _is_valid(normalise_pnc_id, raw)


def is_valid_la_child_id(raw: str) -> bool:
    """Whether :func:`normalise_la_child_id` accepts ``raw``."""
    return _is_valid(normalise_la_child_id, raw)
