"""`manage.py link_records`: link person records from CSV files into one cluster per person.

    python manage.py link_records --input A.csv [--input B.csv] --output clusters.csv \\
        [--threshold 0.9]

Input columns: record_id (required), given_name, family_name, date_of_birth (YYYY-MM-DD),
sex (M/F/U), postcode, address_line, nhs_number; others are ignored and missing ones are
empty. Output: ``record_id,cluster_id`` for every input record. A thin wrapper over
:func:`frontdoor.people.matching.batch.link` (ADR 0017).
"""

from __future__ import annotations

import csv
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm  # type: ignore[import-untyped]  # no stubs installed

from frontdoor.people.matching.batch import DEFAULT_THRESHOLD, InputError, link, read_csv
from frontdoor.people.matching.records import PersonRecord

T = TypeVar("T")


def _probability(text: str) -> float:
    value = float(text)
    if not 0 < value < 1:
        raise ValueError(text)
    return value


class Command(BaseCommand):
    help = "Link person records in CSV files; write record_id,cluster_id for every record."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--input", action="append", required=True, type=Path)
        parser.add_argument("--output", required=True, type=Path)
        parser.add_argument(
            "--threshold",
            type=_probability,
            default=DEFAULT_THRESHOLD,
            help="Link pairs at least this likely to be the same person "
            f"(default {DEFAULT_THRESHOLD})",
        )
        parser.add_argument(
            "--no-twins-rule",
            action="store_true",
            help="Allow linking records with the same birth date, family name and address but "
            "different given names. Only for data known to hold no twins (benchmarks).",
        )
        parser.add_argument("--no-progress", action="store_true", help="Hide the progress bars")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        quiet = options["no_progress"] or int(options.get("verbosity", 1)) == 0

        def progress(items: Iterable[T], description: str, total: int) -> Iterable[T]:
            bar: Iterable[T] = tqdm(
                items,
                desc=description,
                total=total or None,
                file=sys.stderr,
                disable=quiet,
                unit=" records",
                mininterval=1.0,
            )
            return bar

        records: list[PersonRecord] = []
        for path in options["input"]:
            if not path.is_file():
                raise CommandError(f"{path} does not exist")
            try:
                summary = read_csv(path, progress)
            except InputError as error:
                raise CommandError(str(error)) from error
            except (UnicodeDecodeError, csv.Error) as error:
                raise CommandError(f"{path.name} is not a readable CSV file: {error}") from error
            self.stderr.write(summary.describe())
            records.extend(summary.records)
        try:
            result = link(
                records,
                threshold=options["threshold"],
                twins_rule=not options["no_twins_rule"],
                progress=progress,
            )
        except InputError as error:
            raise CommandError(str(error)) from error
        with options["output"].open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(("record_id", "cluster_id"))
            writer.writerows((r.record_id, result.clusters[r.record_id]) for r in records)
        clusters = len(set(result.clusters.values()))
        self.stderr.write(
            f"Compared {result.candidate_pairs:,} candidate pairs; {result.forbidden_pairs:,} "
            f"could never be the same person; wrote {clusters:,} clusters for "
            f"{len(records):,} records to {options['output']} in "
            f"{time.monotonic() - started:.1f} seconds"
        )
