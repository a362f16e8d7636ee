"""The command line: thin Typer commands over the library. ``main`` is the console script."""

import sys

from cloudstates.cli.app import COMMANDS, app, use_plain_output
from cloudstates.errors import CloudstatesError


def main() -> None:
    if any("@" in arg for arg in sys.argv[1:]):
        # user:password@ in a URL argument: set aside before any command can echo it back.
        from cloudstates.remote import take_credentials

        sys.argv[1:] = take_credentials(sys.argv[1:])
    if use_plain_output():
        app.rich_markup_mode = None  # click's plain help and errors
    try:
        app()
    except CloudstatesError as error:
        print(f"cloudstates: error: {error}", file=sys.stderr)
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        print("cloudstates: interrupted", file=sys.stderr)
        sys.exit(130)
    except BrokenPipeError:
        # The reader went away (`cloudstates list | head`): not an error worth a traceback.
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(141)


__all__ = ["COMMANDS", "app", "main"]
