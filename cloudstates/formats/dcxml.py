"""Deltacloud's XML wire format, byte for byte as Deltacloud 1.x's haml view writes it."""

from __future__ import annotations

from cloudstates.errors import DefinitionError, OutputError
from cloudstates.formats.wire import machine_from_wire
from cloudstates.model import Machine

_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "'": "&apos;", '"': "&quot;", "\n": "&#10;", "\r": "&#13;",
            "\t": "&#9;"}


def attr(value: str) -> str:
    """An attribute value for single quotes; refuses characters XML 1.0 cannot carry."""
    for ch in value:
        code = ord(ch)
        if (code < 0x20 and ch not in "\t\n\r") or 0xD800 <= code <= 0xDFFF or code in (0xFFFE, 0xFFFF):
            raise OutputError(f"the name {value!r} contains a character XML cannot carry (U+{code:04X})")
    return "".join(_ESCAPES.get(ch, ch) for ch in value)


def emit(machine: Machine) -> str:
    lines = ["<states>"]
    for state in machine.states:
        lines.append(f"  <state name='{attr(state.name)}'>")
        for t in state.transitions:
            # haml sorts attributes by name: action/auto come before to.
            kind = "auto='true'" if t.auto else f"action='{attr(t.action)}'"
            lines.append(f"    <transition {kind} to='{attr(t.target)}'></transition>")
        lines.append("  </state>")
    lines.append("</states>")
    return "\n".join(lines) + "\n"


def parse(raw: bytes, origin: str, provider: str | None = None) -> Machine:
    return from_root(parse_xml(raw, origin), origin, provider)


def from_root(root, origin: str, provider: str | None = None) -> Machine:
    """A Machine from an already parsed ``<states>`` element."""
    if root.tag != "states":
        raise DefinitionError(origin, f"expected Deltacloud's <states> document, found <{root.tag}>",
                              hint="an /api entry point is not the instance_states collection")
    states = []
    for node in root:
        name = node.get("name")
        if node.tag != "state" or not name:
            raise DefinitionError(origin, f"<states> may only hold <state name='…'>, found <{node.tag}>")
        edges = []
        for t in node:
            to, action, auto = t.get("to"), t.get("action"), t.get("auto")
            if t.tag != "transition" or not to:
                raise DefinitionError(origin, f"state {name!r} may only hold <transition to='…'>, found <{t.tag}>")
            if auto == "true" and action is None:
                edges.append((to, None))
            elif action and auto in (None, "false"):
                edges.append((to, action))
            else:
                raise DefinitionError(origin, f"a transition of state {name!r} needs action='…' or auto='true'")
        states.append((name, edges))
    return machine_from_wire(states, origin, provider)


def parse_xml(raw: bytes, origin: str):
    """An ElementTree element, through defusedxml: no DTDs, no entities, no external fetches."""
    from xml.etree.ElementTree import ParseError

    import defusedxml
    from defusedxml import ElementTree

    try:
        return ElementTree.fromstring(raw, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except defusedxml.DefusedXmlException as exc:
        what = {"DTDForbidden": "a DTD (<!DOCTYPE …>)", "EntitiesForbidden": "an entity declaration",
                "ExternalReferenceForbidden": "an external reference"}.get(type(exc).__name__, type(exc).__name__)
        raise DefinitionError(origin, f"refused unsafe XML: {what} is not allowed",
                              hint="cloudstates reads XML without DTDs or entities; remove the <!DOCTYPE …>") from None
    except ParseError as exc:
        raise DefinitionError(origin, f"not well-formed XML: {exc}") from None
    except RecursionError:
        raise DefinitionError(origin, "not well-formed XML: nested too deeply") from None
    except (LookupError, ValueError) as exc:
        # <?xml encoding="…"?> naming an encoding Python does not know, or one expat cannot read (multi-byte)
        raise DefinitionError(origin, f"cannot read the XML's declared encoding: {exc}", hint="save it as UTF-8") \
            from None
