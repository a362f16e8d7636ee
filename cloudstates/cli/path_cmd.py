"""``cloudstates path``: how to get from one state to another."""

from typing import Annotated, Optional

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
    complete_state,
    load,
    remote_options,
    write_output,
)
from cloudstates.render import plural


@app.command("path")
@remote_options
def path(
    source: SourceArg,
    start: Annotated[str, typer.Argument(metavar="FROM", autocompletion=complete_state, help="The state to start from.")],
    target: Annotated[str, typer.Argument(metavar="TO", autocompletion=complete_state, help="The state to reach.")],
    all_paths: Annotated[bool, typer.Option(
        "--all", help="List every path that visits no state twice, up to --max-length actions.")] = False,
    max_length: Annotated[Optional[int], typer.Option(
        "--max-length", metavar="N", min=0, help="With --all: at most N actions per path (default 6).",
        show_default=False)] = None,
    literal: LiteralOption = False,
    fmt: TextJsonFormat = None,
    output: OutputOption = None,
    force: ForceOption = False,
    remote: RemoteOptions = RemoteOptions(),
) -> None:
    """The shortest sequence of actions from FROM to TO, with the automatic steps between them.

    Paths are ranked by the steps that depend on the cloud (one of several automatic
    destinations, or a provider event), then by actions, then by steps; the text says which
    steps depend on the cloud. An automatic transition out of the initial state counts as
    the create action unless --literal. No path: exit 1, saying why.

    Examples:

      cloudstates path rhevm running finish

      cloudstates path ec2 start stopped --format json

      cloudstates path digitalocean start finish --all --max-length 4
    """
    import json

    from cloudstates.analysis.paths import no_path_reason, shortest_path, simple_paths
    from cloudstates.analysis.simulate import Graph
    from cloudstates.errors import CloudstatesError
    from cloudstates.render.simulate import path_text

    fmt = choose_format(fmt, output, ("text", "json"), "text")
    if max_length is not None and not all_paths:
        raise typer.BadParameter("only means something with --all", param_hint="'--max-length'")
    max_length = 6 if max_length is None else max_length
    machine = load(source, remote)
    g = Graph(machine, literal)
    src, dst = g.state(start), g.state(target)
    name = machine.provider
    if all_paths:
        found, truncated = simple_paths(g, src, dst, max_length)
    else:
        best = shortest_path(g, src, dst)
        found, truncated = ([best] if best else []), False
    if not found:
        reason = no_path_reason(g, src, dst)
        if all_paths and shortest_path(g, src, dst) is not None:
            reason = f"every path from {g.names[src]} to {g.names[dst]} takes more than {max_length} actions"
        if fmt == "json":
            write_output(json.dumps({"provider": name, "from": g.names[src], "to": g.names[dst], "paths": [],
                                     "reason": reason}, indent=2) + "\n", output, force=force)
        raise CloudstatesError(f"{name}: no path from {g.names[src]} to {g.names[dst]}: {reason}")
    if fmt == "json":
        doc = {"provider": name, "from": g.names[src], "to": g.names[dst], "literal": literal,
               "paths": [p.as_dict() for p in found], "truncated": truncated}
        text = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    else:
        parts = []
        for n, p in enumerate(found, 1):
            head = f"{name}: {g.names[src]} -> {g.names[dst]} in {plural(len(p.actions), 'action')}"
            if all_paths:
                head = f"{n}. " + head
            parts.append(path_text(g, p, title=head))
        text = "\n".join(parts)
        if truncated:
            text += f"(stopped after {len(found)} paths; lower --max-length)\n"
    write_output(text, output, force=force)
