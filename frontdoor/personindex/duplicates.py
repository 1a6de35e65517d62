"""The duplicates batch job: pairs of current records that are likely one person.

Candidates are the pairs sharing a blocking key (`PersonSearchKey`, one self-join in SQL);
each is scored by the matching model and proposed for review when its probability reaches
the threshold and no hard rule (different valid NHS numbers, likely twins) rules it out.
A pair with a proposal of any status is never proposed again, so a "not the same person"
decision stands, and running the job twice proposes nothing new.
"""

from django.db import connection, transaction
from django.db.models import Prefetch

from frontdoor.audit.services import record
from frontdoor.contacts.models import ContactSubject
from frontdoor.core.actors import Actor
from frontdoor.people.lookup import person_record
from frontdoor.people.matching.comparisons import compare, hard_rule
from frontdoor.people.matching.model import PairScore, load_model, probability_from_weight
from frontdoor.people.matching.standardise import prepare
from frontdoor.people.matching.records import PersonRecord
from frontdoor.people.models import DuplicateProposal, Person, PersonName, PersonSearchKey

DEFAULT_THRESHOLD = 0.9
# A key shared by more records than this says little (a common name at a large block of
# flats); comparing every pair in it would be slow and would find nothing the other keys miss.
LARGEST_BLOCK = 1000
CHUNK = 500


def explanation(score: PairScore) -> list[dict[str, object]]:
    """Why, field by field, as stored on the proposal and shown to the reviewer."""
    return [{"field": f.field, "label": f.label, "weight": f.weight} for f in score.fields]


def candidate_pairs() -> list[tuple[int, int]]:
    """(lower id, higher id) for current records sharing a key, never proposed before, and
    never named side by side in one contact: a referrer who names two people means two
    people (a mother and the daughter named after her, say)."""
    keys = PersonSearchKey._meta.db_table
    people = Person._meta.db_table
    proposals = DuplicateProposal._meta.db_table
    subjects = ContactSubject._meta.db_table
    sql = f"""
        SELECT DISTINCT a.person_id, b.person_id
        FROM {keys} a
        JOIN {keys} b ON b.key = a.key AND a.person_id < b.person_id
        JOIN {people} pa ON pa.id = a.person_id
        JOIN {people} pb ON pb.id = b.person_id
        WHERE pa.merged_into_id IS NULL AND pb.merged_into_id IS NULL
          AND a.key IN (SELECT key FROM {keys} GROUP BY key HAVING COUNT(*) <= %s)
          AND NOT EXISTS (
            SELECT 1 FROM {proposals} d
            WHERE d.first_id = a.person_id AND d.second_id = b.person_id
          )
          AND NOT EXISTS (
            SELECT 1 FROM {subjects} sa
            JOIN {subjects} sb ON sb.contact_id = sa.contact_id
            WHERE sa.person_id = a.person_id AND sb.person_id = b.person_id
          )
        ORDER BY a.person_id, b.person_id
    """  # noqa: S608  (table names from the models; the one value is a parameter)
    with connection.cursor() as cursor:
        cursor.execute(sql, [LARGEST_BLOCK])
        return [(int(a), int(b)) for a, b in cursor.fetchall()]


def _records(ids: set[int]) -> dict[int, PersonRecord]:
    people = Person.objects.filter(pk__in=ids).prefetch_related(
        Prefetch("other_names", queryset=PersonName.objects.order_by("pk"))
    )
    return {person.pk: person_record(person) for person in people}


@transaction.atomic
def propose_duplicates(*, by: Actor, threshold: float = DEFAULT_THRESHOLD) -> int:
    """Propose every likely duplicate pair not proposed before; return how many."""
    model = load_model()
    proposed = 0
    pairs = candidate_pairs()
    for start in range(0, len(pairs), CHUNK):
        chunk = pairs[start : start + CHUNK]
        records = _records({pk for pair in chunk for pk in pair})
        prepared = {pk: prepare(person) for pk, person in records.items()}
        new = []
        for first, second in chunk:
            # The comparison vector and its weight are cheap; the labelled explanation is
            # built only for the few pairs that will be proposed.
            levels = compare(prepared[first], prepared[second])
            if hard_rule(levels) is not None:
                continue
            if probability_from_weight(model.weight_of(levels)) < threshold:
                continue
            score = model.score(records[first], records[second])
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
        DuplicateProposal.objects.bulk_create(new, ignore_conflicts=True)
        proposed += DuplicateProposal.objects.count() - before
    record(
        "duplicates.proposed",
        by=by,
        details={"proposed": proposed, "threshold": threshold},
    )
    return proposed
