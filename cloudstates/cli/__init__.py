"""The command line: thin Typer commands over the library. ``main`` is the console script."""

import sys

from cloudstates.cli.app import COMMANDS, app, use_plain_output
from cloudstates.errors import CloudstatesError, report


def main() -> None:
    if any("@" in arg for arg in sys.argv[1:]):
        # user:password@ in a URL argument: set aside before any command can echo it back.
        from cloudstates.remote import take_credentials

        sys.argv[1:] = take_credentials(sys.argv[1:])
    if use_plain_output():
        app.rich_markup_mode = None  # click's plain help and errors
    from typer import Abort
    from typer._click.exceptions import ClickException, NoArgsIsHelpError

    try:
        code = app(prog_name="cloudstates", standalone_mode=False)
    except CloudstatesError as error:
        report(error)
        sys.exit(error.exit_code)
    except NoArgsIsHelpError as error:
        print(error.ctx.get_help())
        sys.exit(2)
    except ClickException as error:
        # Usage errors, click's and ours, as one line like every other failure, with where to look.
        where = error.ctx.command_path if getattr(error, "ctx", None) else "cloudstates"
        message = " ".join(error.format_message().split())
        report(f"{message} (see '{where} --help')")
        sys.exit(error.exit_code)
    except Abort:
        print("cloudstates: aborted", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        print("cloudstates: interrupted", file=sys.stderr)
        sys.exit(130)
    except BrokenPipeError:
        # The reader went away (`cloudstates list | head`): not an error worth a traceback.
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(141)
    sys.exit(code if isinstance(code, int) else 0)


__all__ = ["COMMANDS", "app", "main"]
