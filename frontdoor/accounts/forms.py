"""Sign-in and MFA enrolment forms. Errors are in the GOV.UK style: say what to do."""

from django import forms
from django.conf import settings

SIGN_IN_FAILED = (
    "Enter a correct email address, password and security code. "
    "After 5 wrong attempts your account will be locked for a while."
)


def code_input() -> forms.TextInput:
    """A one-time code box: numeric keyboard, filled in by the phone's autofill."""
    return forms.TextInput(
        attrs={
            "autocomplete": "one-time-code",
            "inputmode": "numeric",
            "class": "govuk-input--width-5",
        }
    )


def password_field() -> forms.CharField:
    return forms.CharField(
        label="Password",
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
    )


class WithoutCodeUnlessMfa(forms.Form):
    """Drops the `code` field when MFA is off (demo mode only)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if not settings.MFA_REQUIRED:
            del self.fields["code"]


class SignInForm(WithoutCodeUnlessMfa):
    email = forms.CharField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "username", "spellcheck": "false"}),
        error_messages={"required": "Enter your email address"},
    )
    password = password_field()
    code = forms.CharField(
        label="Security code",
        help_text=(
            "The 6-digit code from your authenticator app. "
            "Leave it empty the first time you sign in."
        ),
        max_length=10,
        required=False,
        widget=code_input(),
    )


class MfaEnrolmentForm(forms.Form):
    code = forms.CharField(
        label="Security code",
        help_text="Enter the 6-digit code your authenticator app shows for Front Door.",
        max_length=10,
        widget=code_input(),
        error_messages={"required": "Enter the security code from your authenticator app"},
    )


def step_up_failed_message() -> str:
    what = "password and security code" if settings.MFA_REQUIRED else "password"
    return (
        f"Enter your correct {what}. After {settings.AXES_FAILURE_LIMIT} wrong attempts your "
        "account will be locked for a while and you will be signed out."
    )


class StepUpForm(WithoutCodeUnlessMfa):
    """Confirm it is you: the signed-in user's password, and a code while MFA is required."""

    password = password_field()
    code = forms.CharField(
        label="Security code",
        help_text="The 6-digit code your authenticator app shows now.",
        max_length=10,
        widget=code_input(),
        error_messages={"required": "Enter the security code from your authenticator app"},
    )
