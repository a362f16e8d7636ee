"""Throughput of the simulation engine, path search and transition cover on synthetic machines.

    python benchmarks/throughput.py            # 1k, 10k, 100k states
    python benchmarks/throughput.py --quick    # 1k and 10k only

Prints a table: random-walk steps per second (one step = one action and the automatic steps
after it), and the time of compiling the machine, of `path` (shortest path across the
machine) and of `cover` (a full transition cover), with the growth factor from the size
before. Not a test: the figures go in the README.

The synthetic machine is a ring of n states: each state accepts next, back and reboot; every
third state moves on by itself, and every 30th has two competing automatic transitions (so
walks need the seeded generator too); a destroy action leads from the last state to finish.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cloudstates.analysis.cover import transition_cover  # noqa: E402
from cloudstates.analysis.paths import shortest_path  # noqa: E402
from cloudstates.analysis.simulate import Graph, Simulator  # noqa: E402
from cloudstates.model import Machine, State, Transition  # noqa: E402


def synthetic(n: int) -> Machine:
    names = [f"s{i}" for i in range(n)]

    def nxt(i: int, k: int = 1) -> str:
        return names[(i - 1 + k) % (n - 1) + 1]

    states = [State("start", (Transition("start", names[1], "create"),))]
    for i in range(1, n):
        me = names[i]
        if i % 30 == 0:
            out = (Transition(me, nxt(i), None), Transition(me, nxt(i, 2), None))
        elif i % 3 == 0:
            out = (Transition(me, nxt(i), None),)
        else:
            out = (Transition(me, nxt(i), "next"), Transition(me, nxt(i, -1), "back"), Transition(me, me, "reboot"))
            if i == n - 1:
                out += (Transition(me, "finish", "destroy"),)
        states.append(State(me, out))
    states.append(State("finish"))
    return Machine(provider=f"ring{n}", states=tuple(states), initial="start", final=("finish",))


def timed(func, repeat: int, fresh=None):
    """Best time of ``repeat`` runs of func(arg), arg = fresh() made anew, untimed, before each run."""
    best = float("inf")
    result = None
    for _ in range(repeat):
        arg = fresh() if fresh else None
        t0 = time.perf_counter()
        result = func(arg)
        best = min(best, time.perf_counter() - t0)
    return best, result


def walk_rate(g: Graph, steps: int, seed: int = 1) -> float:
    sim = Simulator(g, rng=random.Random(seed))
    done = 0
    t0 = time.perf_counter()
    while done < steps:
        chunk = min(100_000, steps - done)
        taken = sim.random_walk(chunk)
        done += taken
        if taken < chunk:  # reached finish: start a fresh instance
            sim.reset()
        if len(sim.history) > 200_000:
            sim.reset()
    return done / (time.perf_counter() - t0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="only 1k and 10k states")
    parser.add_argument("--steps", type=int, default=1_000_000, help="random-walk steps per size")
    args = parser.parse_args()
    sizes = [1_000, 10_000] if args.quick else [1_000, 10_000, 100_000]
    rows = []
    for n in sizes:
        machine = synthetic(n)
        repeat = 5
        t_compile, g = timed(lambda _: Graph(machine), repeat)
        src, dst = g.index["s1"], g.index[f"s{n // 2}"]

        def fresh():  # a newly compiled machine: no Step built yet
            return Graph(machine)

        t_path, found = timed(lambda fg: shortest_path(fg, src, dst), 2 * repeat, fresh)
        t_cover, cover = timed(lambda fg: transition_cover(fg), repeat, fresh)
        rate = walk_rate(fresh(), args.steps)
        assert found is not None and cover.covered == cover.total
        rows.append((n, machine.transition_count, rate, t_compile, t_path, len(found.actions), t_cover,
                     len(cover.sequences)))
    print(f"Python {sys.version.split()[0]}, {args.steps:,} random-walk steps per size")
    print(f"{'states':>8} {'transitions':>11} {'walk steps/s':>13} {'compile s':>10} {'path s':>8} "
          f"{'(actions)':>9} {'cover s':>8} {'(seqs)':>6}  growth path/cover")
    prev = None
    for row in rows:
        n, t, rate, tc, tp, pa, tv, seqs = row
        growth = f"{tp / prev[4]:5.1f}x / {tv / prev[6]:5.1f}x" if prev else ""
        print(f"{n:>8,} {t:>11,} {rate:>13,.0f} {tc:>10.3f} {tp:>8.3f} {pa:>9,} {tv:>8.3f} {seqs:>6}  {growth}")
        prev = row


if __name__ == "__main__":
    main()
