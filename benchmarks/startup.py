"""Start-up time of cloudstates commands against `python -c "import typer"`, side by side in one run.

Each command runs interleaved with the baseline, N times (default 21), output piped; we print the
median wall time of each and its ratio to the baseline median. Run with the venv's python:

    python benchmarks/startup.py [-n 21]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

# The installed console script, beside this interpreter (as a user runs it).
SCRIPT = os.path.join(os.path.dirname(sys.executable), "cloudstates")
BASELINE = ("import typer", [sys.executable, "-c", "import typer"])
COMMANDS = [
    ("show ec2 --format json", [SCRIPT, "show", "ec2", "--format", "json"], 1.25),
    ("show ec2 (rich table)", [SCRIPT, "show", "ec2"], 1.8),
    ("list --format json", [SCRIPT, "list", "--format", "json"], None),
    ("TAB: show e<TAB> (bash)", [SCRIPT], 1.25),
]
# What bash's completion function sets for `cloudstates show e<TAB>`.
COMPLETION_ENV = {"_CLOUDSTATES_COMPLETE": "complete_bash", "COMP_WORDS": "cloudstates show e", "COMP_CWORD": "2"}


def once(argv: list[str], env: dict[str, str]) -> float:
    if argv == [SCRIPT]:
        env = {**env, **COMPLETION_ENV}
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=21, help="runs of each command (default 21)")
    args = parser.parse_args()
    env = dict(os.environ, COLUMNS="80")
    env.pop("CLOUDSTATES_NO_CACHE", None)
    # Let the warm-up write .pyc files, as `pip install` does for an installed package; without
    # them every run would compile our modules afresh while typer's come precompiled.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    for _, argv, _ in COMMANDS:  # warm caches: OS page cache, .pyc files, the definition cache
        once(argv, env)
    once(BASELINE[1], env)
    times: dict[str, list[float]] = {BASELINE[0]: []}
    times.update({label: [] for label, _, _ in COMMANDS})
    for _ in range(args.n):
        times[BASELINE[0]].append(once(BASELINE[1], env))
        for label, argv, _ in COMMANDS:
            times[label].append(once(argv, env))
    base = statistics.median(times[BASELINE[0]])
    print(f"{'command':32} {'median ms':>10} {'ratio':>7} {'target':>7}")
    print(f"{BASELINE[0]:32} {base * 1000:10.1f} {1:7.2f}")
    failed = False
    for label, _, target in COMMANDS:
        median = statistics.median(times[label])
        ratio = median / base
        mark = "" if target is None else f"{'<=' if ratio <= target else '>'}{target:.2f}"
        failed |= target is not None and ratio > target
        print(f"{label:32} {median * 1000:10.1f} {ratio:7.2f} {mark:>7}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
