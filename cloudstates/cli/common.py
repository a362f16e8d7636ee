"""What the commands share: the SOURCE argument, remote options, loading, output and errors."""

import functools
import inspect
import os
import sys
from pathlib import Path
from typing import Annotated, Literal, Optional

import typer

from cloudstates.errors import OutputError

REMOTE_PANEL = "Remote sources (http/https URLs)"
DEFAULT_TIMEOUT = 10.0


def complete_provider(incomplete: str) -> list[str]:
    """Provider names (bundled and on CLOUDSTATES_PATH) that start with what was typed."""
    from cloudstates.sources import catalog

    return [name for name in catalog() if name.startswith(incomplete)]


def complete_source(incomplete: str) -> list[str]:
    """Provider names, then definition files and folders, that start with what was typed."""
    return complete_provider(incomplete) + complete_paths(incomplete)


def complete_state(ctx: typer.Context, incomplete: str) -> list[str]:
    """State names of the SOURCE already on the command line (names and files; never a network call)."""
    from cloudstates.errors import CloudstatesError
    from cloudstates.sources import is_url, resolve

    spec = ctx.params.get("source") or ctx.params.get("provider") or _source_from_words(ctx)
    if not spec or is_url(spec):
        return []
    try:
        machine = resolve(spec)
    except CloudstatesError:
        return []
    return [name for name in machine.state_names if name.startswith(incomplete)]


def _source_from_words(ctx: typer.Context) -> Optional[str]:
    """The SOURCE from the shell's words, for when click could not parse the line yet
    (completing an option's value, e.g. ``simulate rhevm --from <TAB>``)."""
    import shlex

    line = os.environ.get("_TYPER_COMPLETE_ARGS") or os.environ.get("COMP_WORDS", "")
    try:
        words = shlex.split(line)
    except ValueError:
        return None
    if ctx.info_name not in words:
        return None
    takes_value = {opt for p in ctx.command.params if p.param_type_name == "option" and not getattr(p, "is_flag", False)
                   for opt in p.opts}
    rest = words[words.index(ctx.info_name) + 1:]
    for i, word in enumerate(rest):
        if word == "--provider" and i + 1 < len(rest):
            return rest[i + 1]
        if not word.startswith("-") and (i == 0 or rest[i - 1] not in takes_value):
            return word
    return None


def complete_paths(incomplete: str) -> list[str]:
    """Folders (with a trailing slash) and files a SOURCE can be: .yaml, .yml, .xml, .json, .scxml."""
    from cloudstates.formats import READABLE_EXTENSIONS

    folder, _, prefix = incomplete.rpartition(os.sep)
    try:
        entries = sorted(os.scandir(os.path.expanduser(folder) if folder else "."), key=lambda e: e.name)
    except OSError:
        return []
    out = []
    for entry in entries:
        if not entry.name.startswith(prefix) or (entry.name.startswith(".") and not prefix.startswith(".")):
            continue
        shown = f"{folder}{os.sep}{entry.name}" if folder or incomplete.startswith(os.sep) else entry.name
        if entry.is_dir():
            out.append(shown + os.sep)
        elif os.path.splitext(entry.name)[1].lower() in READABLE_EXTENSIONS:
            out.append(shown)
    return out


SOURCE_HELP = "Provider name (ec2), definition file (.yaml/.xml/.json/.scxml) or http(s) URL of a Deltacloud API."
SourceArg = Annotated[str, typer.Argument(
    metavar="SOURCE", autocompletion=complete_source,
    help=SOURCE_HELP)]


TextJsonFormat = Annotated[Optional[Literal["text", "json"]], typer.Option(
    "--format", "-f", help="text (the default) or json. With --output and no --format, the file's extension "
                           "chooses.")]
OutputOption = Annotated[Optional[Path], typer.Option(
    "--output", "-o", metavar="FILE", help="Write to FILE (atomically) instead of stdout.")]
ForceOption = Annotated[bool, typer.Option("--force", help="Replace an existing --output file.")]
LiteralOption = Annotated[bool, typer.Option(
    "--literal", help="Follow definitions as written: an automatic transition out of the initial state stays "
                      "automatic instead of being the create action.")]
CanonicalOption = Annotated[bool, typer.Option(
    "--canonical", help="Project native lifecycles (aws-ec2, gce, azure-vm, openstack-nova…) onto Deltacloud's "
                        "states and actions first: states that map to the same one are merged, transitions on "
                        "actions with no Deltacloud equivalent are dropped, and leaving the initial state "
                        "counts as create even where a driver wrote it as automatic.")]


class RemoteOptions:
    """How to reach a URL source; ignored for names and files. (Not a dataclass: start-up cost.)"""

    __slots__ = ("driver", "provider", "user", "timeout", "wire", "ca_bundle", "insecure")

    def __init__(self, driver: Optional[str] = None, provider: Optional[str] = None, user: Optional[str] = None,
                 timeout: float = DEFAULT_TIMEOUT, wire: str = "xml", ca_bundle: Optional[Path] = None,
                 insecure: bool = False):
        self.driver, self.provider, self.user, self.timeout = driver, provider, user, timeout
        self.wire, self.ca_bundle, self.insecure = wire, ca_bundle, insecure

    def as_dict(self) -> dict:
        return {name: getattr(self, name) for name in self.__slots__}


def _remote(name: str, default, kind, flag: str, **info) -> inspect.Parameter:
    option = typer.Option(flag, rich_help_panel=REMOTE_PANEL, **info)
    return inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=Annotated[kind, option])


_REMOTE_PARAMS = [
    _remote("driver", None, Optional[str], "--driver", metavar="NAME", autocompletion=complete_provider,
            help="Back-end driver to ask the server for (X-Deltacloud-Driver header)."),
    _remote("provider", None, Optional[str], "--provider", metavar="NAME",
            help="Back-end provider to ask the server for (X-Deltacloud-Provider header)."),
    _remote("user", None, Optional[str], "--user", metavar="USER", envvar="CLOUDSTATES_USER",
            help="HTTP Basic user; the password comes from CLOUDSTATES_PASSWORD, ~/.netrc or a hidden prompt."),
    _remote("timeout", DEFAULT_TIMEOUT, float, "--timeout", metavar="SECONDS", min=0.1,
            help="Seconds to wait to connect, and for each read; a whole load gives up after 3 times that."),
    _remote("wire", "xml", Literal["xml", "json"], "--wire", help="Wire format to ask the server for."),
    _remote("ca_bundle", None, Optional[Path], "--ca-bundle", metavar="PATH",
            help="CA certificates (PEM) to verify the server with."),
    _remote("insecure", False, bool, "--insecure", help="Do not verify TLS certificates (prints a warning)."),
]
REMOTE_NAMES = [p.name for p in _REMOTE_PARAMS]


def remote_options(func):
    """Give a command the remote options; it receives them packed as ``remote: RemoteOptions``."""
    signature = inspect.signature(func)
    own = [p for p in signature.parameters.values() if p.name != "remote"]

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        remote = RemoteOptions(**{name: kwargs.pop(name) for name in REMOTE_NAMES if name in kwargs})
        return func(*args, remote=remote, **kwargs)

    parameters = own + _REMOTE_PARAMS
    wrapper.__signature__ = signature.replace(parameters=parameters)
    wrapper.__annotations__ = {p.name: p.annotation for p in parameters}
    del wrapper.__wrapped__
    return wrapper


def load(spec: str, remote: RemoteOptions):
    """The machine a SOURCE names."""
    from cloudstates.sources import resolve

    return resolve(spec, **remote.as_dict())


# File extensions that name a format beyond the machine formats' own (formats.FORMATS).
_EXTRA_EXTENSIONS = {".csv": "csv", ".md": "markdown", ".markdown": "markdown"}
_TEXT_EXTENSIONS = ("", ".txt", ".text", ".log", ".out")


def choose_format(fmt: Optional[str], output: Optional[Path], choices: tuple[str, ...], default: str) -> str:
    """--format as given; else what --output's extension names (ec2.svg, plan.json, m.csv); else ``default``.

    A table or text written to a file is plain text. An extension that names no format of this
    command is an error rather than a guess.
    """
    if fmt is not None:
        return fmt
    if output is None or str(output) == "-":
        return default
    from cloudstates.formats import format_for_output_path

    ext = Path(output).suffix.lower()
    known = format_for_output_path(str(output))
    guessed = known.name if known else _EXTRA_EXTENSIONS.get(ext)
    if guessed in choices:
        return guessed
    if ext in _TEXT_EXTENSIONS:
        return default
    raise OutputError(f"{output}: cannot tell an output format from '{ext}'",
                      hint=f"add --format ({'|'.join(choices)})")


def write_output(data, path: Optional[Path], *, force: bool = False) -> None:
    """Write text or bytes to stdout, or atomically to ``path`` (never clobbering without ``force``)."""
    if path is None or str(path) == "-":
        if isinstance(data, bytes):
            if sys.stdout.isatty():
                raise OutputError("refusing to write an image to a terminal", hint="use --output FILE")
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:
            sys.stdout.write(data)
            sys.stdout.flush()
        return
    write_file(Path(path), data, force=force)


def write_file(path: Path, data, *, force: bool = False) -> None:
    """Atomic write: a temporary file beside the target, then rename; the original survives any failure.

    A target that exists and is not a regular file (a FIFO, /dev/stdout, a terminal) is written into, never
    renamed over: replacing /dev/null with a file would be worse than any partial write.
    """
    import stat

    payload = data if isinstance(data, bytes) else data.encode("utf-8")
    try:
        mode = os.stat(path).st_mode
    except OSError:
        mode = None
    if mode is not None and stat.S_ISDIR(mode):
        raise OutputError(f"{path}: is a folder", hint="give a file name")
    if mode is not None and not stat.S_ISREG(mode):
        try:
            with open(path, "wb") as handle:
                handle.write(payload)
        except OSError as exc:
            raise OutputError(f"{path}: cannot write: {exc.strerror or exc}") from None
        return
    if mode is not None and not force:
        raise OutputError(f"{path}: already exists", hint="add --force to replace it")
    folder = path.parent if str(path.parent) else Path(".")
    import tempfile

    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode & 0o777)  # the replaced file's permissions
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise OutputError(f"{path}: cannot write: {exc.strerror or exc}") from None
        raise

