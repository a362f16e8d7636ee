"""``cloudstates show``: one machine as a table, a tree, or any output format."""

from typing import Annotated, Literal, Optional

import typer

from cloudstates.cli.app import app
from cloudstates.cli.common import OutputOption, ForceOption, CanonicalOption, RemoteOptions, SourceArg, load, remote_options, write_output
from cloudstates.errors import OutputError

ShowFormat = Literal["table", "json", "xml", "yaml", "dot", "mermaid", "scxml", "png", "svg"]


@app.command("show")
@remote_options
def show(
    source: SourceArg,
    fmt: Annotated[Optional[ShowFormat], typer.Option(
        "--format", "-f",
        help="table (default on screen); json/xml: Deltacloud's wire formats; yaml: a definition file; scxml: W3C SCXML; "
             "dot/mermaid: diagrams; png/svg: drawn by Graphviz's dot. Default from --output's extension.")] = None,
    view: Annotated[Literal["table", "tree"], typer.Option(
        "--view", help="How --format table draws the machine.")] = "table",
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

    if fmt is None:
        guessed = formats.format_for_output_path(str(output)) if output else None
        fmt = guessed.name if guessed else "table"
    if fmt == "table" and output is not None:
        raise OutputError("--format table draws for the screen", hint="pick a file format, e.g. --format yaml")
    machine = load(source, remote)
    if canonical:
        from cloudstates.analysis.normalize import prepare

        machine = prepare(machine, canonical=True)
    if fmt == "table":
        from cloudstates.render.console import stdout_console
        from cloudstates.render.machines import machine_heading, machine_table, machine_tree

        console = stdout_console()
        console.print(machine_heading(machine))
        console.print(machine_tree(machine) if view == "tree" else machine_table(machine, console))
        return
    write_output(formats.emit(machine, fmt), output, force=force)
