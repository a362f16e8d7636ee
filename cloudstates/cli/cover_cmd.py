"""``cloudstates cover``: action sequences that take every transition (model-based testing)."""

import typer

from cloudstates.cli.app import app
from cloudstates.cli.common import (
    ForceOption,
    LiteralOption,
    OutputOption,
    RemoteOptions,
    SourceArg,
    TextJsonFormat,
    choose_format,
    load,
    remote_options,
    write_output,
)


@app.command("cover")
@remote_options
def cover(
    source: SourceArg,
    literal: LiteralOption = False,
    fmt: TextJsonFormat = None,
    output: OutputOption = None,
    force: ForceOption = False,
    remote: RemoteOptions = RemoteOptions(),
) -> None:
    """A few action sequences from the initial state that together take every transition once or more.

    Turn each sequence into an integration test: run its actions on a fresh instance and check
    the states on the way. An 'auto' step out of a state that waits for actions means waiting
    for it to move by itself; a step among several automatic destinations depends on the
    cloud. Transitions whose state cannot be reached are listed as not coverable, and exit 1.

    Examples:

      cloudstates cover rhevm

      cloudstates cover digitalocean --format json

      cloudstates cover ./mycloud.yaml -o cover.json
    """
    import json

    from cloudstates.analysis.cover import transition_cover
    from cloudstates.analysis.simulate import Graph
    from cloudstates.render.simulate import cover_text

    fmt = choose_format(fmt, output, ("text", "json"), "text")
    machine = load(source, remote)
    g = Graph(machine, literal)
    result = transition_cover(g)
    if fmt == "json":
        text = json.dumps(dict(result.as_dict(), literal=literal), indent=2, ensure_ascii=False) + "\n"
    else:
        text = cover_text(g, result)
    write_output(text, output, force=force)
    if result.uncovered:
        raise typer.Exit(1)
