"""``cloudstates simulate``: step through a lifecycle, at a terminal or from a script."""

from typing import Annotated, Optional

import typer

from cloudstates.cli.app import app
from cloudstates.cli.common import (
    CanonicalOption,
    ForceOption,
    LiteralOption,
    OutputOption,
    RemoteOptions,
    TextJsonFormat,
    choose_format,
    complete_source,
    complete_state,
    load,
    remote_options,
    write_output,
)
from cloudstates.render import plural


def split_actions(text: str, option: str = "--actions") -> list[str]:
    actions = [a.strip() for a in text.split(",") if a.strip()]
    if not actions:
        raise typer.BadParameter("give actions separated by commas, e.g. create,stop,destroy", param_hint=option)
    return actions


def pick_source(source: Optional[str], remote: RemoteOptions) -> tuple[str, RemoteOptions]:
    """SOURCE, or --provider NAME when SOURCE is omitted (then it is not sent as a header)."""
    from cloudstates.sources import is_url

    if source is None:
        if not remote.provider:
            raise typer.BadParameter("give a SOURCE (or --provider NAME), e.g. cloudstates simulate rhevm",
                                     param_hint="'[SOURCE]'")
        return remote.provider, RemoteOptions(**dict(remote.as_dict(), provider=None))
    if remote.provider and not is_url(source):
        raise typer.BadParameter(f"with a SOURCE, --provider is the back-end provider of a URL source, and "
                                 f"{source} is not a URL (give the name once, as SOURCE)", param_hint="'--provider'")
    return source, remote


@app.command("simulate")
@remote_options
def simulate(
    source: Annotated[Optional[str], typer.Argument(
        metavar="[SOURCE]", autocompletion=complete_source, show_default=False,
        help="Provider name, definition file or URL; may be given as --provider NAME instead.")] = None,
    actions: Annotated[Optional[str], typer.Option(
        "--actions", "-a", metavar="A,B,C",
        help="Run these actions and print the trace (scripted). 'auto' lets a state that waits for actions "
             "move by itself.")] = None,
    random_count: Annotated[Optional[int], typer.Option(
        "--random", metavar="N", min=0, help="Take N random allowed actions (after --actions, if given).")] = None,
    seed: Annotated[Optional[int], typer.Option(
        "--seed", metavar="S", help="Seed for random actions and for choices among competing automatic "
                                    "transitions (default: a fresh one, printed in the trace).")] = None,
    start: Annotated[Optional[str], typer.Option(
        "--from", metavar="STATE", autocompletion=complete_state, help="Start in STATE instead of the initial state.")] = None,
    literal: LiteralOption = False,
    canonical: CanonicalOption = False,
    fmt: TextJsonFormat = None,
    output: OutputOption = None,
    force: ForceOption = False,
    remote: RemoteOptions = RemoteOptions(),
) -> None:
    """Step through a provider's instance lifecycle.

    Interactive when stdin is a terminal and neither --actions nor --random is given: a panel
    shows the current state and the numbered actions allowed there; pick one by number or
    name. Automatic transitions are applied one by one and shown as they happen; when several
    compete you are asked which. Also: undo, reset, history, path STATE, show, help, quit.
    Ctrl-D or quit ends with a summary of the trace (exit 0); Ctrl-C likewise (exit 130).

    Scripted with --actions and/or --random: prints the trace (state, action or auto, next
    state). A state that may move by itself but does not accept the next action is waited on,
    as a script polling the cloud would. An action not allowed stops the run with exit 1 and
    names the actions that were allowed; so does an automatic cycle.

    Leaving the initial state is creating the instance: an automatic transition out of it is
    treated as the create action (so create,... reads the same on every provider); --literal
    follows the definition as written. On a definition with native names, a Deltacloud action
    (create, start, stop, reboot, destroy) stands for the first native action mapped to it.

    The provider may be given as --provider NAME when SOURCE is omitted. With a SOURCE,
    --provider keeps its meaning for URL sources (the X-Deltacloud-Provider header).

    Examples:

      cloudstates simulate --provider rhevm

      cloudstates simulate ec2 --actions create,stop,start,stop,destroy

      cloudstates simulate digitalocean --random 20 --seed 7 --format json
    """
    import sys

    from cloudstates.errors import OutputError

    source, remote = pick_source(source, remote)
    planned = split_actions(actions) if actions is not None else None
    scripted = planned is not None or random_count is not None
    if not scripted:
        if not sys.stdin.isatty():
            raise typer.BadParameter("stdin is not a terminal: give --actions A,B,C or --random N for a scripted "
                                     "run", param_hint="'--actions'")
        if output is not None or fmt is not None:
            raise OutputError("--format and --output are for scripted runs", hint="add --actions or --random")
    fmt = choose_format(fmt, output, ("text", "json"), "text")
    machine = load(source, remote)
    if canonical:
        from cloudstates.analysis.normalize import prepare

        machine = prepare(machine, canonical=True, literal=literal)
    if scripted:
        code = run_scripted(machine, planned or [], random_count or 0, seed, start, literal, fmt, output, force)
    else:
        code = run_interactive(machine, start, literal, seed)
    if code:
        raise typer.Exit(code)


def run_scripted(machine, planned, random_count, seed, start, literal, fmt, output, force) -> int:
    import json
    import random

    from cloudstates.analysis.simulate import NotAllowed, Simulator
    from cloudstates.errors import report

    if seed is None:
        seed = random.SystemRandom().randrange(2 ** 32)
    sim = Simulator(machine, literal=literal, start=start, rng=random.Random(seed))
    failure = None
    try:
        sim.run(planned, wait=True)
    except NotAllowed as error:
        failure = error
    taken = 0
    if failure is None and random_count and not sim.cycle:
        taken = sim.random_walk(random_count)
    cycle = sim.cycle
    done = len(sim.history)
    if failure is not None:
        known = sim.graph.known_actions()
        if failure.action not in known | {"auto"}:
            failure.message = (f"{failure.action} is not an action of {machine.provider} "
                               f"(its actions: {', '.join(sorted(known))})")
        outcome = f"stopped at action {failure.index}: {failure}"
    elif cycle:
        outcome = "automatic cycle: " + " -> ".join(cycle) + " (the instance never settles)"
    else:
        outcome = f"ended in {sim.state} after {plural(done, 'action')}"
        if random_count and taken < random_count:
            outcome += f" (no action is allowed in {sim.state}: took {taken} of {random_count} random actions)"
    if fmt == "json":
        doc = {"provider": machine.provider, "literal": literal, "seed": seed, "from": sim.start,
               "actions": planned, "random": random_count, "random_taken": taken,
               "opening": [s.as_dict() for s in sim.opening],
               "moves": [{"action": m.action, "from": m.before, "steps": [s.as_dict() for s in m.steps]}
                         for m in sim.history],
               "end": sim.state, "ok": failure is None and not cycle,
               "error": None if failure is None else {"action": failure.action, "state": failure.state,
                                                      "allowed": list(failure.allowed), "message": str(failure)},
               "cycle": list(cycle) if cycle else None}
        text = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    else:
        from cloudstates.render.simulate import trace_text

        how = f", seed {seed}" if random_count or _chose(sim) else ""
        title = f"{machine.provider}: from {sim.start}{' (literal)' if literal else ''}{how}"
        text = trace_text(sim, title=title, outcome=outcome)
    write_output(text, output, force=force)
    if failure is not None:
        report(f"{machine.provider}: {failure}")
        return 1
    if cycle:
        report(f"{machine.provider}: automatic cycle " + " -> ".join(cycle))
        return 1
    return 0


def _chose(sim) -> bool:
    return any(s.choices for s in sim.trace)


# ---------------------------------------------------------------------- interactive

HELP = """commands:
  NUMBER or ACTION   take that action (auto: let a state that waits for actions move by itself)
  undo               take back the last action and the automatic steps that followed it
  reset              back to the start
  history            the trace so far
  path STATE         how to get to STATE from here
  show               the whole machine
  help               this list
  quit               end (so do Ctrl-D and Ctrl-C)"""


def run_interactive(machine, start, literal, seed) -> int:
    from cloudstates.analysis.simulate import NotAllowed, Simulator
    from cloudstates.render.console import stdout_console
    from cloudstates.render.simulate import columns, move_rows, panel, step_note, summary

    console = stdout_console()

    def say(text: str, style: str | None = None) -> None:
        console.print(text, style=style, soft_wrap=True)

    def chooser(state, action, options):
        what = f"{state} moves by itself" if action is None else f"{action} from {state} leads"
        say(f"{what} to one of: " + ", ".join(f"{n} {o}" for n, o in enumerate(options, 1)), "yellow")
        while True:
            answer = input("which one? ").strip()
            if answer.isdigit() and 1 <= int(answer) <= len(options):
                return options[int(answer) - 1]
            if answer in options:
                return answer
            say(f"type 1-{len(options)} or a name: {', '.join(options)}")

    def show_steps(steps):
        for s in steps:
            note = step_note(s)
            say(f"  {s.label}: {s.source} -> {s.target}" + (f"  ({note})" if note else ""),
                "dim" if s.action is None else None)

    sim = None
    try:
        sim = Simulator(machine, literal=literal, start=start, chooser=chooser)
        show_steps(sim.opening)
        console.print(panel(sim))
        while True:
            line = input("> ").strip()
            if not line:
                continue
            word, _, rest = line.partition(" ")
            allowed = sim.allowed()
            if word in ("quit", "exit", "q"):
                break
            if word.isdigit() and not rest:
                n = int(word)
                if not 1 <= n <= len(allowed):
                    say(f"no action {n} here: " + (f"type 1-{len(allowed)}" if allowed else "no action is allowed")
                        + " (help lists the commands)", "yellow")
                    continue
                word = allowed[n - 1]
            if word in ("help", "?", "h"):
                say(HELP)
            elif word == "undo":
                move = sim.undo()
                say(f"undid {move.action}: back in {sim.state}" if move else "nothing to undo")
                if move:
                    console.print(panel(sim))
            elif word == "reset":
                sim.reset()
                say(f"back to {sim.state}")
                console.print(panel(sim))
            elif word == "history":
                rows = move_rows(sim)
                say("\n".join(columns(rows)) if rows else "no steps yet")
            elif word == "show":
                from cloudstates.render.machines import machine_table

                console.print(machine_table(machine))
            elif word == "path":
                say(path_from_here(sim, rest.strip()))
            elif not rest and (sim.destinations(word) or word in machine_action_names(sim)):
                try:
                    move = sim.apply(word)
                except NotAllowed as error:
                    say(f"{error.action} is not allowed in {error.state}; allowed here: "
                        f"{', '.join(error.allowed) or 'nothing'}", "yellow")
                    continue
                show_steps(move.steps)
                console.print(panel(sim))
            else:
                hint = f"a number 1-{len(allowed)}, an action ({', '.join(allowed)})" if allowed else "undo, reset"
                say(f"unknown input {line!r}: type {hint}, or help", "yellow")
    except EOFError:
        console.print()
    except KeyboardInterrupt:
        console.print()
        if sim is not None:
            say(summary(sim))
        return 130
    if sim is not None:
        say(summary(sim))
    return 0


def machine_action_names(sim) -> set[str]:
    from cloudstates.model import ACTIONS

    return sim.graph.known_actions() | {"auto"} | set(ACTIONS)


def path_from_here(sim, target: str) -> str:
    from cloudstates.analysis.paths import no_path_reason, shortest_path
    from cloudstates.analysis.simulate import UnknownState
    from cloudstates.render.simulate import path_text

    if not target:
        return "path needs a state: path STATE"
    g = sim.graph
    try:
        dst = g.state(target)
    except UnknownState as error:
        return str(error)
    src = g.index[sim.state]
    found = shortest_path(g, src, dst)
    if found is None:
        return "no path: " + no_path_reason(g, src, dst)
    return path_text(g, found, title=f"{sim.state} -> {g.names[dst]}:").rstrip("\n")
