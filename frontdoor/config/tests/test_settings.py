"""Settings are read from the environment, with safe defaults and loud errors."""

import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from frontdoor.config.settings import env_bool, env_int


def test_yes_and_no_words_are_understood(monkeypatch):
    monkeypatch.setenv("FD_FLAG", "yes")
    assert env_bool("FD_FLAG", False) is True
    monkeypatch.setenv("FD_FLAG", "off")
    assert env_bool("FD_FLAG", True) is False
    monkeypatch.delenv("FD_FLAG")
    assert env_bool("FD_FLAG", True) is True


def test_a_misspelt_flag_is_an_error_not_a_guess(monkeypatch):
    monkeypatch.setenv("FD_FLAG", "treu")
    with pytest.raises(ImproperlyConfigured, match="FD_FLAG must be true or false"):
        env_bool("FD_FLAG", False)


def test_a_number_must_be_a_number(monkeypatch):
    monkeypatch.setenv("FD_NUMBER", "five")
    with pytest.raises(ImproperlyConfigured, match="whole number"):
        env_int("FD_NUMBER", 5)


def _load_settings(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    code = (
        "import frontdoor.config.settings as s; "
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.MFA_REQUIRED)"
    )
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_is_the_default_and_needs_a_secret_key():
    assert "Set FRONTDOOR_SECRET_KEY" in _load_settings({}).stderr
    result = _load_settings({"FRONTDOOR_SECRET_KEY": "x" * 60})
    assert result.stdout.split() == ["False", "True", "True"]


def test_only_the_demo_may_turn_mfa_off():
    refused = _load_settings({"FRONTDOOR_SECRET_KEY": "x" * 60, "FRONTDOOR_MFA_REQUIRED": "false"})
    assert "only be false in demo mode" in refused.stderr
    demo = _load_settings(
        {
            "FRONTDOOR_SECRET_KEY": "x" * 60,
            "FRONTDOOR_MFA_REQUIRED": "false",
            "FRONTDOOR_DEMO": "true",
        }
    )
    assert demo.stdout.split() == ["False", "False", "False"]
