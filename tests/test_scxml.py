"""SCXML: what we emit is valid W3C SCXML, reads back to the same machine, and an independent
implementation (python-statemachine's SCXML reader and engine) reads it to the same graph."""

import json
import xml.etree.ElementTree as ET

import pytest

from cloudstates import formats
from cloudstates.errors import DefinitionError
from cloudstates.formats import scxml
from cloudstates.model import Machine, State, Transition
from cloudstates.sources import resolve

NS = {"s": scxml.SCXML_NS}


def bundled_names(cli):
    r = cli("list", "-f", "json")
    assert r.code == 0
    names = [row["name"] for row in json.loads(r.out)]
    assert len(names) >= 18
    return names


def test_show_scxml_is_an_scxml_document(cli):
    r = cli("show", "rhevm", "-f", "scxml")
    assert r.code == 0, r.err
    root = ET.fromstring(r.out.encode())
    assert root.tag == f"{{{scxml.SCXML_NS}}}scxml"
    assert (root.get("version"), root.get("initial"), root.get("name")) == ("1.0", "start", "rhevm")
    states = {n.get("id"): n for n in root}  # children in SCXML's namespace (cs: metadata aside)
    assert root.find("s:final[@id='finish']", NS) is not None
    auto = root.find("s:state[@id='start']/s:transition", NS)
    assert auto.get("event") is None and auto.get("target") == "pending"  # auto: eventless
    start = root.find("s:state[@id='stopped']/s:transition[@event='start']", NS)
    assert start.get("target") == "running"
    assert "finish" in states and all(n.tag.endswith(("}state", "}final")) for i, n in states.items() if i)


def test_every_bundled_machine_round_trips_through_an_scxml_file(cli, tmp_path):
    for name in bundled_names(cli):
        path = tmp_path / f"{name}.scxml"
        r = cli("show", name, "-o", str(path))  # the extension picks the format
        assert r.code == 0, r.err
        assert path.read_text().startswith('<?xml version="1.0" encoding="UTF-8"?>\n<scxml ')
        back = resolve(str(path))
        assert back == resolve(name), name
        # and the definition file written from the SCXML source is byte-identical
        assert cli("show", str(path), "-f", "yaml").out == cli("show", name, "-f", "yaml").out


def test_names_that_are_not_ncnames_are_encoded_and_round_trip():
    odd = ["shutting down", "1st", "a:b", "_x0041_", "é-ß.", "\x07bell", "<&>\"'", "😀", "-"]
    states = [State(name, (Transition(name, odd[(i + 1) % len(odd)], name),
                           Transition(name, "nowhere", None)))
              for i, name in enumerate(odd)]
    machine = Machine("odd provider", tuple(states), initial="1st", final=("-", "nowhere", "-"))
    text = scxml.emit(machine)
    root = ET.fromstring(text.encode())
    ids = [n.get("id") for n in root if n.get("id")]
    assert ids[:3] == ["shutting_x0020_down", "_x0031_st", "a_x003A_b"]
    assert "_x005F_x0041_" in ids and "_x0007_bell" in ids and "_x002D_" in ids
    assert all(scxml.is_ncname(i) for i in ids)
    events = [t.get("event") for t in root.iter(f"{{{scxml.SCXML_NS}}}transition") if t.get("event")]
    assert all(" " not in e and "*" not in e for e in events)
    assert root.get("name") is None and root.get(f"{{{scxml.CS_NS}}}provider") == "odd provider"
    # the undeclared target is a placeholder so the document stays valid SCXML
    placeholder = root.find("s:final[@id='nowhere']", NS)
    assert placeholder.get(f"{{{scxml.CS_NS}}}declared") == "false"
    back = scxml.parse(text.encode(), "odd.scxml")
    assert back == machine
    assert back.final == ("-", "nowhere", "-")


@pytest.mark.parametrize("name", ["a", "ab", "a b", "_x", "__x0001_", "_x004\x01", "x_x005F_", "\U0001f600x", "9"])
def test_encoding_is_exact_and_always_an_ncname(name):
    encoded = scxml.encode_name(name)
    assert scxml.is_ncname(encoded)
    assert scxml.decode_name(encoded) == name
    event = scxml.encode_name(name, event=True)
    assert scxml.decode_name(event) == name and " " not in event


def test_final_state_with_a_way_out_stays_a_state():
    machine = Machine("m", (State("a", (Transition("a", "b", "go"),)), State("b", (Transition("b", "a", "back"),))),
                      initial="a", final=("b",))
    text = scxml.emit(machine)
    assert '<state id="b" cs:final="true">' in text  # <final> may not have transitions
    assert scxml.parse(text.encode(), "m.scxml") == machine


def test_foreign_scxml_without_our_namespace(tmp_path, cli):
    path = tmp_path / "door.scxml"
    path.write_text("""<?xml version="1.0"?>
<!-- a hand-written chart: no cloudstates metadata, executable content that has no bearing on the graph -->
<scxml xmlns="http://www.w3.org/2005/07/scxml" version="1.0" initial="closed" name="door">
  <datamodel><data id="n" expr="0"/></datamodel>
  <state id="closed">
    <onentry><log expr="'closed'"/></onentry>
    <transition event="open push" target="opened"/>
  </state>
  <state id="opened"><transition event="close" target="closed"/><transition target="gone"/></state>
  <final id="gone"/>
</scxml>
""")
    machine = resolve(str(path))
    assert (machine.provider, machine.initial, machine.final) == ("door", "closed", ("gone",))
    assert [(t.source, t.action, t.target) for t in machine.transitions] == [
        ("closed", "open", "opened"), ("closed", "push", "opened"), ("opened", "close", "closed"),
        ("opened", None, "gone")]
    r = cli("show", str(path), "-f", "json")
    assert r.code == 0 and '"name":"closed"' in r.out


def test_no_initial_attribute_means_the_first_state(tmp_path):
    doc = b'<scxml xmlns="http://www.w3.org/2005/07/scxml" version="1.0"><state id="b"/><state id="a"/></scxml>'
    machine = scxml.parse(doc, "x.scxml", "x")
    assert (machine.provider, machine.initial, machine.final) == ("x", "b", ())


@pytest.mark.parametrize("doc, fragment", [
    (b"<states/>", "expected an SCXML document (<scxml>), found <states>"),
    (b'<scxml xmlns="http://www.w3.org/2005/07/scxml"/>', "the document has no states"),
    (b'<scxml xmlns="http://www.w3.org/2005/07/scxml"><parallel id="p"/></scxml>', "<parallel> states are not supported"),
    (b'<scxml xmlns="http://www.w3.org/2005/07/scxml"><state id="a"><state id="b"/></state></scxml>',
     "state 'a' has child states (<state>); not supported"),
    (b'<scxml xmlns="http://www.w3.org/2005/07/scxml"><state id="a"><transition event="e" target="a b"/></state>'
     b'<state id="b"/></scxml>', "needs exactly one target (found 2)"),
    (b'<scxml xmlns="http://www.w3.org/2005/07/scxml"><state id="a"><transition event="e"/></state></scxml>',
     "needs exactly one target (found 0)"),
    (b'<scxml xmlns="http://www.w3.org/2005/07/scxml"><state id="a"><transition cond="x" target="a"/></state>'
     b'</scxml>', "conditions are not supported"),
    (b'<scxml xmlns="http://www.w3.org/2005/07/scxml"><state id="a"/><state id="a"/></scxml>',
     "state id 'a' is used twice"),
    (b'<scxml xmlns="http://www.w3.org/2005/07/scxml" initial="z"><state id="a"/></scxml>',
     "the initial state 'z' is not a state of the document"),
    (b'<scxml xmlns="http://www.w3.org/2005/07/scxml"><final id="f"><transition target="f"/></final></scxml>',
     "final state 'f' has a <transition>"),
    (b'<scxml xmlns="http://www.w3.org/2005/07/scxml"><state/></scxml>', "a <state> needs an id"),
    (b'<scxml xmlns="urn:other"><state id="a"/></scxml>', "expected an SCXML document"),
])
def test_what_cannot_be_read_is_a_definition_error(doc, fragment, tmp_path, cli):
    with pytest.raises(DefinitionError) as info:
        scxml.parse(doc, "bad.scxml", "bad")
    assert fragment in str(info.value)
    path = tmp_path / "bad.scxml"
    path.write_bytes(doc)
    r = cli("show", str(path))
    assert r.code == 3 and fragment in r.err and "Traceback" not in r.err


# ------------------------------------------------------------ an independent implementation

statemachine_scxml = pytest.importorskip("statemachine.io.scxml.reader")


def settle(machine, state):
    """Where SCXML's semantics leave a machine that enters ``state``: the first eventless transition in
    document order is taken, again and again; None if that loops."""
    seen = set()
    while state not in seen:
        seen.add(state)
        autos = [t for t in machine.outgoing(state) if t.auto]
        if not autos:
            return state
        state = autos[0].target
    return None


def test_python_statemachine_reads_the_same_states_and_transitions(cli):
    for name in bundled_names(cli):
        machine = resolve(name)
        definition = statemachine_scxml.parse_scxml(formats.emit(machine, "scxml"))
        assert definition.initial_states == [machine.initial]
        assert list(definition.states) == list(machine.state_names), name
        finals = [sid for sid, s in definition.states.items() if s.final]
        assert finals == [n for n in machine.state_names if n in machine.final and not machine.outgoing(n)]
        theirs = [(sid, t.event, t.target) for sid, s in definition.states.items() for t in s.transitions]
        ours = [(t.source, t.action, t.target) for t in machine.transitions]
        assert theirs == ours, name


def test_python_statemachine_runs_our_charts_like_we_do(cli):
    """Drive the independent engine: after start-up and after every action from every settled state,
    it must be where our model's semantics (auto transitions taken at once) say."""
    from statemachine.io.scxml.processor import SCXMLProcessor

    checked = 0
    for name in bundled_names(cli):
        machine = resolve(name)
        if any(settle(machine, s) is None for s in machine.state_names):
            continue  # a loop of automatic transitions never settles in SCXML either
        processor = SCXMLProcessor()
        processor.parse_scxml(name, formats.emit(machine, "scxml"))
        chart = processor.scs[name]

        def run(events):
            sm = chart()
            for event in events:
                sm.send(event)
            return [s.id for s in sm.configuration]

        start = settle(machine, machine.initial)
        assert run([]) == [start], name
        paths, todo = {start: []}, [start]
        while todo:
            state = todo.pop()
            for t in machine.outgoing(state):
                # SCXML takes the first enabled transition for an event; so does this expectation
                if t.auto or t is not next(u for u in machine.outgoing(state) if u.action == t.action):
                    continue
                after = settle(machine, t.target)
                assert run(paths[state] + [t.action]) == [after], (name, state, t.action)
                checked += 1
                if after not in paths:
                    paths[after] = paths[state] + [t.action]
                    todo.append(after)
    assert checked > 100
