"""Definition files (YAML): strict loading with file:line errors, and emitting.

Loading goes text -> checked plain data -> Machine. The plain data is what the
bundled-definition cache stores, so a cached load needs neither YAML nor checks.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from typing import Any

from cloudstates.errors import DefinitionError
from cloudstates.formats.plain import machine_from_data
from cloudstates.model import Machine

# The bundled definitions sit beside the JSON Schema (definitions/definition.schema.json, shipped in the
# wheel as cloudstates/definitions/); a file written elsewhere cannot know a path to it, so it gets none.
SCHEMA_COMMENT = "# yaml-language-server: $schema=definition.schema.json"

TOP_FIELDS = ("provider", "title", "description", "sources", "initial", "final", "actions", "notes", "states")
STATE_FIELDS = ("maps_to", "note", "transitions")
TRANSITION_FIELDS = ("to", "action", "auto", "note")
SOURCE_FIELDS = ("url", "title", "revision", "read", "driver", "provider", "server", "etag")

_YAML11_SPECIAL = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~", ""}
_QUOTE_HINT = "quote names such as 'on', 'off', 'yes', 'no' or numbers, e.g. to: 'off'"


# ---------------------------------------------------------------- loading

@functools.cache
def _make_loader():
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class LineDict(dict):
        """A mapping that remembers where it and each of its keys stood."""

        __slots__ = ("line", "key_lines")

    class StrictLoader(base):  # type: ignore[misc, valid-type]
        def construct_object(self, node, deep=False):
            # An alias is a second visit to a node. Definition files need none, and refusing them bounds
            # the work to the file's size (no "billion laughs" expansion, no recursive structures).
            if node in self.constructed_objects or node in self.recursive_objects:
                raise _Problem("YAML anchors and aliases (&name, *name) are not allowed in definition files",
                               node.start_mark.line + 1, "write the value out in full")
            return super().construct_object(node, deep)

    def construct_map(loader, node):
        data = LineDict()
        data.line = node.start_mark.line + 1
        data.key_lines = {}
        yield data
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _Problem("YAML merge keys (<<) are not allowed in definition files",
                               key_node.start_mark.line + 1, "write the keys out in full")
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            try:
                duplicate = key in data
            except TypeError:
                raise _Problem("a mapping key must be a plain name", line) from None
            if duplicate:
                first = data.key_lines.get(key)
                raise _Problem(f"duplicate key {key!r} (first defined on line {first})", line,
                               "each key may appear once; merge the two entries")
            data[key] = loader.construct_object(value_node, deep=True)
            data.key_lines[key] = line

    StrictLoader.add_constructor("tag:yaml.org,2002:map", construct_map)
    return yaml, StrictLoader


class _Problem(Exception):
    def __init__(self, message: str, line: int | None = None, hint: str | None = None):
        super().__init__(message)
        self.message, self.line, self.hint = message, line, hint


def decode(raw: bytes, origin: str) -> str:
    """Bytes to text: UTF-8 (a BOM is allowed), anything else is a clear error."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DefinitionError(origin, f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start})",
                              hint="save the file as UTF-8") from None


def load_data(text: str, origin: str) -> dict[str, Any]:
    """Parse and check a definition; return plain, checked data (see ``machine_from_data``)."""
    yaml, loader = _make_loader()
    try:
        doc = yaml.load(text, Loader=loader)
    except _Problem as p:
        raise DefinitionError(origin, p.message, line=p.line, hint=p.hint) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = (exc.problem or exc.context or "malformed YAML").strip()
        hint = None
        if "could not determine a constructor" in what:
            hint = "definition files may not use YAML tags that construct objects"
            what = "YAML tag not allowed: " + what.split("for the tag", 1)[-1].strip(" '!")
        raise DefinitionError(origin, f"malformed YAML: {what}", line=line, hint=hint) from None
    except yaml.YAMLError as exc:
        raise DefinitionError(origin, f"malformed YAML: {str(exc).splitlines()[0]}") from None
    except RecursionError:
        raise DefinitionError(origin, "malformed YAML: nested too deeply") from None
    except (ValueError, OverflowError) as exc:  # e.g. an integer of more than 4300 digits
        what = str(exc).splitlines()[0][:160]
        if "integer string conversion" in what:
            what = "a number with more digits than Python reads (4300)"
        raise DefinitionError(origin, f"malformed YAML: {what}", hint=_QUOTE_HINT) from None
    try:
        return _check(doc, origin)
    except _Problem as p:
        raise DefinitionError(origin, p.message, line=p.line, hint=p.hint) from None


def _line(node: Any, key: Any = None) -> int | None:
    lines = getattr(node, "key_lines", None)
    if key is not None and lines and key in lines:
        return lines[key]
    return getattr(node, "line", None)


def _fields(node: Any, allowed: tuple[str, ...], what: str) -> None:
    for key in node:
        if key not in allowed:
            import difflib

            close = difflib.get_close_matches(str(key), allowed, n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"allowed: {', '.join(allowed)}"
            raise _Problem(f"unknown field {key!r} in {what}", _line(node, key), hint)


def _text(node: Any, key: str, what: str, *, required: bool = False, name: bool = False) -> str | None:
    value = node.get(key)
    if value is None:
        if required:
            raise _Problem(f"{what} needs {key!r}", _line(node))
        return None
    if isinstance(value, (_dt.date, _dt.datetime)) and not name:
        return value.isoformat()
    if not isinstance(value, str):
        hint = _QUOTE_HINT if name else None
        raise _Problem(f"{key!r} in {what} must be text, not {_type_name(value)}", _line(node, key), hint)
    if name and not value.strip():
        raise _Problem(f"{key!r} in {what} must not be empty", _line(node, key))
    return value


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def _mapping(node: Any, what: str, line: int | None) -> dict:
    if not isinstance(node, dict):
        raise _Problem(f"{what} must be a mapping, not {_type_name(node)}", line)
    return node


def _check(doc: Any, origin: str) -> dict[str, Any]:
    if doc is None:
        raise _Problem("the file is empty", None, "a definition needs at least 'provider' and 'states'")
    _mapping(doc, "a definition", 1)
    _fields(doc, TOP_FIELDS, "the definition")
    out: dict[str, Any] = {}
    provider = _text(doc, "provider", "the definition", name=True)
    if provider is None:
        raise _Problem("the definition needs 'provider' (its name)", 1, "add e.g. 'provider: mycloud'")
    out["provider"] = provider
    for key in ("title", "description", "notes"):
        value = _text(doc, key, "the definition")
        if value is not None:
            out[key] = value
    sources = doc.get("sources")
    if sources is not None:
        if not isinstance(sources, list):
            raise _Problem("'sources' must be a list of {url, title, ...}", _line(doc, "sources"))
        out["sources"] = []
        for item in sources:
            _mapping(item, "each source", _line(doc, "sources"))
            _fields(item, SOURCE_FIELDS, "a source")
            out["sources"].append({k: _text(item, k, "a source", required=(k == "url"))
                                   for k in SOURCE_FIELDS if k in item or k == "url"})
    states = doc.get("states")
    if states is None:
        raise _Problem("the definition needs 'states'", 1, "add a 'states:' mapping of state names")
    _mapping(states, "'states'", _line(doc, "states"))
    if not states:
        raise _Problem("'states' is empty", _line(doc, "states"))
    out["initial"] = _text(doc, "initial", "the definition", name=True) or "start"
    final = doc.get("final", ["finish"])
    if isinstance(final, str):
        final = [final]
    if not isinstance(final, list) or not all(isinstance(f, str) for f in final):
        raise _Problem("'final' must be a list of state names", _line(doc, "final"), _QUOTE_HINT)
    out["final"] = list(final)
    actions = doc.get("actions")
    if actions is not None:
        _mapping(actions, "'actions'", _line(doc, "actions"))
        for native, canonical in actions.items():
            if not isinstance(native, str) or not (canonical is None or isinstance(canonical, str)):
                raise _Problem("'actions' maps native action names to Deltacloud actions (or null)",
                               _line(actions, native), _QUOTE_HINT)
        out["actions"] = dict(actions)
    out["states"] = {}
    for name, body in states.items():
        if not isinstance(name, str):
            raise _Problem(f"state name {name!r} must be text, not {_type_name(name)}", _line(states, name), _QUOTE_HINT)
        if not name.strip():
            raise _Problem("a state name must not be empty", _line(states, name))
        out["states"][name] = _check_state(name, body, _line(states, name))
    return out


def _check_state(name: str, body: Any, line: int | None) -> dict[str, Any]:
    what = f"state {name!r}"
    if body is None:
        return {}
    _mapping(body, what, line)
    _fields(body, STATE_FIELDS, what)
    out: dict[str, Any] = {}
    for key in ("maps_to", "note"):
        value = _text(body, key, what, name=(key == "maps_to"))
        if value is not None:
            out[key] = value
    transitions = body.get("transitions")
    if transitions is None:
        return out
    if not isinstance(transitions, list):
        raise _Problem(f"'transitions' of {what} must be a list", _line(body, "transitions"),
                       "write each as '- {to: running, action: start}' or '- {to: running, auto: true}'")
    out["transitions"] = [_check_transition(what, t, _line(body, "transitions")) for t in transitions]
    return out


def _check_transition(state_what: str, node: Any, line: int | None) -> dict[str, Any]:
    what = f"a transition of {state_what}"
    _mapping(node, what, line)
    _fields(node, TRANSITION_FIELDS, what)
    out: dict[str, Any] = {"to": _text(node, "to", what, required=True, name=True)}
    action = _text(node, "action", what, name=True)
    auto = node.get("auto")
    if auto is not None and auto is not True:
        raise _Problem(f"'auto' in {what} must be true (or be left out)", _line(node, "auto"))
    if (action is None) == (auto is None):
        raise _Problem(f"{what} needs exactly one of 'action' or 'auto: true'", _line(node),
                       "an action the user issues, or 'auto: true' for one that happens by itself")
    if action is not None:
        out["action"] = action
    else:
        out["auto"] = True
    note = _text(node, "note", what)
    if note is not None:
        out["note"] = note
    return out


def parse(raw: bytes, origin: str) -> Machine:
    return machine_from_data(load_data(decode(raw, origin), origin), origin)


# ---------------------------------------------------------------- emitting

_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_./-]*\Z")
_PLAIN_TEXT = re.compile(r"[A-Za-z0-9(][^:#\"'\n\r\t\\]*\Z")


def scalar(value: str, *, text: bool = False) -> str:
    """A YAML scalar that reads back as exactly ``value`` (a string)."""
    plain = _PLAIN_TEXT if text else _PLAIN
    if (plain.match(value) and value.lower() not in _YAML11_SPECIAL and value == value.strip()
            and not _looks_special(value) and value.isprintable()):
        return value
    out = []
    for ch in value:
        code = ord(ch)
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch.isprintable() and ch not in "\u2028\u2029\ufeff" and not 0xD800 <= code <= 0xDFFF:
            out.append(ch)
        elif code <= 0xFF:
            out.append(f"\\x{code:02x}")
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


def _looks_special(value: str) -> bool:
    """Plain scalars YAML 1.1 would read as numbers, dates or null."""
    v = value.replace("_", "")
    return bool(re.match(r"[-+.]?[0-9]", v)) or v.startswith(("-", "?", "!", "&", "*", "%", "@", "`"))


def _text_block(value: str, indent: str) -> str:
    """A literal block (``|``) for readable multi-line text, else a quoted scalar.

    A block keeps at most one trailing newline (``|``) or none (``|-``), and cannot hold leading
    blanks, trailing spaces or non-printable characters: those go quoted.
    """
    body = value.rstrip("\n")
    trailing = len(value) - len(body)
    lines = body.split("\n")
    if (len(lines) > 1 and trailing <= 1 and not value.startswith((" ", "\n"))
            and all(line.isprintable() and line == line.rstrip() for line in lines)):
        indented = "\n".join(indent + "  " + line if line else "" for line in lines)
        return f"|{'' if trailing else '-'}\n{indented}"
    return scalar(value, text=True)


def emit(machine: Machine, *, schema_comment: bool = False) -> str:
    """The machine as a definition file; ``load`` of the result gives the same machine."""
    lines = [SCHEMA_COMMENT] if schema_comment else []
    lines.append(f"provider: {scalar(machine.provider)}")
    for key in ("title", "description"):
        value = getattr(machine, key)
        if value is not None:
            lines.append(f"{key}: {_text_block(value, '')}")
    if machine.sources:
        lines.append("sources:")
        for source in machine.sources:
            items = list(source.as_dict().items())
            for i, (k, v) in enumerate(items):
                lines.append(f"  {'- ' if i == 0 else '  '}{k}: {scalar(v, text=True)}")
    lines.append(f"initial: {scalar(machine.initial)}")
    lines.append("final: [" + ", ".join(scalar(f) for f in machine.final) + "]")
    if machine.actions:
        lines.append("actions:")
        for native, canonical in machine.actions:
            lines.append(f"  {scalar(native)}: {'null' if canonical is None else scalar(canonical)}")
    if machine.notes is not None:
        lines.append(f"notes: {_text_block(machine.notes, '')}")
    lines.append("states:")
    for state in machine.states:
        fields = []
        if state.maps_to is not None:
            fields.append(f"    maps_to: {scalar(state.maps_to)}")
        if state.note is not None:
            fields.append(f"    note: {_text_block(state.note, '    ')}")
        if state.transitions:
            fields.append("    transitions:")
            for t in state.transitions:
                kind = f"action: {scalar(t.action)}" if t.action is not None else "auto: true"
                note = f", note: {scalar(t.note)}" if t.note is not None else ""
                fields.append(f"      - {{to: {scalar(t.target)}, {kind}{note}}}")
        lines.append(f"  {scalar(state.name)}:" + ("" if fields else " {}"))
        lines.extend(fields)
    return "\n".join(lines) + "\n"
