"""``cloudstates completion SHELL``: print the shell completion script (Typer's machinery)."""

from typing import Annotated, Literal

import typer

from cloudstates.cli.app import app


@app.command("completion")
def completion(
    shell: Annotated[Literal["bash", "zsh", "fish", "powershell"], typer.Argument(
        metavar="SHELL", help="bash, zsh, fish or powershell.")],
) -> None:
    """Print the completion script for SHELL (the files in completions/ are made by this command).

    Or let `cloudstates --install-completion` install it for the shell you are in.

    Examples:

      cloudstates completion bash >> ~/.bashrc

      cloudstates completion zsh > "${fpath[1]}/_cloudstates"

      cloudstates completion fish > ~/.config/fish/completions/cloudstates.fish
    """
    from typer._completion_shared import get_completion_script

    typer.echo(get_completion_script(prog_name="cloudstates", complete_var="_CLOUDSTATES_COMPLETE", shell=shell))
