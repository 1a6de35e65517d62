"""`make security`: bandit on frontdoor/ (settings in pyproject.toml's [tool.bandit]).

Prints how many findings there are of each severity and lists the HIGH ones in full.
Exits 1 if any finding is HIGH, or if bandit could not read a file (an unread file hides its
findings). MEDIUM and LOW findings are counted, not gated: list them with
`.venv/bin/bandit -c pyproject.toml -r frontdoor`. A false positive gets `# nosec BXXX` and
the reason on its line. See docs/decisions/0021-security-gates-bandit-and-schemathesis.md.
"""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BANDIT = Path(sys.executable).parent / "bandit"
SEVERITIES = ("HIGH", "MEDIUM", "LOW")


def main() -> int:
    if not BANDIT.exists():
        raise SystemExit("bandit is missing: run `make install`")
    result = subprocess.run(  # noqa: S603  (our bandit, fixed arguments)
        [str(BANDIT), "-c", "pyproject.toml", "-r", "frontdoor", "-f", "json", "-q", "--exit-zero"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"bandit failed (exit {result.returncode})")
    report = json.loads(result.stdout)
    totals = report["metrics"]["_totals"]
    counts = {severity: int(totals[f"SEVERITY.{severity}"]) for severity in SEVERITIES}
    print(
        f"bandit {bandit_version()}: {totals['loc']:,} lines scanned; findings by severity: "
        + ", ".join(f"{severity} {counts[severity]}" for severity in SEVERITIES)
        + f" ({totals['nosec']} marked nosec)"
    )
    high = [issue for issue in report["results"] if issue["issue_severity"] == "HIGH"]
    for issue in high:
        print(
            f"  HIGH {issue['test_id']} {issue['filename']}:{issue['line_number']}: "
            f"{issue['issue_text']} (confidence {issue['issue_confidence'].lower()})"
        )
    for error in report["errors"]:
        print(f"  could not scan {error['filename']}: {error['reason']}")
    if high or report["errors"]:
        print("security: FAILED (fix each HIGH finding, or mark a false positive `# nosec BXXX`)")
        return 1
    print("security: no HIGH severity findings")
    return 0


def bandit_version() -> str:
    from importlib.metadata import version

    return version("bandit")


if __name__ == "__main__":
    sys.exit(main())
