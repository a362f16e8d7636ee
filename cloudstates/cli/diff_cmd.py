"""``cloudstates diff``: what changes for A's user in B, breaking or compatible, with evidence."""

from typing import Annotated, Literal, Optional

import typer

from cloudstates.cli.app import app
from cloudstates.cli.common import (
    SOURCE_HELP,
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


@app.command("diff")
@remote_options
def diff(
    source_a: Annotated[str, typer.Argument(metavar="A", autocompletion=complete_source,
                                            help="The lifecycle you know (old). " + SOURCE_HELP)],
    source_b: Annotated[str, typer.Argument(metavar="B", autocompletion=complete_source,
                                            help="The lifecycle to compare with (new). " + SOURCE_HELP)],
    normalize: Annotated[bool, typer.Option(
        "--normalize", help="Compare names case-insensitively and read Deltacloud's older names as the current "
                            "ones (shutting_down, shutting-down -> stopping; finished -> finish).")] = False,
    canonical: CanonicalOption = False,
    fmt: Annotated[Optional[Literal["text", "json", "markdown"]], typer.Option(
        "--format", "-f", help="text (for people; the default), json (stable keys, for scripts), markdown (a PR "
                               "comment). With --output and no --format, the file's extension chooses.")] = None,
    fail_on: Annotated[Literal["breaking", "any", "never"], typer.Option(
        "--fail-on", help="When to exit 1: on any difference, only on breaking ones, or never.")] = "any",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing; only set the exit code.")] = False,
    output: OutputOption = None,
    force: ForceOption = False,
    remote: RemoteOptions = RemoteOptions(),
) -> None:
    """Compare two lifecycles: states, transitions, initial and final states, ignoring order.

    Each change is breaking (something A's user relied on no longer holds in B) or
    compatible (B only adds), and a breaking change shows the shortest action sequence
    that exposes it. Exit 0: no differences; 1: differences (see --fail-on); 3/4: a source
    could not be read.

    Examples:

      cloudstates diff ec2 rhevm

      cloudstates diff deltacloud-docs ec2 --normalize --format markdown

      cloudstates diff ec2 aws-ec2 --canonical

    """
    from cloudstates.analysis.diff import diff as compare
    from cloudstates.analysis.normalize import prepare, renamed

    a, b = load(source_a, remote), load(source_b, remote)
    names = {"a": renamed(a), "b": renamed(b)} if normalize else {}
    result = compare(prepare(a, normalize=normalize, canonical=canonical),
                     prepare(b, normalize=normalize, canonical=canonical), renamed=names)

    if not quiet:
        from cloudstates.render import diff as view

        fmt = choose_format(fmt, output, ("text", "json", "markdown"), "text")
        if fmt == "json":
            write_output(view.to_json(result, source_a, source_b, normalized=normalize), output, force=force)
        elif fmt == "markdown":
            write_output(view.to_markdown(result, source_a, source_b, normalized=normalize), output, force=force)
        elif output is None:
            from cloudstates.render.console import stdout_console

            view.render_text(result, source_a, source_b, stdout_console(), normalized=normalize)
        else:
            from cloudstates.render.console import plain_text

            text = plain_text(lambda console: view.render_text(result, source_a, source_b, console,
                                                               normalized=normalize))
            write_output(text, output, force=force)

    failing = {"any": bool(result.changes), "breaking": result.breaking > 0, "never": False}[fail_on]
    if failing:
        raise typer.Exit(1)
