"""Run one command and measure it: wall time and peak resident memory, as JSON in a file.

    python bench/linkage/measure.py RESULT.json -- COMMAND [ARG …]

Why a separate small process: on Linux a child's ru_maxrss starts from the resident size of
the process that forked it (the high-water mark survives fork and exec). The benchmark
itself holds pandas and the truth tables, so a child it forked would report at least that.
This launcher imports only the standard library, so the child's ru_maxrss
(``getrusage(RUSAGE_CHILDREN)`` once it is reaped, its only child) is the tool's own.

ru_maxrss is the peak of the largest single process. A tool that runs worker processes side
by side could use more in total, so the launcher also samples the resident memory of the
whole process tree from /proc every 0.2 s and reports the larger of the two figures.

The result file holds ``{"exit": …, "seconds": …, "peak_mb": …, "maxrss_mb": …,
"tree_peak_mb": …}``. The command's stdout and stderr are the launcher's.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import threading
import time


def tree_rss_kb(root: int) -> int:
    """Resident memory of ``root`` and all its descendants (0 once they have gone)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as f:
                stat = f.read()
            # After the command name (which may hold spaces): state, ppid, … rss is field 24.
            fields = stat[stat.rindex(")") + 2 :].split()
            pid, ppid, pages = int(entry.name), int(fields[1]), int(fields[21])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(pid)
        rss[pid] = pages
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total * os.sysconf("SC_PAGE_SIZE") // 1024


def main(argv: list[str]) -> int:
    if len(argv) < 3 or argv[1] != "--":
        print(__doc__, file=sys.stderr)
        return 2
    result_path, command = argv[0], argv[2:]
    start = time.perf_counter()
    proc = subprocess.Popen(command)  # noqa: S603  (the command line it was given)
    tree_peak_kb = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal tree_peak_kb
        while not done.wait(0.2):
            tree_peak_kb = max(tree_peak_kb, tree_rss_kb(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    code = proc.wait()
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    maxrss_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # kilobytes on Linux
    result = {
        "exit": code,
        "seconds": seconds,
        "peak_mb": max(maxrss_kb, tree_peak_kb) / 1024,
        "maxrss_mb": maxrss_kb / 1024,
        "tree_peak_mb": tree_peak_kb / 1024,
    }
    with open(result_path, "w") as f:
        json.dump(result, f)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
