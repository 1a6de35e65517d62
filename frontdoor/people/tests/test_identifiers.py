"""Tests for identifier validation (pure Python: no database, no Django).

The worked examples come from the domain standards, section 6 (standards.md).
"""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from frontdoor.people.identifiers import (
    InvalidIdentifier,
    format_nhs_number,
    is_valid_la_child_id,
    is_valid_nhs_number,
    is_valid_pnc_id,
    is_valid_postcode,
    is_valid_upn,
    nhs_check_digit,
    normalise_la_child_id,
    normalise_nhs_number,
    normalise_pnc_id,
    normalise_postcode,
    normalise_upn,
    pnc_check_letter,
    upn_check_letter,
)

FAST = settings(max_examples=200, deadline=None)

UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
ASCII_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

digit_strings = st.text(alphabet="0123456789", min_size=9, max_size=9)


def assert_error_sentence(message: str) -> None:
    """A GOV.UK error message: a non-empty sentence, capitalised, with no full stop at the end."""
    assert message.strip() == message
    assert len(message.split()) >= 3
    assert message[0].isupper()
    assert not message.endswith(".")
    assert "{" not in message


def error_for(normalise, raw: str) -> str:
    with pytest.raises(InvalidIdentifier) as excinfo:
        normalise(raw)
    return str(excinfo.value)


# --------------------------------------------------------------------------
# NHS number (6.1)
# --------------------------------------------------------------------------


class TestNhsNumber:
    def test_worked_example(self):
        # 9×10 + 4×9 + 3×8 + 4×7 + 7×6 + 6×5 + 5×4 + 9×3 + 1×2 = 299; 299 mod 11 = 2; 11 − 2 = 9.
        assert nhs_check_digit("943476591") == 9
        assert normalise_nhs_number("943 476 5919") == "9434765919"

    @pytest.mark.parametrize(
        "raw",
        ["9434765919", " 943 476 5919 ", "943-476-5919", "943 476-5919", "943\u00a0476\u00a05919"],
    )
    def test_separators_are_ignored(self, raw):
        assert normalise_nhs_number(raw) == "9434765919"
        assert is_valid_nhs_number(raw)

    def test_remainder_zero_gives_check_digit_zero(self):
        assert nhs_check_digit("000000000") == 0
        assert normalise_nhs_number("0000000000") == "0000000000"

    def test_check_digit_ten_is_never_issued(self):
        # 6 × 2 = 12; 12 mod 11 = 1; 11 − 1 = 10.
        assert nhs_check_digit("000000006") is None
        for last in "0123456789":
            assert not is_valid_nhs_number(f"000000006{last}")

    def test_wrong_check_digit(self):
        assert error_for(normalise_nhs_number, "943 476 5918") == (
            "The NHS number is not valid. Check it and enter it again"
        )

    @pytest.mark.parametrize(
        "raw", ["943 476 591", "943 476 59190", "943 476 591X", "NHS9434765919", "٩٤٣٤٧٦٥٩١٩"]
    )
    def test_wrong_format(self, raw):
        assert error_for(normalise_nhs_number, raw) == (
            "Enter a 10-digit NHS number, like 943 476 5919"
        )

    @pytest.mark.parametrize("raw", ["", "   ", "-"])
    def test_missing(self, raw):
        assert error_for(normalise_nhs_number, raw) == "Enter an NHS number"

    @pytest.mark.parametrize("first_nine", ["94347659", "9434765910", "94347659X", ""])
    def test_check_digit_needs_nine_digits(self, first_nine):
        with pytest.raises(InvalidIdentifier):
            nhs_check_digit(first_nine)

    def test_format(self):
        assert format_nhs_number("9434765919") == "943 476 5919"
        assert format_nhs_number("943-476-5919") == "943 476 5919"
        # Display does not judge the check digit, so a bad stored number can still be shown.
        assert format_nhs_number("9434765918") == "943 476 5918"
        with pytest.raises(InvalidIdentifier):
            format_nhs_number("943476591")

    @FAST
    @given(digit_strings)
    def test_computed_check_digit_validates(self, first_nine):
        check = nhs_check_digit(first_nine)
        assume(check is not None)
        number = f"{first_nine}{check}"
        assert normalise_nhs_number(number) == number
        assert normalise_nhs_number(format_nhs_number(number)) == number

    @FAST
    @given(digit_strings, st.integers(0, 9), st.integers(1, 9))
    def test_any_single_digit_error_is_detected(self, first_nine, position, change):
        check = nhs_check_digit(first_nine)
        assume(check is not None)
        number = f"{first_nine}{check}"
        wrong = str((int(number[position]) + change) % 10)
        mistyped = number[:position] + wrong + number[position + 1 :]
        assert not is_valid_nhs_number(mistyped)

    @FAST
    @given(st.text(max_size=15))
    def test_errors_are_sentences_and_results_canonical(self, raw):
        try:
            number = normalise_nhs_number(raw)
        except InvalidIdentifier as error:
            assert_error_sentence(str(error))
        else:
            assert len(number) == 10
            assert number.isascii()
            assert number.isdigit()


# --------------------------------------------------------------------------
# Unique Pupil Number (6.2)
# --------------------------------------------------------------------------

upn_bodies = st.builds(
    lambda digits, last: digits + last,
    st.text(alphabet="0123456789", min_size=11, max_size=11),
    st.sampled_from("0123456789" + UPN_LETTERS),
)


class TestUpn:
    @pytest.mark.parametrize(
        "upn",
        [
            "B801200005001",  # sum 93; 93 mod 23 = 1 = B (python-stdnum)
            "A950000178301",  # CIN validator test value
            "H243278544154",  # CIN validator test value
            "P207000016049",  # sum 266; 266 mod 23 = 13 = P
        ],
    )
    def test_verified_values(self, upn):
        assert upn_check_letter(upn[1:]) == upn[0]
        assert normalise_upn(upn) == upn

    def test_published_worked_example_with_wrong_letter_is_invalid(self):
        # The Arbor / Pupil Asset pages give Q; another tempting answer is B. Both are wrong.
        assert upn_check_letter("207000016049") == "P"
        assert not is_valid_upn("Q207000016049")
        assert error_for(normalise_upn, "B207000016049") == (
            "The UPN is not valid. Check it and enter it again"
        )

    def test_lower_case_and_spaces_are_normalised(self):
        assert normalise_upn(" b801 2000 05001 ") == "B801200005001"

    def test_temporary_upn(self):
        # A letter in position 13 counts as its table value, here Z = 22:
        # 16 + 4 + 10 + 50 + 22 × 13 = 366; 366 mod 23 = 21 = Y.
        body = "80120000500Z"
        assert upn_check_letter(body) == "Y"
        assert normalise_upn("Y" + body) == "Y" + body
        assert normalise_upn("y 8012 0000 500z") == "Y80120000500Z"
        assert not is_valid_upn("Y801200005001")

    def test_table_includes_y_and_z(self):
        # The CIN validator's table stops at X (20); remainders 21 and 22 are Y and Z.
        assert upn_check_letter("910000000000") == "Y"  # 9 × 2 + 1 × 3 = 21
        assert upn_check_letter("200000020000") == "Z"  # 2 × 2 + 2 × 9 = 22
        assert normalise_upn("Z200000020000") == "Z200000020000"

    @pytest.mark.parametrize("final", ["I", "O", "S"])
    def test_i_o_s_are_never_the_final_letter(self, final):
        with pytest.raises(InvalidIdentifier):
            upn_check_letter("80120000500" + final)
        for check in ASCII_UPPER:
            assert not is_valid_upn(f"{check}80120000500{final}")

    @pytest.mark.parametrize("check", ["I", "O", "S"])
    def test_i_o_s_are_never_the_check_letter(self, check):
        assert not is_valid_upn(check + "801200005001")

    @pytest.mark.parametrize(
        "raw",
        [
            "801200005001",  # no check letter
            "B80120000500",  # 12 characters
            "B8012000050012",  # 14 characters
            "B80120000A001",  # letter before position 13
            "B8012000050AB",  # two letters at the end
            "UN1",  # a UPN-unknown code, not a UPN
            "B٨٠١٢٠٠٠٠٥٠٠١",  # non-ASCII digits
        ],
    )
    def test_wrong_format(self, raw):
        assert error_for(normalise_upn, raw).startswith("Enter a UPN in the correct format")

    def test_missing(self):
        assert error_for(normalise_upn, "  ") == "Enter a unique pupil number (UPN)"

    @FAST
    @given(upn_bodies)
    def test_computed_check_letter_validates(self, body):
        letter = upn_check_letter(body)
        assert letter in UPN_LETTERS
        assert normalise_upn(letter + body) == letter + body
        assert normalise_upn((letter + body).lower()) == letter + body

    @FAST
    @given(upn_bodies, st.sampled_from(ASCII_UPPER))
    def test_a_different_check_letter_fails(self, body, other):
        assume(other != upn_check_letter(body))
        assert not is_valid_upn(other + body)

    @FAST
    @given(upn_bodies, st.integers(0, 10), st.integers(1, 9))
    def test_any_single_digit_error_is_detected(self, body, position, change):
        # Weights 2–12 are all non-zero mod 23, which is prime, so every single-digit
        # change in positions 2–12 moves the remainder.
        upn = upn_check_letter(body) + body
        wrong = str((int(upn[position + 1]) + change) % 10)
        mistyped = upn[: position + 1] + wrong + upn[position + 2 :]
        assert not is_valid_upn(mistyped)

    @FAST
    @given(st.text(max_size=16))
    def test_errors_are_sentences_and_results_canonical(self, raw):
        try:
            upn = normalise_upn(raw)
        except InvalidIdentifier as error:
            assert_error_sentence(str(error))
        else:
            assert len(upn) == 13
            assert normalise_upn(upn) == upn


# --------------------------------------------------------------------------
# UK postcode (6.3)
# --------------------------------------------------------------------------


class TestPostcode:
    @pytest.mark.parametrize(
        ("raw", "expected"),
        [
            ("M1 1AA", "M1 1AA"),  # AN
            ("M60 1NW", "M60 1NW"),  # ANN
            ("CR2 6XH", "CR2 6XH"),  # AAN
            ("DN55 1PT", "DN55 1PT"),  # AANN
            ("W1A 1HQ", "W1A 1HQ"),  # ANA
            ("EC1A 1BB", "EC1A 1BB"),  # AANA
            ("GIR 0AA", "GIR 0AA"),  # special case
            ("m11aa", "M1 1AA"),
            ("m60 1nw", "M60 1NW"),
            ("cr26xh", "CR2 6XH"),
            ("  dn55   1pt ", "DN55 1PT"),
            ("w1a1hq", "W1A 1HQ"),
            ("ec1a1bb", "EC1A 1BB"),
            ("gir0aa", "GIR 0AA"),
            ("EC1A\u00a01BB", "EC1A 1BB"),
        ],
    )
    def test_valid(self, raw, expected):
        assert normalise_postcode(raw) == expected
        assert is_valid_postcode(raw)

    @pytest.mark.parametrize(
        "raw",
        [
            "Q1 1AA",  # Q never first
            "V1 1AA",  # V never first
            "X1 1AA",  # X never first
            "AI1 1AA",  # I never second
            "AJ1 1AA",  # J never second
            "AZ1 1AA",  # Z never second
            "W1L 1HQ",  # L not allowed third (ANA)
            "EC1C 1BB",  # C not allowed fourth (AANA)
            "AA1 1CA",  # C never in the inward code
            "M1 1AI",  # I never in the inward code
            "M1 1KA",  # K never in the inward code
            "M1 1MA",  # M never in the inward code
            "M1 1OA",  # O never in the inward code
            "M1 1VA",  # V never in the inward code
            "M1 AAA",  # inward code starts with a digit
            "M1 11A",  # inward code ends with two letters
            "M123 1AA",  # too many digits
            "ABC1 1AA",  # three letters
            "M1",  # outward code only
            "1AA",  # inward code only
            "GIR 0AB",  # only GIR 0AA is special
            "BFPO 1234",  # BFPO is not a postcode format
            "ASCN 1ZZ",  # overseas territory
            "M1-1AA",  # hyphen is not a separator
            "Ｍ1 1AA",  # fullwidth letter
        ],
    )
    def test_invalid(self, raw):
        assert error_for(normalise_postcode, raw) == "Enter a full UK postcode, like EC1A 1BB"
        assert not is_valid_postcode(raw)

    def test_missing(self):
        assert error_for(normalise_postcode, " ") == "Enter a postcode"

    @FAST
    @given(st.text(alphabet="ABCDEFGHJKMNPRSTUWYZabcdefgh0123456789 ", max_size=10))
    def test_normalising_is_idempotent(self, raw):
        try:
            postcode = normalise_postcode(raw)
        except InvalidIdentifier as error:
            assert_error_sentence(str(error))
        else:
            assert normalise_postcode(postcode) == postcode
            assert normalise_postcode(postcode.replace(" ", "").lower()) == postcode
            assert postcode == postcode.upper()
            assert postcode.count(" ") == 1
            assert postcode[-4] == " "
            assert len(postcode) <= 8  # fits Person.postcode

    @FAST
    @given(st.text(max_size=12))
    def test_errors_are_sentences(self, raw):
        try:
            normalise_postcode(raw)
        except InvalidIdentifier as error:
            assert_error_sentence(str(error))


# --------------------------------------------------------------------------
# PNC ID (6.4)
# --------------------------------------------------------------------------

THIS_YEAR = 2025


class TestPncId:
    @pytest.mark.parametrize(
        ("raw", "expected"),
        [
            ("99/123456X", "1999/0123456X"),
            ("1999/0123456X", "1999/0123456X"),
            ("1999/1234567B", "1999/1234567B"),
            ("20/9N", "2020/0000009N"),
        ],
    )
    def test_verified_values(self, raw, expected):
        assert normalise_pnc_id(raw, current_year=THIS_YEAR) == expected

    def test_verified_values_are_valid_today(self):
        for raw in ["99/123456X", "1999/0123456X", "1999/1234567B", "20/9N"]:
            assert is_valid_pnc_id(raw)

    def test_lower_case_and_spaces_are_normalised(self):
        assert normalise_pnc_id(" 99 / 123456x ", current_year=THIS_YEAR) == "1999/0123456X"

    def test_full_form_serial_may_drop_leading_zeros(self):
        assert normalise_pnc_id("1999/123456X", current_year=THIS_YEAR) == "1999/0123456X"

    def test_check_letter(self):
        assert pnc_check_letter(99, 123456) == "X"
        assert pnc_check_letter(99, 1234567) == "B"
        assert pnc_check_letter(20, 9) == "N"
        # 0 = Z: 23 × 10 = 230 = YY 00, serial 230.
        assert pnc_check_letter(0, 230) == "Z"
        with pytest.raises(InvalidIdentifier):
            pnc_check_letter(100, 1)
        with pytest.raises(InvalidIdentifier):
            pnc_check_letter(20, 10_000_000)

    @pytest.mark.parametrize(
        ("raw", "current_year", "expected"),
        [
            ("25/1F", 2025, "2025/0000001F"),  # this year's two digits: this century
            ("00/1A", 2025, "2000/0000001A"),
            ("26/1W", 2025, "1926/0000001W"),  # later than this year's two digits: last century
            ("26/1W", 2026, "2026/0000001W"),
            ("99/123456X", 2099, "2099/0123456X"),
            ("99/123456X", 2100, "2099/0123456X"),  # the window slides with the clock
        ],
    )
    def test_century_of_a_two_digit_year(self, raw, current_year, expected):
        assert pnc_check_letter(int(raw[:2]), int(raw[3:-1])) == raw[-1]
        assert normalise_pnc_id(raw, current_year=current_year) == expected

    def test_full_form_year_cannot_be_in_the_future(self):
        assert normalise_pnc_id("2025/0000001F", current_year=2025) == "2025/0000001F"
        assert error_for(lambda raw: normalise_pnc_id(raw, current_year=2024), "2025/0000001F") == (
            "The year in the PNC ID must be this year or in the past"
        )

    def test_full_form_year_before_1900_is_rejected(self):
        with pytest.raises(InvalidIdentifier):
            normalise_pnc_id("1899/0123456X", current_year=THIS_YEAR)

    def test_wrong_check_letter(self):
        assert error_for(
            lambda raw: normalise_pnc_id(raw, current_year=THIS_YEAR), "99/123456Y"
        ) == ("The PNC ID is not valid. Check it and enter it again")

    @pytest.mark.parametrize(
        "raw",
        [
            "99123456X",  # no slash
            "9/123456X",  # one-digit year
            "999/123456X",  # three-digit year
            "99/12345678X",  # eight-digit serial
            "99//123456X",
            "99/X",  # no serial
            "99/123456",  # no check letter
            "99/123456XX",
            "٩٩/123456X",  # non-ASCII digits
        ],
    )
    def test_wrong_format(self, raw):
        assert error_for(lambda r: normalise_pnc_id(r, current_year=THIS_YEAR), raw) == (
            "Enter a PNC ID in the correct format, like 99/123456X or 1999/0123456X"
        )

    def test_missing(self):
        assert error_for(normalise_pnc_id, "") == "Enter a PNC ID"

    @FAST
    @given(st.integers(0, 99), st.integers(0, 9_999_999), st.sampled_from(ASCII_UPPER))
    def test_computed_check_letter_validates_and_others_fail(self, yy, serial, other):
        letter = pnc_check_letter(yy, serial)
        short = f"{yy:02d}/{serial}{letter}"
        full = normalise_pnc_id(short, current_year=THIS_YEAR)
        assert full[2:] == f"{yy:02d}/{serial:07d}{letter}"
        assert normalise_pnc_id(full, current_year=THIS_YEAR) == full
        assume(other != letter)
        assert not is_valid_pnc_id(f"{yy:02d}/{serial}{other}")

    @FAST
    @given(st.text(alphabet="0123456789/ABXYZabIOS ", max_size=14))
    def test_errors_are_sentences(self, raw):
        try:
            pnc_id = normalise_pnc_id(raw, current_year=THIS_YEAR)
        except InvalidIdentifier as error:
            assert_error_sentence(str(error))
        else:
            assert len(pnc_id) == 13
            assert int(pnc_id[:4]) <= THIS_YEAR

    @FAST
    @given(
        st.integers(0, 99),
        st.integers(0, 9_999_999),
        st.sampled_from([2, 3, 5, 6, 7, 8, 9, 10, 11]),
        st.integers(1, 9),
    )
    def test_any_single_digit_error_is_detected(self, yy, serial, position, change):
        # The check covers YYNNNNNNN; 23 is prime and divides no d × 10^k, so changing one
        # digit of the two-digit year or of the serial always moves the remainder.
        full = normalise_pnc_id(
            f"{yy:02d}/{serial}{pnc_check_letter(yy, serial)}", current_year=2099
        )
        wrong = str((int(full[position]) + change) % 10)
        mistyped = full[:position] + wrong + full[position + 1 :]
        with pytest.raises(InvalidIdentifier):
            normalise_pnc_id(mistyped, current_year=2099)

    @pytest.mark.parametrize("raw", ["99/123456I", "99/123456O", "99/123456S"])
    def test_i_o_s_are_never_the_check_letter(self, raw):
        assert not is_valid_pnc_id(raw)


# --------------------------------------------------------------------------
# LA child ID (6.5)
# --------------------------------------------------------------------------

ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
la_child_ids = st.text(alphabet=ALPHANUMERIC, min_size=1, max_size=20)


class TestLaChildId:
    @pytest.mark.parametrize(
        ("raw", "expected"),
        [
            ("LA123456", "LA123456"),
            ("0000123", "0000123"),  # leading zeros are part of the ID
            ("abc123", "abc123"),  # case is the authority's: kept as given
            (" AB 1234 5678 ", "AB12345678"),
            ("AB\u00a012345", "AB12345"),
            ("A" * 20, "A" * 20),  # the longest the census allows (rule 1570)
        ],
    )
    def test_valid(self, raw, expected):
        assert normalise_la_child_id(raw) == expected
        assert is_valid_la_child_id(raw)

    @pytest.mark.parametrize(
        "raw",
        [
            "AB-12345",  # hyphen
            "AB_12345",  # underscore
            "AB/12345",
            "12345.",
            "Zoë123",  # a letter outside a to z
            "١٢٣٤٥",  # Arabic-Indic digits
            "ＡＢ123",  # fullwidth letters
        ],
    )
    def test_letters_and_digits_only(self, raw):
        # CIN census rule 1580.
        assert error_for(normalise_la_child_id, raw) == (
            "The LA child ID must only include letters a to z and numbers 0 to 9"
        )
        assert not is_valid_la_child_id(raw)

    def test_at_most_20_characters(self):
        # CIN census rule 1570; spaces do not count, since they are removed.
        assert error_for(normalise_la_child_id, "A" * 21) == (
            "The LA child ID must be 20 characters or fewer"
        )
        assert normalise_la_child_id("A" * 10 + " " + "B" * 10) == "A" * 10 + "B" * 10

    @pytest.mark.parametrize("raw", ["", "   ", "\t\n"])
    def test_missing(self, raw):
        assert error_for(normalise_la_child_id, raw) == "Enter an LA child ID"

    @FAST
    @given(la_child_ids)
    def test_letters_and_digits_up_to_20_are_kept_exactly(self, child_id):
        assert normalise_la_child_id(child_id) == child_id
        spaced = " ".join(child_id)
        assert normalise_la_child_id(f" {spaced} ") == child_id

    @FAST
    @given(st.text(alphabet=ALPHANUMERIC, min_size=21, max_size=40))
    def test_longer_than_20_is_refused(self, child_id):
        assert not is_valid_la_child_id(child_id)

    @FAST
    @given(st.text(max_size=25))
    def test_errors_are_sentences_and_results_canonical(self, raw):
        try:
            child_id = normalise_la_child_id(raw)
        except InvalidIdentifier as error:
            assert_error_sentence(str(error))
        else:
            assert 1 <= len(child_id) <= 20
            assert child_id.isascii()
            assert child_id.isalnum()
            assert normalise_la_child_id(child_id) == child_id
            assert child_id == "".join(raw.split())
