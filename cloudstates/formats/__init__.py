"""The registry of machine formats: one table every command uses to read and write machines.

Format modules are imported only when used, so start-up stays cheap.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from cloudstates.errors import OutputError


class Format:
    """One format. A plain class, not a dataclass: it is built on every start-up, where each ms counts."""

    __slots__ = ("name", "module", "description", "extensions", "readable", "media_type", "binary")

    def __init__(self, name: str, module: str, description: str, extensions: tuple[str, ...] = (),
                 readable: bool = False, media_type: str = "text/plain", binary: bool = False):
        self.name = name
        self.module = module  # cloudstates.formats.<module>: parse(raw, origin, provider) and/or emit(machine)
        self.description = description
        self.extensions = extensions
        self.readable = readable  # files in this format are sources
        self.media_type = media_type
        self.binary = binary  # emitted as bytes (rendered images)

    def load(self) -> ModuleType:
        return importlib.import_module(f"cloudstates.formats.{self.module}")


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("yaml", "definition", "cloudstates definition file (round-trips)", (".yaml", ".yml"), True,
               "application/yaml"),
        Format("json", "dcjson", "Deltacloud's JSON, as GET /api/instance_states sends it", (".json",), True,
               "application/json"),
        Format("xml", "dcxml", "Deltacloud's XML, as GET /api/instance_states sends it", (".xml",), True,
               "application/xml"),
        Format("scxml", "scxml", "W3C SCXML state chart (round-trips)", (".scxml",), True, "application/scxml+xml"),
        Format("dot", "dot", "Graphviz source", (".dot", ".gv"), media_type="text/vnd.graphviz"),
        Format("mermaid", "mermaid", "Mermaid stateDiagram-v2", (".mmd",)),
        Format("svg", "image", "SVG image drawn by Graphviz's dot", (".svg",), media_type="image/svg+xml",
               binary=True),
        Format("png", "image", "PNG image drawn by Graphviz's dot", (".png",), media_type="image/png", binary=True),
    )
}

READABLE_EXTENSIONS = {ext: f for f in FORMATS.values() if f.readable for ext in f.extensions}


def get(name: str) -> Format:
    return FORMATS[name]


def emit(machine, name: str) -> str | bytes:
    """The machine in format ``name`` (text, or bytes for images)."""
    fmt = FORMATS[name]
    module = fmt.load()
    if fmt.binary:
        return module.render(machine, name)
    return module.emit(machine)


def format_for_output_path(path: str) -> Format | None:
    """The format a file name asks for by its extension, if any."""
    lower = path.lower()
    for fmt in FORMATS.values():
        if lower.endswith(fmt.extensions):
            return fmt
    return None


__all__ = ["FORMATS", "Format", "OutputError", "READABLE_EXTENSIONS", "emit", "get", "format_for_output_path"]
