"""What a report covers: which authorities, which days, which cohort, which referring agency.

A `ReportScope` is built once, from the signed-in user (`scope_for`) or from a scheduler's
command line (`scope_for_authorities`), and every report and export takes one. Reports never
look at the user again: the scope already holds only the authorities the user may see.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied, ValidationError

from frontdoor.agencies.roles import Role
from frontdoor.agencies.selectors import authority_codes_for
from frontdoor.core.actors import Actor
from frontdoor.core.calendar import LONDON

# Roles that read reports. Analysts see counts and pseudonymised lists; managers also see
# contact references in lists. Child-level returns need `Membership.may_export_child_level`.
REPORTING_ROLES = frozenset({Role.MANAGER, Role.ANALYST})

# Five years and a day: the longest period a page or command accepts.
LONGEST_PERIOD = timedelta(days=5 * 366 + 1)


@dataclass(frozen=True)
class ReportScope:
    authority_codes: tuple[str, ...]
    start: date  # first day, inclusive
    end: date  # last day, inclusive
    cohort: str = ""  # a contacts.Cohort value, or "" for every cohort
    source_group: str = ""  # a reference.ReferralSource.group, or "" for every referrer

    @property
    def start_at(self) -> datetime:
        """Midnight at the start of the first day, in the hub's time zone."""
        return datetime.combine(self.start, time.min, tzinfo=LONDON)

    @property
    def end_before(self) -> datetime:
        """Midnight after the last day: periods are half-open [start_at, end_before)."""
        return datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=LONDON)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def weeks(self) -> float:
        """Calendar weeks in the period (days ÷ 7): the divisor of every "average per week"."""
        return self.days / 7


def authorities_reportable_by(actor: Actor) -> list[str]:
    """The authorities whose figures the actor may see: their own, for reporting roles."""
    if actor.role not in REPORTING_ROLES:
        return []
    return sorted(authority_codes_for(actor))


def validate_period(start: date, end: date) -> None:
    errors = {}
    if end < start:
        errors["end"] = "The end date must be the same as or after the start date"
    elif end - start > LONGEST_PERIOD:
        errors["end"] = "The period must be 5 years or shorter"
    if errors:
        raise ValidationError(errors)


def scope_for(
    actor: Actor,
    *,
    authority_codes: list[str] | None,
    start: date,
    end: date,
    cohort: str = "",
    source_group: str = "",
) -> ReportScope:
    """The scope a user asked for, refused (PermissionDenied) if it names an authority they
    may not see. `authority_codes=None` means every authority they may see."""
    allowed = authorities_reportable_by(actor)
    if not allowed:
        raise PermissionDenied("Reports are for MASH managers and performance analysts")
    wanted = allowed if authority_codes is None else sorted(set(authority_codes))
    if not wanted or any(code not in allowed for code in wanted):
        raise PermissionDenied("You may not see reports for that local authority")
    validate_period(start, end)
    return ReportScope(tuple(wanted), start, end, cohort, source_group)


def scope_for_authorities(
    authority_codes: list[str], *, start: date, end: date, cohort: str = ""
) -> ReportScope:
    """A scheduler's scope (management commands run as the system, for named authorities)."""
    validate_period(start, end)
    return ReportScope(tuple(sorted(set(authority_codes))), start, end, cohort)
