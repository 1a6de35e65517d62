"""The GOV.UK form renderer: each widget becomes its design-system component."""

from datetime import date

import pytest
from django import forms

from frontdoor.core.forms import GovukDateField


class ExampleForm(forms.Form):
    name = forms.CharField(label="Name", help_text="As on their passport")
    colour = forms.ChoiceField(
        label="Colour", choices=[("r", "Red"), ("g", "Green")], widget=forms.RadioSelect
    )
    extras = forms.MultipleChoiceField(
        label="Extras",
        choices=[("a", "A"), ("b", "B")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    agree = forms.BooleanField(label="I agree", required=False)
    born = GovukDateField(label="Date of birth", label_noun="date of birth")


def test_radios_checkboxes_and_date_inputs_render_as_govuk_components():
    html = str(ExampleForm())
    assert 'class="govuk-radios"' in html
    assert 'id="id_colour_0"' in html
    assert 'class="govuk-checkboxes"' in html
    assert 'class="govuk-date-input"' in html
    for part in ("day", "month", "year"):
        assert f'name="born_{part}"' in html
    assert 'aria-describedby="id_name-hint"' in html


def test_a_valid_date_is_read_from_three_boxes():
    form = ExampleForm(
        {"name": "A", "colour": "r", "born_day": "4", "born_month": "5", "born_year": "2018"}
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["born"] == date(2018, 5, 4)


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("", "", "", "Enter the date of birth"),
        ("4", "", "2018", "The date of birth must include a month"),
        ("31", "2", "2018", "The date of birth must be a real date"),
        ("4", "5", "18", "The date of birth must be a real date, like 27 3 2007"),
        ("x", "5", "2018", "The date of birth must be a real date, like 27 3 2007"),
    ],
)
def test_a_bad_date_says_what_to_fix(day, month, year, message):
    form = ExampleForm(
        {"name": "A", "colour": "r", "born_day": day, "born_month": month, "born_year": year}
    )
    assert not form.is_valid()
    assert form.errors["born"] == [message]
    assert "govuk-form-group--error" in str(form)
