"""``cloudstates validate``: static checks with stable codes."""

import json
from typing import Annotated, Literal, Optional

import typer

from cloudstates.cli.app import app
from cloudstates.cli.common import RemoteOptions, load, remote_options
from cloudstates.errors import CloudstatesError, DefinitionError, report
from cloudstates.render import plural


@app.command("validate")
@remote_options
def validate(
    sources: Annotated[Optional[list[str]], typer.Argument(
        metavar="[SOURCE]...", help="Providers, files or URLs to check (default: every provider on the search path).",
        show_default=False)] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too (exit 1).")] = False,
    fmt: Annotated[Literal["text", "json"], typer.Option("--format", "-f", help="Output format.")] = "text",
    remote: RemoteOptions = RemoteOptions(),
) -> None:
    """Check definitions: undefined or unreachable states, dead ends, nondeterminism, duplicates, names.

    Each finding has a stable code and a severity. Errors exit 1; warnings and notes
    do not, unless --strict (then warnings do). A source that cannot be read exits 3.

    Examples:

      cloudstates validate

      cloudstates validate ./mycloud.yaml --strict

      cloudstates validate condor --format json
    """
    from cloudstates.analysis.validate import ERROR, WARNING
    from cloudstates.analysis.validate import validate as check
    from cloudstates.sources import catalog

    names = sources or list(catalog())
    results, unreadable = [], []
    for spec in names:
        try:
            machine = load(spec, remote)
        except CloudstatesError as error:
            if isinstance(error, DefinitionError) or not sources:
                unreadable.append(error)
                results.append((spec, None, error))
                continue
            raise
        results.append((spec, machine, check(machine)))
    if fmt == "json":
        doc = [{"source": spec, "provider": machine.provider if machine else None,
                "error": str(found) if machine is None else None,
                "findings": [f.as_dict() for f in found] if machine else []} for spec, machine, found in results]
        print(json.dumps(doc, indent=2, ensure_ascii=False))
    elif len(unreadable) < len(results):
        from cloudstates.render.console import stdout_console
        from cloudstates.render.machines import findings_table

        console = stdout_console()
        console.print(findings_table([(m, f) for _, m, f in results if m is not None]))
        counts = [sum(1 for _, m, found in results if m for f in found if f.severity == sev)
                  for sev in ("error", "warning", "info")]
        summary = ", ".join(plural(n, word) for n, word in zip(counts, ("error", "warning", "note")))
        console.print(f"{len(results) - len(unreadable)} checked: {summary}"
                      + (f"; {len(unreadable)} unreadable" if unreadable else ""))
    for error in unreadable:
        report(error)
    if unreadable:
        raise typer.Exit(DefinitionError.exit_code)
    failing = {ERROR, WARNING} if strict else {ERROR}
    if any(f.severity in failing for _, m, found in results if m for f in found):
        raise typer.Exit(1)
