"""The Typer application every command module registers on."""

import typer

app = typer.Typer(
    name="cloudstates",
    help="Cloud instance lifecycles as state machines: list, show and validate them, "
         "for Apache Deltacloud's drivers and today's clouds.\n\n"
         "A SOURCE is a bundled provider name (ec2), a definition file (.yaml, .yml, or a saved "
         "Deltacloud .xml/.json response) or the http(s) URL of a Deltacloud API.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def version_callback(value: bool) -> None:
    if value:
        from cloudstates import __version__

        typer.echo(f"cloudstates {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: bool = typer.Option(False, "--version", callback=version_callback, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """Cloud instance lifecycles as state machines."""
