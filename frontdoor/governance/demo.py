"""Information governance in the demo hub: something for the IG officer persona to review.

A Stoke-on-Trent MASH practitioner has opened three Staffordshire contacts with break-glass,
each for a stated (synthetic) reason, and read one of them twice under its grant. Staffordshire's
IG officer has reviewed one grant as justified; two wait for review. The same officer has put
one Staffordshire contact under a legal hold. Everything goes through the real services, after
the backdated history, so the audit trail is chained as in live use. Contacts are chosen from
the seed, so the same seed and weeks give the same choice.
"""

import random
from dataclasses import dataclass

from django.db import transaction

from frontdoor.agencies.demo import STAFFORDSHIRE
from frontdoor.contacts.breakglass import open_with_break_glass, review_break_glass
from frontdoor.contacts.models import OPEN_STATUSES, BreakGlassAccess, BreakGlassOutcome, Contact
from frontdoor.contacts.selectors import get_contact_for_viewing
from frontdoor.core.actors import Actor

from .models import LegalHold
from .retention.holds import place_legal_hold

# Why a practitioner of the other authority needed each contact (no names: synthetic reasons
# read like real ones, and a demo shows what a reviewer sees).
BREAK_GLASS_REASONS = (
    "A new referral to Stoke-on-Trent names the same child. The family moved from "
    "Staffordshire last month and I need the earlier concerns to rate the risk today.",
    "Police called about this child tonight and said Staffordshire MASH screened a contact "
    "last week. I need to see what was decided before the home visit.",
    "A strategy discussion is due within the hour for a Stoke-on-Trent child. The mother's "
    "new partner is named in this contact as an alleged perpetrator.",
)
REVIEW_NOTE = (
    "Checked with the Stoke-on-Trent MASH manager: the family moved across the boundary and "
    "the earlier contact was needed to screen the new referral."
)
LEGAL_HOLD_REASON = (
    "Legal services ask us to keep this contact: care proceedings have started in the Family "
    "Court. Keep it until the proceedings and any appeal have ended."
)
READS_UNDER_A_GRANT = 2


@dataclass(frozen=True)
class GovernanceDemo:
    grants: int
    reviewed: int
    holds: int

    def line(self) -> str:
        return (
            f"Information governance: {self.grants} break-glass accesses "
            f"({self.reviewed} reviewed, {self.grants - self.reviewed} to review); "
            f"legal holds: {self.holds}"
        )


def _chosen_contacts(seed: int) -> tuple[list[Contact], Contact] | None:
    """Open contacts to break glass on (someone needs a live case), and any other contact to
    hold; None when the hub has too few Staffordshire contacts."""
    rng = random.Random(f"{seed}-governance")
    contacts = Contact.objects.filter(local_authority__code=STAFFORDSHIRE).order_by("pk")
    open_ids = list(contacts.filter(status__in=OPEN_STATUSES).values_list("pk", flat=True))
    if len(open_ids) < len(BREAK_GLASS_REASONS):
        return None
    opened_ids = rng.sample(open_ids, len(BREAK_GLASS_REASONS))
    other_ids = list(contacts.exclude(pk__in=opened_ids).values_list("pk", flat=True))
    if not other_ids:
        return None
    held_id = rng.choice(other_ids)
    found = contacts.select_related("local_authority").in_bulk([*opened_ids, held_id])
    return [found[pk] for pk in opened_ids], found[held_id]


def build_governance_demo(*, seed: int, breaking: Actor, governing: Actor) -> GovernanceDemo:
    """Break-glass grants by `breaking` (a MASH member of Stoke-on-Trent) on Staffordshire
    contacts, one reviewed by `governing` (Staffordshire's IG officer), and one legal hold
    placed by `governing`. Adds nothing if `breaking` already has a grant or the hub has
    too few Staffordshire contacts."""
    if breaking.user is None or BreakGlassAccess.objects.filter(user_id=breaking.user.pk).exists():
        return GovernanceDemo(grants=0, reviewed=0, holds=0)
    chosen = _chosen_contacts(seed)
    if chosen is None:
        return GovernanceDemo(grants=0, reviewed=0, holds=0)
    opened, held = chosen
    with transaction.atomic():
        grants = [
            open_with_break_glass(contact=contact, reason=reason, by=breaking)
            for contact, reason in zip(opened, BREAK_GLASS_REASONS, strict=True)
        ]
        review_break_glass(
            grant=grants[0], outcome=BreakGlassOutcome.JUSTIFIED, note=REVIEW_NOTE, by=governing
        )
        for _ in range(READS_UNDER_A_GRANT):
            get_contact_for_viewing(breaking, grants[1].contact_id)
        place_legal_hold(contact_reference=held.reference, reason=LEGAL_HOLD_REASON, by=governing)
    return GovernanceDemo(
        grants=len(grants),
        reviewed=1,
        holds=LegalHold.objects.filter(contact=held).count(),
    )
