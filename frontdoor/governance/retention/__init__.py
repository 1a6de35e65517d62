"""Retention: how long the hub keeps a contact once it is settled, which contacts are due for
deletion, legal holds that stop it, and the purge that deletes them, leaving metadata only.

Each council sets its own retention schedule (its records management policy, usually built
on the LGA/IRMS retention guidelines); Front Door ships defaults and reads the years from
`settings.RETENTION_YEARS`, which the environment overrides. The defaults:

- `contact_no_further_action`: a contact decided as no further action, information and
  advice, signposting or police only is kept 6 years after it was settled.
- `contact_referred`: a contact that led to early help, an assessment, a section 47 or
  section 42 enquiry, or a transfer is part of a child's (or adult's) social care history.
  Children's records are usually kept to the 25th birthday or longer; 25 years after
  settling is never earlier than that, whatever the child's age.

A contact is settled when it is decided, handed over or closed; the retention clock starts
at the last of those steps. Open contacts are never due. A contact with a settled status but
no approved outcome cannot be classified and is kept (and counted, so someone looks).
"""

from .holds import (
    active_holds_for,
    governed_contacts,
    governed_people,
    holds_visible_to,
    latest_purged_for,
    lift_legal_hold,
    may_govern,
    place_legal_hold,
)
from .planning import (
    DueContact,
    RetentionPlan,
    RuleReport,
    held_person_ids,
    merge_family,
    plan_retention,
)
from .purge import PurgeResult, purge_expired_records
from .rules import (
    OUTCOMES,
    PERSON_RULE,
    RecordType,
    RetentionAction,
    RetentionRule,
    cutoff,
    retention_rules,
    years_before,
)
from .snapshots import repair_merge_snapshots

__all__ = [
    "OUTCOMES",
    "PERSON_RULE",
    "DueContact",
    "PurgeResult",
    "RecordType",
    "RetentionAction",
    "RetentionPlan",
    "RetentionRule",
    "RuleReport",
    "active_holds_for",
    "cutoff",
    "governed_contacts",
    "governed_people",
    "held_person_ids",
    "holds_visible_to",
    "latest_purged_for",
    "lift_legal_hold",
    "may_govern",
    "merge_family",
    "place_legal_hold",
    "plan_retention",
    "purge_expired_records",
    "repair_merge_snapshots",
    "retention_rules",
    "years_before",
]
