"""The duplicates batch job: pairs of current records that are likely one person.

The pairs come from the batch linker's engine (`people.matching.batch.likely_pairs`: DuckDB,
the same blocking keys, comparison levels and weights as `link_records`), so a nightly run
over a million records takes a minute rather than scoring millions of pairs in Python. Each
pair at or above the threshold that no hard rule forbids (different valid NHS numbers, likely
twins) is proposed for review with its explanation, unless it was proposed before (a "not the
same person" decision stands; a second run proposes nothing new) or the two were named side
by side in one contact (a referrer who names two people means two people).
"""

from collections import defaultdict

from django.db import transaction

from frontdoor.audit.services import record
from frontdoor.contacts.models import ContactSubject
from frontdoor.core.actors import Actor
from frontdoor.people.lookup import current_records
from frontdoor.people.matching.batch import likely_pairs
from frontdoor.people.matching.model import PairScore, load_model
from frontdoor.people.matching.records import PersonRecord
from frontdoor.people.models import DuplicateProposal

DEFAULT_THRESHOLD = 0.9
ID_BATCH = 5000  # ids per IN (…) list, well under SQLite's limit on query parameters


def explanation(score: PairScore) -> list[dict[str, object]]:
    """Why, field by field, as stored on the proposal and shown to the reviewer."""
    return [{"field": f.field, "label": f.label, "weight": f.weight} for f in score.fields]


def _named_together(pairs: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """The pairs among these whose two people one contact names side by side."""
    ids = sorted({pk for pair in pairs for pk in pair})
    contacts: dict[int, set[int]] = defaultdict(set)
    for start in range(0, len(ids), ID_BATCH):
        rows = ContactSubject.objects.filter(person_id__in=ids[start : start + ID_BATCH])
        for contact_id, person_id in rows.values_list("contact_id", "person_id"):
            contacts[contact_id].add(person_id)
    together: set[tuple[int, int]] = set()
    for people in contacts.values():
        ordered = sorted(people)
        together.update(
            (a, b) for n, a in enumerate(ordered) for b in ordered[n + 1 :] if (a, b) in pairs
        )
    return together


def candidate_pairs(
    records: list[PersonRecord], *, threshold: float = DEFAULT_THRESHOLD
) -> list[tuple[int, int]]:
    """(lower id, higher id) of likely pairs not proposed before and not named together."""
    pairs: set[tuple[int, int]] = set()
    model = load_model().for_population(len(records))
    for a, b, _weight in likely_pairs(records, model=model, threshold=threshold):
        first, second = sorted((int(a), int(b)))
        pairs.add((first, second))
    decided = set(DuplicateProposal.objects.values_list("first_id", "second_id"))
    return sorted(pairs - decided - _named_together(pairs))


@transaction.atomic
def propose_duplicates(*, by: Actor, threshold: float = DEFAULT_THRESHOLD) -> int:
    """Propose every likely duplicate pair not proposed before; return how many."""
    records = current_records()
    by_id = {int(r.record_id): r for r in records}
    model = load_model().for_population(len(records))
    new = []
    for first, second in candidate_pairs(records, threshold=threshold):
        score = model.score(by_id[first], by_id[second])
        if score.blocked_by is None and score.probability >= threshold:
            new.append(
                DuplicateProposal(
                    first_id=first,
                    second_id=second,
                    match_weight=score.match_weight,
                    probability=score.probability,
                    explanation=explanation(score),
                )
            )
    # A second run at the same moment may have proposed some: those are skipped.
    before = DuplicateProposal.objects.count()
    DuplicateProposal.objects.bulk_create(new, ignore_conflicts=True, batch_size=1000)
    proposed = DuplicateProposal.objects.count() - before
    record("duplicates.proposed", by=by, details={"proposed": proposed, "threshold": threshold})
    return proposed
