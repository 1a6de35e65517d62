"""GOV.UK Design System rendering for Django forms.

Django renders each field through `field_template_name`; ours picks the GOV.UK component
(input, password, textarea, select, radios, checkboxes) from the widget and adds the error
message and hint in the pattern the design system prescribes.
"""

from django.forms.renderers import TemplatesSetting


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "govuk/forms/form.html"
    field_template_name = "govuk/forms/field.html"
