"""``cloudstates show``: one machine as a table, a tree, or any output format."""

from typing import Annotated, Literal, Optional

import typer

from cloudstates.cli.app import app
from cloudstates.cli.common import (
    CanonicalOption,
    ForceOption,
    OutputOption,
    RemoteOptions,
    SourceArg,
    choose_format,
    load,
    remote_options,
    write_output,
)

ShowFormat = Literal["table", "json", "xml", "yaml", "dot", "mermaid", "scxml", "png", "svg"]
SHOW_FORMATS = ShowFormat.__args__


@app.command("show")
@remote_options
def show(
    source: SourceArg,
    fmt: Annotated[Optional[ShowFormat], typer.Option(
        "--format", "-f",
        help="table (the default; plain text in a file); json/xml: Deltacloud's wire formats; yaml: a definition "
             "file; scxml: W3C SCXML; dot/mermaid: diagrams; png/svg: drawn by Graphviz's dot. With --output "
             "and no --format, the file's extension chooses (ec2.svg).")] = None,
    view: Annotated[Optional[Literal["table", "tree"]], typer.Option(
        "--view", help="How --format table draws the machine: table (the default) or tree.",
        show_default=False)] = None,
    output: OutputOption = None,
    force: ForceOption = False,
    canonical: CanonicalOption = False,
    remote: RemoteOptions = RemoteOptions(),
) -> None:
    """Show one provider's lifecycle: its states, and each transition's action (or auto) and destination.

    Examples:

      cloudstates show rhevm

      cloudstates show ec2 --format mermaid

      cloudstates show aws-ec2 --canonical
    """
    from cloudstates import formats

    fmt = choose_format(fmt, output, SHOW_FORMATS, "table")
    if view is not None and fmt != "table":
        raise typer.BadParameter(f"draws --format table, not {fmt}", param_hint="'--view'")
    machine = load(source, remote)
    if canonical:
        from cloudstates.analysis.normalize import prepare

        machine = prepare(machine, canonical=True)
    if fmt == "table":
        from cloudstates.render.console import plain_text, stdout_console
        from cloudstates.render.machines import machine_heading, machine_table, machine_tree

        def draw(console) -> None:
            console.print(machine_heading(machine))
            console.print(machine_tree(machine) if view == "tree" else machine_table(machine))

        if output is None:
            draw(stdout_console())
        else:
            write_output(plain_text(draw), output, force=force)
        return
    write_output(formats.emit(machine, fmt), output, force=force)
