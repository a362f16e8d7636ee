"""``cloudstates fetch``: read a live Deltacloud API's instance states into a definition file."""

from typing import Annotated, Optional

import typer

from cloudstates.cli.app import app
from cloudstates.cli.common import ForceOption, OutputOption, RemoteOptions, load, remote_options, write_output


@app.command("fetch")
@remote_options
def fetch(
    url: Annotated[Optional[str], typer.Argument(
        metavar="URL", envvar="CLOUDSTATES_URL", show_default=False,
        help="http(s) URL of a Deltacloud API root (…/api) or its …/api/instance_states; "
             "default: $CLOUDSTATES_URL.")] = None,
    output: OutputOption = None,
    force: ForceOption = False,
    remote: RemoteOptions = RemoteOptions(),
) -> None:
    """Fetch a server's instance states as a definition file (YAML) with its provenance.

    The file records the URL (never credentials), the driver and provider, the server's
    Server header and ETag, and when it was read. Exit 4 when the server cannot be reached
    or answers with an error; 3 when its answer is not instance states.

    Examples:

      cloudstates fetch http://localhost:3001/api --driver ec2 -o ec2.yaml

      CLOUDSTATES_URL=http://localhost:3001/api cloudstates fetch --driver mock
    """
    from cloudstates.formats.definition import emit
    from cloudstates.sources import is_url

    if not url:
        raise typer.BadParameter("give the URL of a Deltacloud API, or set CLOUDSTATES_URL", param_hint="'URL'")
    if not is_url(url):
        from cloudstates.remote import redact

        raise typer.BadParameter(f"{redact(url)!r} is not an http(s) URL "
                                 "(for names and files, use 'cloudstates show SOURCE -f yaml')", param_hint="'URL'")
    machine = load(url, remote)
    write_output(emit(machine), output, force=force)
    if output is not None and str(output) != "-":
        typer.echo(f"cloudstates: wrote {output}: {machine.provider}, {len(machine.states)} states, "
                   f"{machine.transition_count} transitions", err=True)
