"""``cloudstates list``: every provider on the search path."""

import json
from typing import Annotated, Literal

import typer

from cloudstates.cli.app import app
from cloudstates.errors import CloudstatesError, DefinitionError, report


def provider_rows() -> tuple[list[dict], list[CloudstatesError]]:
    from cloudstates.sources import catalog_machines

    rows, errors = [], []
    for entry, machine, error in catalog_machines():
        row = {"name": entry.name, "path": str(entry.path), "bundled": entry.bundled,
               "shadows": [str(p) for p in entry.shadowed]}
        if error is not None:
            errors.append(error)
            row["error"] = str(error)
        else:
            row.update(title=machine.title, description=machine.description, states=len(machine.states),
                       transitions=machine.transition_count,
                       source=machine.sources[0].url if machine.sources else None)
        rows.append(row)
    return rows, errors


@app.command("list")
def list_providers(
    fmt: Annotated[Literal["table", "json", "yaml"], typer.Option(
        "--format", "-f", help="Output format.")] = "table",
) -> None:
    """List the providers: bundled definitions and those on CLOUDSTATES_PATH.

    Folders on CLOUDSTATES_PATH (separated by the system's path separator) are searched
    before the bundled definitions; when a name is found twice, the first file wins and
    the table says which files it hides.

    Examples:

      cloudstates list

      CLOUDSTATES_PATH=./clouds cloudstates list --format json
    """
    rows, errors = provider_rows()
    if fmt == "table":
        from cloudstates.render.console import stdout_console
        from cloudstates.render.machines import provider_table

        console = stdout_console()
        console.print(provider_table(rows))
    elif fmt == "json":
        print(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        import yaml

        print(yaml.safe_dump(rows, sort_keys=False, allow_unicode=True), end="")
    if errors:
        for error in errors:
            report(error)
        raise typer.Exit(DefinitionError.exit_code)
