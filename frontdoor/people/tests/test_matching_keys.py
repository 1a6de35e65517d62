"""Blocking keys: few, short, and shared by records of the same person."""

from datetime import date

from frontdoor.people.matching.keys import blocking_keys
from frontdoor.people.matching.records import PersonRecord
from frontdoor.people.matching.synthetic import generate


def test_a_full_record_has_at_most_six_short_keys():
    record = PersonRecord(
        "1",
        "Alexandra",
        "Fitzgerald-Montgomery",
        date(2016, 5, 9),
        "F",
        "WC1W 8BG",
        "1 Long Lane",
        "9434765919",
    )
    keys = blocking_keys(record)
    assert len(keys) <= 6
    assert all(len(key) <= 64 for key in keys)


def test_swapped_day_and_month_and_swapped_names_still_share_a_key():
    one = PersonRecord("1", "Oliver", "Hughes", date(2016, 5, 9), "M", "", "", "")
    swapped_date = PersonRecord("2", "Oliver", "Hughes", date(2016, 9, 5), "M", "", "", "")
    swapped_names = PersonRecord("3", "Hughes", "Oliver", date(2016, 5, 9), "M", "", "", "")
    assert set(blocking_keys(one)) & set(blocking_keys(swapped_date))
    assert set(blocking_keys(one)) & set(blocking_keys(swapped_names))


def test_nearly_every_pair_of_records_of_one_person_shares_a_key():
    people: dict[int, list[set[str]]] = {}
    for synthetic in generate(300, seed=9):
        people.setdefault(synthetic.person, []).append(set(blocking_keys(synthetic.record)))
    pairs = shared = 0
    for keys in people.values():
        for i, a in enumerate(keys):
            for b in keys[i + 1 :]:
                pairs += 1
                shared += bool(a & b)
    assert shared / pairs > 0.93
