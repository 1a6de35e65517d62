"""Linkage benchmark: Front Door's link_records beside Splink 5, on FEBRL and UK households.

Prints one JSON line on stdout per (data set, tool) (see bench/README.md for the method):

    {"bench": "linkage", "dataset": "febrl3", "tool": "frontdoor", "records": 5000,
     "precision": …, "recall": …, "f1": …, "false_sibling_merges": …, "seconds": …,
     "peak_mb": …}

Each tool runs in its own child process, so its peak memory is its own:

* frontdoor: ``python manage.py link_records --input … --output …``; seconds is the wall
  time of that whole process (Django start-up and CSV input/output included);
* splink: ``python -m bench.linkage.splink_runner`` (DuckDB backend); seconds is training +
  prediction + clustering, as the runner reports it.

peak_mb is the child's peak resident memory, measured by the small launcher
bench/linkage/measure.py (ru_maxrss of its only child, or the peak sum over the child's
process tree sampled from /proc if that is larger, for a tool that runs workers).

Default: febrl3, febrl4 and uk_households with both tools, then uk_households_1m with
frontdoor only. ``--splink-at-scale`` (or BENCH_SPLINK_1M=1) adds Splink at 1,000,000
records (about 3 minutes and 6 GB). ``--datasets`` and ``--tools`` choose a subset.
On data known to hold no twins (FEBRL) Front Door runs twice: as it ships, and told so
(``link_records --no-twins-rule``); the second line carries ``"twins_rule": false`` and
``"args"``. ``--splink-with-address`` adds
address_line to Splink's model (one comparison combined with the postcode); those lines
carry ``"model": "standard+address"``.
Progress goes to stderr; data sets are generated once under var/bench/linkage/.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pandas as pd  # type: ignore[import-untyped, unused-ignore]  # noqa: E402

from bench.linkage import datasets  # noqa: E402
from bench.linkage.metrics import pairwise_scores  # noqa: E402
from bench.linkage.uk_households import DEFAULT_SEED  # noqa: E402

TOOLS = ("frontdoor", "splink")
SPLINK_AT_SCALE_ONLY = {"uk_households_1m"}


def log(message: str) -> None:
    print(f"bench_linkage: {message}", file=sys.stderr, flush=True)


# --- Running a child and measuring it ------------------------------------------------------

MEASURE = Path(__file__).resolve().parent / "linkage" / "measure.py"


def run_measured(command: list[str], *, stdout: Any, workdir: Path) -> tuple[int, float, float]:
    """Run ``command`` under bench/linkage/measure.py; return exit code, seconds, peak MB."""
    result = workdir / "measure.json"
    result.unlink(missing_ok=True)
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "frontdoor.config.settings_test")
    launcher = [sys.executable, str(MEASURE), str(result), "--", *command]
    subprocess.run(  # noqa: S603  (our launcher, with the tool's command line)
        launcher, cwd=ROOT, stdout=stdout, stderr=sys.stderr, env=env, check=True
    )
    measured = json.loads(result.read_text())
    return measured["exit"], measured["seconds"], measured["peak_mb"]


def frontdoor_variants(dataset: datasets.Dataset) -> list[bool]:
    """The twins rule settings to run Front Door with: as shipped, and without the rule on
    data known to hold no twins (FEBRL)."""
    return [True] if dataset.may_hold_twins else [True, False]


def run_tool(
    tool: str,
    dataset: datasets.Dataset,
    workdir: Path,
    options: argparse.Namespace,
    *,
    twins_rule: bool = True,
) -> tuple[Path, float, float]:
    """Link ``dataset`` with ``tool``; return the clusters CSV, seconds and peak MB."""
    output = workdir / f"{dataset.name}_{tool}_clusters.csv"
    inputs = [arg for path in dataset.inputs for arg in ("--input", str(path))]
    if tool == "frontdoor":
        command = [*shlex.split(options.frontdoor_command), *inputs, "--output", str(output)]
        if not twins_rule:
            command.append("--no-twins-rule")
        code, seconds, peak_mb = run_measured(command, stdout=sys.stderr, workdir=workdir)
    else:
        command = [sys.executable, "-m", "bench.linkage.splink_runner", *inputs]
        command += ["--output", str(output)]
        if dataset.uk_postcodes:
            command.append("--uk-postcodes")
        if options.splink_with_address:
            command.append("--with-address")
        timing = workdir / f"{dataset.name}_splink_timing.json"
        with timing.open("w") as out:
            code, _, peak_mb = run_measured(command, stdout=out, workdir=workdir)
        seconds = (
            json.loads(timing.read_text().strip().splitlines()[-1])["seconds"] if code == 0 else 0
        )
    if code != 0:
        raise RuntimeError(f"{tool} exited with status {code}: {shlex.join(command)}")
    return output, seconds, peak_mb


def read_clusters(path: Path) -> pd.DataFrame:
    clusters = pd.read_csv(path, dtype=str, keep_default_na=False)
    if list(clusters.columns) != ["record_id", "cluster_id"]:
        raise RuntimeError(f"{path.name}: header must be record_id,cluster_id")
    return clusters


def _round(value: float | None, places: int = 4) -> float | None:
    return None if value is None else round(value, places)


def bench_one(
    tool: str,
    dataset: datasets.Dataset,
    workdir: Path,
    options: argparse.Namespace,
    *,
    twins_rule: bool = True,
) -> dict[str, Any]:
    rule = "" if twins_rule else " (no twins rule)"
    log(f"{dataset.name} ({dataset.records:,} records): {tool}{rule} …")
    line: dict[str, Any] = {"bench": "linkage", "dataset": dataset.name, "tool": tool}
    if tool == "splink" and options.splink_with_address:
        line["model"] = "standard+address"
    if not twins_rule:
        line |= {"twins_rule": False, "args": "--no-twins-rule"}
    line["records"] = dataset.records
    load_before = os.getloadavg()[0]
    try:
        output, seconds, peak_mb = run_tool(tool, dataset, workdir, options, twins_rule=twins_rule)
        scores = pairwise_scores(
            dataset.truth, read_clusters(output), cross_source_only=dataset.cross_source_only
        )
    except (RuntimeError, ValueError, OSError) as error:
        log(f"{dataset.name} {tool} failed: {error}")
        return line | {"error": str(error)}
    line |= {
        "precision": _round(scores["precision"]),
        "recall": _round(scores["recall"]),
        "f1": _round(scores["f1"]),
        "false_sibling_merges": scores["false_sibling_merges"],
        "seconds": round(seconds, 2),
        "peak_mb": round(peak_mb),
        "true_pairs": scores["true_pairs"],
        "predicted_pairs": scores["predicted_pairs"],
        "loadavg_1m_before": round(load_before, 2),
    }
    log(f"{dataset.name} {tool}{rule}: f1 {line['f1']}, {line['seconds']} s, {line['peak_mb']} MB")
    return line


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--datasets", default=",".join(datasets.DATASETS), help="comma-separated data sets"
    )
    parser.add_argument("--tools", default=",".join(TOOLS), help="frontdoor,splink")
    parser.add_argument(
        "--splink-at-scale",
        action="store_true",
        default=os.environ.get("BENCH_SPLINK_1M") == "1",
        help="also run Splink on uk_households_1m (about 3 minutes, 6 GB); or BENCH_SPLINK_1M=1",
    )
    parser.add_argument(
        "--splink-with-address",
        action="store_true",
        help="add address_line to Splink's model (combined with the postcode)",
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="UK generator seed")
    parser.add_argument("--cache-dir", type=Path, default=datasets.CACHE_DIR)
    parser.add_argument(
        "--frontdoor-command",
        default=os.environ.get("BENCH_FRONTDOOR_COMMAND")
        or shlex.join([sys.executable, "manage.py", "link_records"]),
        help="the command to which --input/--output are added (default: manage.py link_records)",
    )
    args = parser.parse_args(argv)
    args.datasets = [d.strip() for d in args.datasets.split(",") if d.strip()]
    args.tools = [t.strip() for t in args.tools.split(",") if t.strip()]
    for name in args.datasets:
        if name not in datasets.DATASETS:
            parser.error(f"unknown data set {name!r}; choose from {', '.join(datasets.DATASETS)}")
    for tool in args.tools:
        if tool not in TOOLS:
            parser.error(f"unknown tool {tool!r}; choose from {', '.join(TOOLS)}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    failed = False
    with tempfile.TemporaryDirectory(prefix="bench_linkage_") as tmp:
        for name in args.datasets:
            started = time.perf_counter()
            dataset = datasets.load(name, cache=args.cache_dir, seed=args.seed)
            ready = time.perf_counter() - started
            log(f"{name}: {dataset.records:,} records ready in {ready:.1f} s")
            for tool in args.tools:
                if tool == "splink" and name in SPLINK_AT_SCALE_ONLY and not args.splink_at_scale:
                    log(f"{name}: splink skipped (opt in with --splink-at-scale)")
                    continue
                for twins_rule in frontdoor_variants(dataset) if tool == "frontdoor" else [True]:
                    line = bench_one(tool, dataset, Path(tmp), args, twins_rule=twins_rule)
                    failed |= "error" in line
                    print(json.dumps(line), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
