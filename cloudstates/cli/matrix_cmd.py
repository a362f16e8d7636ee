"""``cloudstates matrix``: providers side by side, one row per (state, action) or per action."""

from typing import Annotated, Literal, Optional

import typer

from cloudstates.cli.app import app
from cloudstates.cli.common import (
    CanonicalOption,
    ForceOption,
    OutputOption,
    RemoteOptions,
    choose_format,
    complete_source,
    load,
    remote_options,
    write_output,
)
from cloudstates.errors import CloudstatesError


@app.command("matrix")
@remote_options
def matrix(
    sources: Annotated[Optional[list[str]], typer.Argument(
        metavar="[SOURCE]...", autocompletion=complete_source, show_default=False,
        help="Providers, files or URLs, one column each (default: every provider on the search path).")] = None,
    by: Annotated[Literal["state", "action"], typer.Option(
        "--by", help="state: a row per (state, action), cells the destination; "
                     "action: a row per action, cells the states that allow it.")] = "state",
    action: Annotated[Optional[str], typer.Option(
        "--action", "-a", metavar="ACTION", help="Only this action's rows ('auto' for automatic moves).")] = None,
    only_differences: Annotated[bool, typer.Option(
        "--only-differences", "-d", help="Only the rows where the providers disagree.")] = False,
    normalize: Annotated[bool, typer.Option(
        "--normalize", help="Fold case and read Deltacloud's older state names as the current ones.")] = False,
    canonical: CanonicalOption = False,
    fmt: Annotated[Optional[Literal["table", "markdown", "csv", "json"]], typer.Option(
        "--format", "-f", help="table (the default; split to fit the width), markdown, csv or json (full names, "
                               "for scripts). With --output and no --format, the file's extension chooses.")] = None,
    output: OutputOption = None,
    force: ForceOption = False,
    remote: RemoteOptions = RemoteOptions(),
) -> None:
    """Compare providers side by side: where each action (or auto) leads from each state.

    Rows where the providers disagree are marked with * (and highlighted on a colour
    terminal). A blank cell: the provider has no such state; -: no such transition.

    Examples:

      cloudstates matrix --action reboot

      cloudstates matrix ec2 rhevm mock --only-differences

      cloudstates matrix --by action --format csv -o actions.csv
    """
    from cloudstates.analysis.matrix import column_names
    from cloudstates.analysis.matrix import matrix as build
    from cloudstates.analysis.normalize import prepare
    from cloudstates.render import matrix as view
    from cloudstates.sources import catalog

    fmt = choose_format(fmt, output, ("table", "markdown", "csv", "json"), "table")
    specs = list(sources) if sources else list(catalog())
    machines = [prepare(load(spec, remote), normalize=normalize, canonical=canonical) for spec in specs]
    if action is not None:
        if normalize:
            action = action.casefold()
        known = {t.label for m in machines for t in m.transitions}
        if action not in known:
            raise CloudstatesError(f"no provider here has the action {action!r}",
                                   hint="actions: " + ", ".join(sorted(known)))
    result = build(machines, by=by, action=action, only_differences=only_differences,
                   columns=column_names(machines, specs))
    if fmt == "table":
        from cloudstates.render.console import plain_text, stdout_console

        if output is None:
            view.render_table(result, stdout_console())
        else:
            write_output(plain_text(lambda console: view.render_table(result, console)), output, force=force)
    elif fmt == "markdown":
        write_output(view.to_markdown(result), output, force=force)
    elif fmt == "csv":
        write_output(view.to_csv(result), output, force=force)
    else:
        write_output(view.to_json(result, specs, action=action, only_differences=only_differences), output,
                     force=force)
