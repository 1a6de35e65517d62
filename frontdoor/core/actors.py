"""Who is doing something: the user and the role, agency and address they act with.

Every service takes `by: Actor` and every audit event copies it, so the audit trail says not
only who acted but in which capacity, even after the person's memberships change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


@dataclass(frozen=True)
class Actor:
    user: AbstractBaseUser | None
    label: str
    role: str = ""
    agency_code: str = ""
    local_authority_code: str = ""
    ip_address: str | None = None
    membership_id: int | None = None

    @classmethod
    def system(cls, process: str) -> Actor:
        """A management command or scheduled job acting on its own account."""
        return cls(user=None, label=f"system:{process}", role="system")

    @classmethod
    def anonymous(cls, ip_address: str | None) -> Actor:
        """Someone not logged in: a referrer, or a login attempt for no known account."""
        return cls(user=None, label="anonymous", ip_address=ip_address)

    @property
    def is_authenticated(self) -> bool:
        return self.user is not None
