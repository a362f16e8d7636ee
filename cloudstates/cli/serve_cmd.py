"""``cloudstates serve``: definitions as a read-only, Deltacloud-compatible HTTP API."""

import os
from typing import Annotated, Optional

import typer

from cloudstates.cli.app import app
from cloudstates.cli.common import RemoteOptions, complete_source, load
from cloudstates.errors import CloudstatesError, OutputError, report


@app.command("serve")
def serve(
    sources: Annotated[Optional[list[str]], typer.Argument(
        metavar="[SOURCE]...", autocompletion=complete_source, show_default=False,
        help="Providers, files or URLs to serve, each as a driver named by its provider "
             "(default: every provider on the search path). The first is the default driver.")] = None,
    host: Annotated[str, typer.Option(
        "--host", metavar="ADDRESS", help="Address to listen on; 0.0.0.0 exposes it to the network.")]
        = "127.0.0.1",
    port: Annotated[int, typer.Option(
        "--port", metavar="PORT", min=0, max=65535, help="TCP port (0: any free port).")] = 3001,
    user: Annotated[Optional[str], typer.Option(
        "--user", metavar="USER",
        help="Require HTTP Basic as USER; the password comes from CLOUDSTATES_PASSWORD.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Do not log requests.")] = False,
) -> None:
    """Serve definitions as a Deltacloud API: GET /api, /api/instance_states, /api/drivers.

    /api/instance_states answers XML by default (as Deltacloud 1.1 does), JSON for
    'Accept: application/json' or ?format=json, Graphviz for ?format=gv and an HTML page for
    browsers. The driver is picked by the X-Deltacloud-Driver header or ?driver=. Responses
    carry an ETag (If-None-Match gives 304). One line per request is logged on stderr.

    Examples:

      cloudstates serve

      cloudstates serve ec2 ./mycloud.yaml --port 8080

      CLOUDSTATES_PASSWORD=secret cloudstates serve --user alice
    """
    import sys

    from cloudstates.server import make_server, run

    password = None
    if user is not None:
        password = os.environ.get("CLOUDSTATES_PASSWORD")
        if not password:
            raise typer.BadParameter("set CLOUDSTATES_PASSWORD to the password clients must send",
                                     param_hint="'--user'")
    machines = _machines(sources)
    try:
        server = make_server(machines, host, port, default=next(iter(machines)) if sources else None,
                             user=user, password=password, log=None if quiet else sys.stderr)
    except OSError as exc:
        import errno

        hint = ("pick another --port, or stop what is using it" if exc.errno in (errno.EADDRINUSE, errno.EACCES)
                else "check --host: an address or name of this machine, e.g. 127.0.0.1")
        raise OutputError(f"cannot listen on {host}:{port}: {exc.strerror or exc}", hint=hint) from None
    if host not in ("127.0.0.1", "localhost", "::1") and user is None:
        report(f"listening on {host} without --user: anyone who can reach it can read it", kind="warning")
    run(server, announce=sys.stderr)


def _machines(sources: Optional[list[str]]) -> dict:
    if sources:
        machines = {}
        for spec in sources:
            machine = load(spec, RemoteOptions())
            if machine.provider in machines:
                raise typer.BadParameter(f"two sources are both named {machine.provider!r}; "
                                         "each driver needs its own name", param_hint="'SOURCE'")
            machines[machine.provider] = machine
        return machines
    from cloudstates.sources import catalog_machines

    machines = {}
    for entry, machine, error in catalog_machines():
        if error is not None:
            report(f"not serving {entry.name}: {error}", kind="warning")
        else:
            machines[entry.name] = machine
    if not machines:
        raise CloudstatesError("nothing to serve", hint="give a SOURCE, or check CLOUDSTATES_PATH")
    return machines
