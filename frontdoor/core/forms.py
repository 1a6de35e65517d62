"""GOV.UK Design System rendering for Django forms.

Django renders each field through `field_template_name`; ours picks the GOV.UK component from
the widget: text-like inputs, password, textarea, select, radios (`RadioSelect`), checkboxes
(`CheckboxSelectMultiple`), a single checkbox (`CheckboxInput`) and the date input
(`GovukDateField`). Each gets its hint and error message in the design system's pattern, and
the error summary links to the first input of the field.
"""

from collections.abc import Mapping
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.renderers import TemplatesSetting


def show_errors(form: forms.Form, errors: Mapping[str, list[str]]) -> None:
    """Show errors a service found on the fields they name, or above the form if it has no
    such field. Works on bound and unbound forms alike."""
    for name, messages in errors.items():
        key = name if name in form.fields else NON_FIELD_ERRORS
        css = "nonfield" if key == NON_FIELD_ERRORS else None
        empty = form.error_class(error_class=css, renderer=form.renderer)
        form.errors.setdefault(key, empty).extend(messages)


def textarea_field(label: str, help_text: str = "", rows: int = 5) -> forms.CharField:
    """A free-text answer. Optional at the form: the service says what is missing, so every
    channel gives the same message; kept unstripped for the service to judge."""
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "govuk/forms/form.html"
    field_template_name = "govuk/forms/field.html"


class GovukDateWidget(forms.MultiWidget):
    """Day, month and year boxes (GOV.UK date input); the value is a (d, m, y) tuple."""

    template_name = "govuk/forms/date_widget.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        numeric = {"inputmode": "numeric"}
        widgets: dict[str, forms.Widget | type[forms.Widget]] = {
            "day": forms.TextInput(attrs=numeric),
            "month": forms.TextInput(attrs=numeric),
            "year": forms.TextInput(attrs=numeric),
        }
        super().__init__(widgets, attrs)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class GovukDateField(forms.MultiValueField):
    """A date from three boxes, with GOV.UK error messages that say what to fix."""

    widget = GovukDateWidget

    def __init__(self, *, label_noun: str = "date", **kwargs: Any) -> None:
        self.label_noun = label_noun
        fields = tuple(forms.CharField(required=False) for _ in range(3))
        kwargs.setdefault("require_all_fields", False)
        kwargs.setdefault(
            "error_messages",
            {"required": f"Enter the {label_noun}", "incomplete": f"Enter the {label_noun}"},
        )
        super().__init__(fields, **kwargs)

    def compress(self, data_list: list[str]) -> date | None:
        if not data_list or not any(part.strip() for part in data_list if part):
            return None
        day, month, year = ((part or "").strip() for part in data_list)
        missing = [
            name for name, part in (("day", day), ("month", month), ("year", year)) if not part
        ]
        if missing:
            raise ValidationError(f"The {self.label_noun} must include a {' and '.join(missing)}")
        if not (day.isdigit() and month.isdigit() and year.isdigit()) or len(year) != 4:
            raise ValidationError(f"The {self.label_noun} must be a real date, like 27 3 2007")
        try:
            return date(int(year), int(month), int(day))
        except ValueError as exc:
            raise ValidationError(f"The {self.label_noun} must be a real date") from exc
