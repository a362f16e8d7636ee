"""W3C SCXML (State Chart XML, https://www.w3.org/TR/scxml/): emit and read flat machines.

Mapping:
  - each state is an ``<state id=…>``; a final state with no way out is a ``<final id=…>``;
  - an action transition is ``<transition event="ACTION" target="…"/>``; an automatic one is
    an eventless ``<transition target="…"/>`` (in SCXML an eventless transition is taken as soon
    as the state is entered, which is what ``auto`` means);
  - the initial state is the ``initial`` attribute of ``<scxml>``.

State IDs must be XML NCNames and SCXML event names must not contain spaces or ``*``. A name
that cannot stand as it is gets every character that may not stand at its position written as
``_xHHHH_`` (``_xHHHHHH_`` above U+FFFF), the convention of ISO/IEC 9075 and .NET's
``XmlConvert.EncodeName``; a literal ``_x`` is written ``_x005F_x`` so decoding is exact. So
``shutting down`` becomes ``shutting_x0020_down``, ``1st`` becomes ``_x0031_st``, and any SCXML
tool sees a valid ID, while ``parse`` gives back the exact name.

What SCXML has no place for (title, description, notes, sources, the action map, ``maps_to``,
notes on states and transitions, the exact list of final states, transitions to states that are
not defined) travels in attributes and elements of the namespace ``urn:cloudstates:scxml``,
which SCXML processors ignore; so our SCXML round-trips to the same machine as our YAML. A state
that only exists because a transition (or ``initial``/``final``) names it is written as an empty
state marked ``cs:declared="false"``, because SCXML targets must exist.
"""

from __future__ import annotations

import re

from cloudstates.errors import DefinitionError, OutputError
from cloudstates.formats.dcxml import attr, parse_xml
from cloudstates.model import Machine, Source, State, Transition

SCXML_NS = "http://www.w3.org/2005/07/scxml"
CS_NS = "urn:cloudstates:scxml"

# XML 1.0 (fifth edition) NameStartChar and NameChar, without ':' (NCName).
_START = ("A-Z_a-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
          "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff")
_MORE = _START + r"\-.0-9\u00b7\u0300-\u036f\u203f-\u2040"
_START_CHAR = re.compile(f"[{_START}]")
_NAME_CHAR = re.compile(f"[{_MORE}]")
_NCNAME = re.compile(f"[{_START}][{_MORE}]*\\Z")
_ESCAPED = re.compile(r"_x([0-9A-F]{4})_|_x([0-9A-F]{6})_")


def _escape_char(ch: str) -> str:
    code = ord(ch)
    return f"_x{code:04X}_" if code <= 0xFFFF else f"_x{code:06X}_"


def encode_name(name: str, *, event: bool = False) -> str:
    """``name`` as an NCName (a state ID) or, with ``event``, as one SCXML event name; reversible."""
    if not name:
        raise OutputError("SCXML cannot carry an empty state or action name")
    out = []
    for i, ch in enumerate(name):
        allowed = (_START_CHAR if i == 0 and not event else _NAME_CHAR).match(ch)
        if ch == "_" and name.startswith("x", i + 1):
            out.append("_x005F_")
        elif allowed:
            out.append(ch)
        else:
            out.append(_escape_char(ch))
    return "".join(out)


def decode_name(value: str) -> str:
    """The name ``encode_name`` wrote as ``value``."""
    return _ESCAPED.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), value)


def is_ncname(value: str) -> bool:
    return bool(_NCNAME.match(value))


def emit(machine: Machine) -> str:
    ids: dict[str, str] = {}
    # Undeclared names get a placeholder state: every SCXML target and the initial state must exist.
    for name in dict.fromkeys(machine.named_states + (machine.initial, *machine.final)):
        ids[name] = encode_name(name)
    final = set(machine.final)
    root = [f'<scxml xmlns="{SCXML_NS}" xmlns:cs="{CS_NS}" version="1.0" initial="{ids[machine.initial]}"']
    if all(_NAME_CHAR.match(ch) for ch in machine.provider):
        root.append(f' name="{attr(machine.provider)}"')
    root.append(f' cs:provider="{attr(machine.provider)}"')
    if machine.title is not None:
        root.append(f' cs:title="{attr(machine.title)}"')
    natural = [n for n in ids if n in final]
    if list(machine.final) != natural:
        root.append(f' cs:final="{attr(" ".join(ids[n] for n in machine.final))}"')
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', "".join(root) + ">"]
    for key in ("description", "notes"):
        value = getattr(machine, key)
        if value is not None:  # as element text: line breaks stay readable ('&' was escaped, so this is exact)
            lines.append(f"  <cs:{key}>{attr(value).replace('&#10;', chr(10))}</cs:{key}>")
    for source in machine.sources:
        fields = "".join(f' {k}="{attr(v)}"' for k, v in source.as_dict().items())
        lines.append(f"  <cs:source{fields}/>")
    for native, canonical in machine.actions:
        maps = "" if canonical is None else f' maps-to="{attr(canonical)}"'
        lines.append(f'  <cs:action name="{attr(native)}"{maps}/>')
    for name, ident in ids.items():
        state = machine.by_name.get(name)
        transitions = state.transitions if state else ()
        tag = "final" if name in final and not transitions else "state"
        extra = ""
        if state is None:
            extra += ' cs:declared="false"'
        elif tag == "state" and name in final:
            extra += ' cs:final="true"'
        if state is not None and state.maps_to is not None:
            extra += f' cs:maps-to="{attr(state.maps_to)}"'
        if state is not None and state.note is not None:
            extra += f' cs:note="{attr(state.note)}"'
        if not transitions:
            lines.append(f'  <{tag} id="{ident}"{extra}/>')
            continue
        lines.append(f'  <{tag} id="{ident}"{extra}>')
        for t in transitions:
            event = "" if t.auto else f' event="{encode_name(t.action, event=True)}"'
            note = "" if t.note is None else f' cs:note="{attr(t.note)}"'
            lines.append(f'    <transition{event} target="{ids[t.target]}"{note}/>')
        lines.append(f"  </{tag}>")
    lines.append("</scxml>")
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------ reading

_IGNORED = {"datamodel", "script", "onentry", "onexit", "invoke", "history"}  # no bearing on the graph


def _local(tag) -> tuple[str | None, str]:
    if not isinstance(tag, str):  # a comment or processing instruction
        return None, ""
    if tag.startswith("{"):
        ns, _, local = tag[1:].partition("}")
        return ns, local
    return None, tag


def parse(raw: bytes, origin: str, provider: str | None = None) -> Machine:
    """A machine from an SCXML document: flat ``<state>``/``<final>`` children of ``<scxml>``."""
    root = parse_xml(raw, origin)
    ns, local = _local(root.tag)
    if local != "scxml" or ns not in (SCXML_NS, None):
        raise DefinitionError(origin, f"expected an SCXML document (<scxml>), found <{local}>",
                              hint=f"the root element is <scxml xmlns=\"{SCXML_NS}\">")
    own = ns  # SCXML's namespace, or none in a document that leaves it out
    cs = f"{{{CS_NS}}}"
    states: list[tuple[str, dict]] = []
    sources: list[Source] = []
    actions: list[tuple[str, str | None]] = []
    seen: set[str] = set()
    texts: dict[str, str] = {}
    for node in root:
        ns, local = _local(node.tag)
        if ns == CS_NS and local == "source":
            if not node.get("url"):
                raise DefinitionError(origin, "<cs:source> needs url='…'")
            fields = {k: v for k, v in node.attrib.items() if k in Source._fields}
            sources.append(Source(**fields))
            continue
        if ns == CS_NS and local in ("description", "notes"):
            texts[local] = node.text or ""
            continue
        if ns == CS_NS and local == "action":
            if not node.get("name"):
                raise DefinitionError(origin, "<cs:action> needs name='…'")
            actions.append((node.get("name"), node.get("maps-to")))
            continue
        if ns != own or local in _IGNORED or not local:
            continue  # comments, executable content, other namespaces: no bearing on the graph
        if local == "parallel":
            raise DefinitionError(origin, "<parallel> states are not supported",
                                  hint="cloudstates reads flat machines: <state> and <final> only")
        if local not in ("state", "final"):
            raise DefinitionError(origin, f"<scxml> may hold <state> and <final>, found <{local}>")
        ident = node.get("id")
        if not ident:
            raise DefinitionError(origin, f"a <{local}> needs an id", hint="give every state an id='…'")
        name = decode_name(ident)
        if name in seen:
            raise DefinitionError(origin, f"state id {ident!r} is used twice")
        seen.add(name)
        states.append((name, {"node": node, "final": local == "final"}))
    if not states:
        raise DefinitionError(origin, "the document has no states")

    built: list[State] = []
    final_natural: list[str] = []
    for name, info in states:
        node = info["node"]
        transitions = []
        for child in node:
            ns, local = _local(child.tag)
            if ns != own or not local or local in _IGNORED or local == "donedata":
                continue
            if local in ("state", "final", "parallel", "initial"):
                raise DefinitionError(origin, f"state {name!r} has child states (<{local}>); not supported",
                                      hint="cloudstates reads flat machines: no compound states")
            if local != "transition":
                raise DefinitionError(origin, f"state {name!r} may hold <transition>, found <{local}>")
            if info["final"]:
                raise DefinitionError(origin, f"final state {name!r} has a <transition>",
                                      hint="SCXML's <final> states have no way out")
            target = (child.get("target") or "").split()
            if len(target) != 1:
                raise DefinitionError(origin, f"a transition of state {name!r} needs exactly one target "
                                              f"(found {len(target)})")
            if child.get("cond") is not None:
                raise DefinitionError(origin, f"a transition of state {name!r} has a cond; conditions are "
                                              "not supported", hint="a machine's transitions are unconditional")
            note = child.get(cs + "note")
            events = (child.get("event") or "").split()
            for event in events or [None]:
                action = None if event is None else decode_name(event)
                transitions.append(Transition(name, decode_name(target[0]), action, note))
        if node.get(cs + "declared") == "false":
            if transitions:
                raise DefinitionError(origin, f"state {name!r} is marked cs:declared='false' but has transitions")
            if info["final"]:
                final_natural.append(name)
            continue
        if info["final"] or node.get(cs + "final") == "true":
            final_natural.append(name)
        built.append(State(name, tuple(transitions), node.get(cs + "maps-to"), node.get(cs + "note")))

    if not built:
        raise DefinitionError(origin, "the document has no states (only cs:declared='false' placeholders)")
    initial = root.get("initial")
    if initial is not None:
        ids = initial.split()
        if len(ids) != 1:
            raise DefinitionError(origin, "<scxml initial='…'> must name one state")
        initial = decode_name(ids[0])
        if initial not in seen:
            raise DefinitionError(origin, f"the initial state {initial!r} is not a state of the document")
    else:
        initial = states[0][0]  # SCXML: the first state in document order
    final_attr = root.get(cs + "final")
    final = tuple(decode_name(i) for i in final_attr.split()) if final_attr is not None else tuple(final_natural)
    name = root.get(cs + "provider") or root.get("name") or provider or "scxml"
    return Machine(
        provider=name,
        states=tuple(built),
        initial=initial,
        final=final,
        title=root.get(cs + "title"),
        description=texts.get("description"),
        sources=tuple(sources),
        actions=tuple(actions),
        notes=texts.get("notes"),
        origin=origin,
    )
