"""``cloudstates check-plan``: does one action plan work on every provider?"""

from typing import Annotated, Literal, Optional

import typer

from cloudstates.cli.app import app
from cloudstates.cli.common import (
    CanonicalOption,
    ForceOption,
    LiteralOption,
    OutputOption,
    RemoteOptions,
    choose_format,
    load,
    remote_options,
    write_output,
)


@app.command("check-plan")
@remote_options
def check_plan(
    actions: Annotated[str, typer.Option(
        "--actions", "-a", metavar="A,B,C", help="The plan: actions separated by commas, from the initial state.")],
    sources: Annotated[Optional[list[str]], typer.Argument(
        metavar="[SOURCE]...", show_default=False,
        help="Providers, files or URLs (default: every provider on the search path).")] = None,
    strict: Annotated[bool, typer.Option(
        "--strict", help="A plan that may fail (on some automatic outcomes) fails too (exit 1).")] = False,
    literal: LiteralOption = False,
    canonical: CanonicalOption = False,
    fmt: Annotated[Optional[Literal["table", "json"]], typer.Option(
        "--format", "-f", help="table (the default) or json. With --output and no --format, the file's extension "
                               "chooses.")] = None,
    output: OutputOption = None,
    force: ForceOption = False,
    remote: RemoteOptions = RemoteOptions(),
) -> None:
    """Run one action plan from the initial state on many providers: valid, may fail, or invalid on each.

    Every outcome of the automatic choices is followed. valid: the plan can be carried out
    whatever the cloud chooses; may-fail: only on some outcomes (the table says which);
    invalid: on none. A state that may move by itself but does not accept the next action
    is waited on. Leaving the initial state is the create action on every provider, whether
    the definition writes it as create or automatic (--literal: as written). On definitions
    with native names a Deltacloud action stands for the first native action mapped to it.
    Exit 1 if any provider is invalid (with --strict, also may-fail).

    Examples:

      cloudstates check-plan --actions create,stop,start,destroy

      cloudstates check-plan -a create,destroy ec2 rhevm mock

      cloudstates check-plan -a create,reboot --format json --strict
    """
    import json

    from cloudstates.analysis.paths import INVALID, MAY_FAIL
    from cloudstates.analysis.paths import check_plan as check
    from cloudstates.cli.simulate_cmd import split_actions
    from cloudstates.sources import catalog

    plan = split_actions(actions)
    fmt = choose_format(fmt, output, ("table", "json"), "table")
    from cloudstates.analysis.normalize import prepare

    results = [check(prepare(load(spec, remote), canonical=canonical, literal=literal), plan, literal=literal)
               for spec in (sources or list(catalog()))]
    if fmt == "json":
        write_output(json.dumps({"plan": plan, "literal": literal, "results": [r.as_dict() for r in results]},
                                indent=2, ensure_ascii=False) + "\n", output, force=force)
    else:
        from cloudstates.render.console import plain_text, stdout_console
        from cloudstates.render.simulate import plan_table

        def draw(console) -> None:
            console.print(f"plan: {','.join(plan)}")
            console.print(plan_table(results))
            counts = {status: sum(r.status == status for r in results) for status in ("valid", MAY_FAIL, INVALID)}
            console.print(f"{len(results)} checked: {counts['valid']} valid, {counts[MAY_FAIL]} may fail, "
                          f"{counts[INVALID]} invalid")

        if output is None:
            draw(stdout_console())
        else:
            write_output(plain_text(draw), output, force=force)
    failing = {INVALID, MAY_FAIL} if strict else {INVALID}
    if any(r.status in failing for r in results):
        raise typer.Exit(1)
