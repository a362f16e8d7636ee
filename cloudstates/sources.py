"""Resolve a SOURCE: a bundled or CLOUDSTATES_PATH name, a definition file, or an http(s) URL.

One resolver serves every command. Bundled and other YAML files are loaded through a
content-addressed cache of their checked data, so a warm start needs no YAML parser.
"""

from __future__ import annotations

import os
import zlib
from pathlib import Path

from cloudstates import __version__
from cloudstates.errors import DefinitionError
from cloudstates.model import Machine

MAX_FILE_BYTES = 5 * 1024 * 1024
# Bump when the loader's checks or its plain-data shape change, so no cached entry outlives the rules
# it was checked under (the package version alone does not move during development).
CACHE_FORMAT = 2
DEFINITION_SUFFIXES = (".yaml", ".yml")


def bundled_dir() -> Path:
    """definitions/ inside the installed wheel, or beside the package in a checkout (editable install)."""
    here = Path(__file__).resolve().parent
    inside = here / "definitions"
    return inside if inside.is_dir() else here.parent / "definitions"


def search_dirs() -> list[Path]:
    """CLOUDSTATES_PATH folders first (a team's private clouds), then the bundled definitions."""
    extra = [Path(p).expanduser() for p in os.environ.get("CLOUDSTATES_PATH", "").split(os.pathsep) if p]
    return extra + [bundled_dir()]


class Entry:
    """A named definition file and any same-named files it hides further down the search path."""

    __slots__ = ("name", "path", "shadowed")

    def __init__(self, name: str, path: Path):
        self.name = name
        self.path = path
        self.shadowed: list[Path] = []

    @property
    def bundled(self) -> bool:
        return self.path.parent == bundled_dir()


def catalog() -> dict[str, Entry]:
    """Every definition name on the search path, sorted by name; the first file found wins."""
    entries: dict[str, Entry] = {}
    for folder in search_dirs():
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            continue
        for filename in names:
            stem, dot, ext = filename.rpartition(".")
            if not dot or f".{ext}" not in DEFINITION_SUFFIXES or not stem:
                continue
            path = folder / filename
            if stem in entries:
                entries[stem].shadowed.append(path)
            else:
                entries[stem] = Entry(stem, path)
    return dict(sorted(entries.items()))


def catalog_machines():
    """(entry, machine, None) for each definition on the search path, or (entry, None, error) for a broken one."""
    for entry in catalog().values():
        try:
            yield entry, load_file(entry.path, provider=entry.name), None
        except DefinitionError as error:
            yield entry, None, error


def is_url(spec: str) -> bool:
    return spec.lower().startswith(("http://", "https://"))


def resolve(spec: str, **remote_options) -> Machine:
    """The machine a SOURCE names; DefinitionError (exit 3) or RemoteError (exit 4) if it cannot be had."""
    if is_url(spec):
        from cloudstates import remote

        return remote.load(spec, **remote_options)
    from cloudstates.formats import READABLE_EXTENSIONS

    lower = spec.lower()
    if os.sep in spec or (os.altsep and os.altsep in spec) or any(lower.endswith(e) for e in READABLE_EXTENSIONS):
        return load_file(Path(spec))
    entry = catalog().get(spec)
    if entry is None:
        raise unknown_name(spec)
    return load_file(entry.path, provider=entry.name)


def unknown_name(spec: str) -> DefinitionError:
    import difflib

    names = list(catalog())
    close = difflib.get_close_matches(spec, names, n=3, cutoff=0.5)
    if close:
        hint = "did you mean " + " or ".join(close) + "?"
    else:
        hint = "run 'cloudstates list' for the names; a file path or an http(s) URL also works"
    return DefinitionError(spec, "no such provider, file or URL", hint=hint)


def read_bytes(path: Path) -> bytes:
    origin = str(path)
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise DefinitionError(origin, "no such file", hint="check the path, or run 'cloudstates list' for names") \
            from None
    except IsADirectoryError:
        raise DefinitionError(origin, "is a folder, not a definition file") from None
    except OSError as exc:
        raise DefinitionError(origin, f"cannot read: {exc.strerror or exc}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise DefinitionError(origin, f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB; not a definition")
    return raw


def load_file(path: Path, provider: str | None = None) -> Machine:
    """A machine from a file in any readable format, chosen by its extension."""
    from cloudstates.formats import READABLE_EXTENSIONS

    origin = str(path)
    suffix = path.suffix.lower()
    fmt = READABLE_EXTENSIONS.get(suffix)
    if fmt is None:
        if path.is_dir():
            raise DefinitionError(origin, "is a folder, not a definition file",
                                  hint="name a file in it, or add the folder to CLOUDSTATES_PATH")
        known = ", ".join(sorted(READABLE_EXTENSIONS))
        what = f"a '{suffix}' file" if suffix else "a file without an extension"
        raise DefinitionError(origin, f"cannot tell the format of {what}", hint=f"sources end in {known}")
    raw = read_bytes(path)
    if fmt.name == "yaml":
        return _load_definition(raw, origin)
    return fmt.load().parse(raw, origin, provider or path.stem)


def _load_definition(raw: bytes, origin: str) -> Machine:
    from cloudstates.formats.plain import machine_from_data

    return machine_from_data(_checked_data(raw, origin), origin)


# ------------------------------------------------------------------ cache

def cache_dir() -> Path | None:
    if os.environ.get("CLOUDSTATES_NO_CACHE"):
        return None
    base = os.environ.get("CLOUDSTATES_CACHE_DIR")
    if base:
        return Path(base)
    xdg = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(xdg) / "cloudstates"


def _checked_data(raw: bytes, origin: str) -> dict:
    """Checked plain data for a definition file, from the cache when its exact bytes were seen before.

    The cache key is the content itself (length and two checksums) plus our version and the
    cache format, so an edited file can never be served stale, whatever its modification time says.
    """
    import json

    folder = cache_dir()
    key = f"{__version__}-{CACHE_FORMAT}-{len(raw)}-{zlib.crc32(raw):08x}-{zlib.adler32(raw):08x}.json"
    if folder is not None:
        try:
            with open(folder / key, encoding="utf-8") as handle:
                cached = json.load(handle)
            if isinstance(cached, dict) and isinstance(cached.get("states"), dict) and "provider" in cached:
                return cached
        except (OSError, ValueError):
            pass
    from cloudstates.formats.definition import decode, load_data

    data = load_data(decode(raw, origin), origin)
    if folder is not None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            tmp = folder / f".{key}.{os.getpid()}.tmp"
            with open(tmp, "w", encoding="utf-8") as handle:
                json.dump(data, handle, ensure_ascii=False)
            os.replace(tmp, folder / key)
        except OSError:
            pass  # a read-only home is no reason to fail; the next run parses again
    return data
