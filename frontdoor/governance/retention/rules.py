"""Retention rules: the record types, which outcomes each covers, and how many years each is
kept (`settings.RETENTION_YEARS`). Pure: no queries."""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.conf import settings
from django.db import models

from frontdoor.contacts.models import ContactStatus
from frontdoor.core.calendar import LONDON
from frontdoor.meetings.models import DiscussionDecision
from frontdoor.screening.models import Outcome


class RetentionAction:
    HOLD_PLACED = "retention.hold_placed"
    HOLD_LIFTED = "retention.hold_lifted"
    HOLDS_VIEWED = "retention.holds_viewed"
    REPORT_VIEWED = "retention.report_viewed"
    RECORD_PURGED = "retention.record_purged"
    PURGED = "retention.purged"


class RecordType(models.TextChoices):
    NO_FURTHER_ACTION = "contact_no_further_action", "Contacts closed with no referral"
    REFERRED = "contact_referred", "Contacts referred for help, assessment or enquiry"


# Every outcome belongs to one record type (a test holds this). Transfer counts as referred:
# the hub's part in a case another authority takes on is kept as long as theirs.
OUTCOMES = {
    RecordType.NO_FURTHER_ACTION: (
        Outcome.NO_FURTHER_ACTION,
        Outcome.INFORMATION_AND_ADVICE,
        Outcome.SIGNPOST,
        Outcome.POLICE_ONLY,
    ),
    RecordType.REFERRED: (
        Outcome.EARLY_HELP,
        Outcome.CHILD_AND_FAMILY_ASSESSMENT,
        Outcome.STRATEGY_DISCUSSION,
        Outcome.ADULT_SAFEGUARDING,
        Outcome.TRANSFER,
    ),
}
# A strategy discussion that decided on a section 47 enquiry makes the contact referred,
# whatever outcome was recorded.
S47_DECISIONS = (DiscussionDecision.SINGLE_AGENCY_S47, DiscussionDecision.JOINT_S47)
SETTLED = (ContactStatus.DECIDED, ContactStatus.HANDED_OVER, ContactStatus.CLOSED)
PERSON_RULE = "person_no_longer_named"


@dataclass(frozen=True)
class RetentionRule:
    record_type: RecordType
    years: int

    @property
    def label(self) -> str:
        return str(self.record_type.label)

    @property
    def outcome_labels(self) -> list[str]:
        return [str(outcome.label) for outcome in OUTCOMES[self.record_type]]


def retention_rules() -> list[RetentionRule]:
    """The rules in force, with the years configured now."""
    return [RetentionRule(kind, int(settings.RETENTION_YEARS[kind.value])) for kind in RecordType]


def years_before(day: date, years: int) -> date:
    """The same day `years` earlier; 29 February becomes the 28th."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def cutoff(as_of: date, years: int) -> datetime:
    """Contacts settled before this moment have been kept their whole period on `as_of`: the
    anniversary day itself is the last day kept."""
    return datetime.combine(years_before(as_of, years), time.min, tzinfo=LONDON)
