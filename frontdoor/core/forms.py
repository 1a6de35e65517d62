"""GOV.UK Design System rendering for Django forms.

Django renders each field through `field_template_name`; ours picks the GOV.UK component
(text-like inputs, password, textarea, select) from the widget and adds the error message
and hint in the pattern the design system prescribes. Radios, checkboxes and date inputs
come with the first forms that need them.
"""

from django.forms.renderers import TemplatesSetting


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "govuk/forms/form.html"
    field_template_name = "govuk/forms/field.html"
