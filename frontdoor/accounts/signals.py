"""Receivers for events raised inside libraries we do not call directly (axes' lockout)."""

from typing import Any

from axes.signals import user_locked_out
from django.dispatch import receiver
from django.http import HttpRequest

from .services import record_lockout


@receiver(user_locked_out)
def audit_lockout(
    sender: Any, request: HttpRequest, username: str | None = None, **kwargs: Any
) -> None:
    record_lockout(request, email=username)
