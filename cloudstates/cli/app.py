"""The Typer application. Commands load lazily: only the module of the command being run is
imported and turned into a click command, so start-up cost does not grow with the command count.

A command module registers its function with ``@app.command("name")`` and is listed in COMMANDS
(do not import command modules from cloudstates/cli/__init__.py: that would make start-up eager).
"""

import importlib
import sys

import typer
from typer.core import TyperGroup

# command name -> module under cloudstates.cli, in the order `--help` lists them.
COMMANDS = {
    "list": "list_cmd",
    "show": "show_cmd",
    "validate": "validate_cmd",
    "diff": "diff_cmd",
    "matrix": "matrix_cmd",
    "fetch": "fetch_cmd",
    "serve": "serve_cmd",
    "simulate": "simulate_cmd",
    "path": "path_cmd",
    "check-plan": "plan_cmd",
    "cover": "cover_cmd",
    "completion": "completion_cmd",
}


class LazyGroup(TyperGroup):
    """A group whose commands are imported and built only when asked for."""

    def list_commands(self, ctx):
        return list(COMMANDS)

    def resolve_command(self, ctx, args):
        try:
            return super().resolve_command(ctx, args)
        except Exception as error:  # click's UsageError for an unknown command: suggest the closest
            message = getattr(error, "message", None)
            if message and args and args[0] not in COMMANDS and "Did you mean" not in message:
                import difflib

                close = difflib.get_close_matches(args[0], list(COMMANDS), n=2)
                if close:
                    error.message = f"{message.rstrip('.')}. Did you mean {', '.join(repr(c) for c in close)}?"
            raise

    def get_command(self, ctx, cmd_name):
        if cmd_name in self.commands:
            return self.commands[cmd_name]
        module = COMMANDS.get(cmd_name)
        if module is None:
            return None
        importlib.import_module(f"cloudstates.cli.{module}")
        for info in app.registered_commands:
            if info.name == cmd_name:
                from typer.main import get_command_from_info

                command = get_command_from_info(info, pretty_exceptions_short=app.pretty_exceptions_short,
                                                rich_markup_mode=app.rich_markup_mode)
                self.commands[cmd_name] = command
                return command
        raise LookupError(f"cloudstates.cli.{module} does not register the command {cmd_name!r}")


app = typer.Typer(
    name="cloudstates",
    cls=LazyGroup,
    help="Cloud instance lifecycles as state machines, for Apache Deltacloud's drivers and today's clouds: "
         "show and validate them, compare providers and versions, step through them, and check that an "
         "action plan works everywhere.\n\n"
         "A SOURCE is a bundled provider name (ec2; see 'cloudstates list'), a definition file (.yaml, .yml, "
         "a saved Deltacloud .xml/.json response, or .scxml) or the http(s) URL of a Deltacloud API.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def use_plain_output() -> bool:
    """Colour and Unicode boxes (rich help and errors) only on a terminal; NO_COLOR and TERM=dumb honoured."""
    from cloudstates.render import plain_output

    return plain_output(sys.stdout) or plain_output(sys.stderr)


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
