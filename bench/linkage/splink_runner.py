"""Splink 5 (DuckDB backend) with a standard person model, as a child process of the bench.

    python -m bench.linkage.splink_runner --input A.csv [--input B.csv] --output clusters.csv
        [--uk-postcodes] [--threshold 0.9] [--with-address]

Reads contract CSVs, writes ``record_id,cluster_id`` like link_records, and prints one JSON
line on stdout: ``{"seconds": …}``, the wall time of training + prediction + clustering
(reading and writing the CSVs and importing Splink are not counted). The parent measures the
peak memory of this whole process.

The model is what the Splink tutorials build for people:

* comparisons: NameComparison on given and family name (Jaro-Winkler 0.92/0.88/0.7, with
  term-frequency adjustments), DateOfBirthComparison (exact, within a month, a year, ten
  years), ExactMatch on sex and NHS number, PostcodeComparison on UK postcodes (full,
  sector, district, area) or Levenshtein ≤ 1 on others. A column that is empty in every
  record (FEBRL: sex, NHS number) is left out. The address line is not compared unless
  ``--with-address`` asks: then one comparison covers postcode and address together
  (:func:`location_comparison`), since they are correlated.
* λ (the probability two random records match) from deterministic rules (same given name,
  family name and date of birth, recall 0.7); u by random sampling (10⁷ pairs, seeded); m by
  expectation maximisation on two blocking rules (same date of birth; same given and family
  name), each estimating the m of the comparisons it does not block on.
* predictions from five blocking rules (date of birth; given + family name; family name +
  postcode; NHS number; postcode + first two letters of the given name), kept at match
  probability ≥ 0.9 and clustered by connected components at 0.9.

Two inputs are linked with ``link_only`` (FEBRL4: each file has no duplicates within it).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from pathlib import Path
from typing import Any

import pandas as pd  # type: ignore[import-untyped, unused-ignore]  # no pandas-stubs

from frontdoor.people.matching.batch import INPUT_COLUMNS

COLUMNS = list(INPUT_COLUMNS)


def read_input(path: Path) -> pd.DataFrame:
    """The contract columns, cleaned as a Splink user would: trimmed, case-folded, nulls."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, usecols=COLUMNS)
    for column in ("given_name", "family_name", "address_line"):
        frame[column] = frame[column].str.strip().str.lower()
    frame["postcode"] = frame["postcode"].str.upper().str.replace(r"\s+", " ", regex=True)
    frame["postcode"] = frame["postcode"].str.strip()
    frame["nhs_number"] = frame["nhs_number"].str.replace(r"\D", "", regex=True)
    frame["sex"] = frame["sex"].str.strip().str.upper().replace({"U": ""})
    return frame.replace({"": None})


def location_comparison(*, uk_postcodes: bool) -> Any:
    """One comparison for postcode and address line together.

    They are strongly correlated (the same move changes both), so two separate comparisons
    would count the same evidence twice; Splink's guidance is to combine such columns.
    """
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import ColumnExpression

    if uk_postcodes:
        sector = ColumnExpression("postcode").regex_extract(cl.PostcodeComparison.SECTOR_REGEX)
        near = cll.ExactMatchLevel(sector).configure(label_for_charts="Same postcode sector")
    else:
        near = cll.LevenshteinLevel("postcode", 1)
    return cl.CustomComparison(
        output_column_name="location",
        comparison_levels=[
            cll.And(cll.NullLevel("postcode"), cll.NullLevel("address_line")),
            cll.And(cll.ExactMatchLevel("postcode"), cll.JaroWinklerLevel("address_line", 0.9)),
            cll.ExactMatchLevel("postcode"),
            cll.JaroWinklerLevel("address_line", 0.9),
            near,
            cll.ElseLevel(),
        ],
    )


def build_settings(
    frames: list[pd.DataFrame], *, uk_postcodes: bool, with_address: bool = False
) -> Any:
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    def present(column: str) -> bool:
        return any(f[column].notna().any() for f in frames)

    comparisons: list[Any] = [
        cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
        cl.NameComparison("family_name").configure(term_frequency_adjustments=True),
        cl.DateOfBirthComparison("date_of_birth", input_is_string=True),
    ]
    if with_address:
        comparisons.append(location_comparison(uk_postcodes=uk_postcodes))
    elif uk_postcodes:
        comparisons.append(cl.PostcodeComparison("postcode"))
    else:
        comparisons.append(cl.LevenshteinAtThresholds("postcode", 1))
    if present("sex"):
        comparisons.append(cl.ExactMatch("sex"))
    if present("nhs_number"):
        comparisons.append(cl.ExactMatch("nhs_number"))

    blocking: list[Any] = [
        block_on("date_of_birth"),
        block_on("given_name", "family_name"),
        block_on("family_name", "postcode"),
        block_on("postcode", "substr(given_name, 1, 2)"),
    ]
    if present("nhs_number"):
        blocking.append(block_on("nhs_number"))
    return SettingsCreator(
        link_type="link_only" if len(frames) == 2 else "dedupe_only",
        unique_id_column_name="record_id",
        comparisons=comparisons,
        blocking_rules_to_generate_predictions=blocking,
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )


def link(
    frames: list[pd.DataFrame], *, uk_postcodes: bool, threshold: float, with_address: bool = False
) -> pd.DataFrame:
    """Train, predict and cluster; returns record_id, cluster_id."""
    from splink import DuckDBAPI, Linker, block_on

    db_api = DuckDBAPI()
    tables = [db_api.register(f, table_name=f"input_{i}") for i, f in enumerate(frames)]
    settings = build_settings(frames, uk_postcodes=uk_postcodes, with_address=with_address)
    linker = Linker(tables if len(tables) > 1 else tables[0], settings, log_level=logging.WARNING)

    linker.training.estimate_probability_two_random_records_match(
        [block_on("given_name", "family_name", "date_of_birth")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e7, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("date_of_birth"))
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("given_name", "family_name")
    )
    predictions = linker.inference.predict(threshold_match_probability=threshold)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=threshold
    )
    result = clusters.as_pandas_dataframe()[["record_id", "cluster_id"]]
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--input", action="append", required=True, type=Path)
    parser.add_argument("--output", required=True, type=Path)
    parser.add_argument("--uk-postcodes", action="store_true")
    parser.add_argument("--threshold", type=float, default=0.9)
    parser.add_argument("--with-address", action="store_true", help="compare address_line too")
    args = parser.parse_args(argv)
    if len(args.input) > 2:
        parser.error("at most two inputs")

    frames = [read_input(p) for p in args.input]
    import splink  # noqa: F401  (imported before the clock starts)

    start = time.perf_counter()
    clusters = link(
        frames,
        uk_postcodes=args.uk_postcodes,
        threshold=args.threshold,
        with_address=args.with_address,
    )
    seconds = time.perf_counter() - start
    clusters.to_csv(args.output, index=False)
    print(json.dumps({"seconds": round(seconds, 2)}), flush=True)


if __name__ == "__main__":
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING)
    main()
