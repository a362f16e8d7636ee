"""Every output format: golden output against Deltacloud's own responses, and round trips."""

import json
import shutil
import subprocess

import pytest
from conftest import DATA

from cloudstates import formats
from cloudstates.model import Machine, State, Transition
from cloudstates.sources import catalog, resolve

NAMES = sorted(catalog())


def edges(machine):
    return [(s.name, [(t.target, t.action) for t in s.transitions]) for s in machine.states]


def test_xml_is_byte_for_byte_what_deltacloud_sends_for_mock():
    assert formats.emit(resolve("mock"), "xml") == (DATA / "deltacloud-1.1.1-mock-instance_states.xml").read_text()


def test_xml_is_the_documentation_example_for_deltacloud_docs():
    assert formats.emit(resolve("deltacloud-docs"), "xml") == (DATA / "deltacloud-docs-example.xml").read_text()


def test_json_is_what_deltacloud_sends():
    # Ruby's to_json of the collection's hash: compact, keys in this order, auto as the string "true".
    assert formats.emit(resolve("mock"), "json") == (
        '[{"name":"start","transitions":[{"to":"pending","action":"create"}]},'
        '{"name":"pending","transitions":[{"to":"running","auto":"true"}]},'
        '{"name":"running","transitions":[{"to":"running","action":"reboot"},{"to":"stopped","action":"stop"}]},'
        '{"name":"stopped","transitions":[{"to":"running","action":"start"},{"to":"finish","action":"destroy"}]},'
        '{"name":"finish","transitions":[]}]\n')


@pytest.mark.parametrize("fmt", ["xml", "json"])
@pytest.mark.parametrize("name", NAMES)
def test_wire_formats_round_trip(tmp_path, name, fmt):
    machine = resolve(name)
    path = tmp_path / f"{name}.{fmt}"
    path.write_text(formats.emit(machine, fmt))
    back = resolve(str(path))
    assert edges(back) == edges(machine)
    # The wire carries no initial or final states: Deltacloud's start and finish are assumed.
    assert (back.provider, back.initial) == (name, "start")
    assert back.final == (("finish",) if "finish" in machine.state_names else ())


def test_reads_deltacloud_responses_unchanged():
    machine = resolve(str(DATA / "deltacloud-1.1.1-mock-instance_states.xml"))
    assert edges(machine) == edges(resolve("mock"))


def test_mermaid_golden():
    assert formats.emit(resolve("rhevm"), "mermaid") == """\
stateDiagram-v2
    [*] --> start
    start --> pending: auto
    pending --> stopped: auto
    stopped --> running: start
    stopped --> finish: destroy
    running --> stopping: stop
    stopping --> stopped: stop
    finish --> [*]
"""


def test_mermaid_aliases_names_that_are_not_identifiers():
    out = formats.emit(resolve("deltacloud-docs"), "mermaid")
    assert "shutting_down --> stopped: auto" in out
    machine = Machine("x", (State("start", (Transition("start", "shutting-down", "stop"),)),
                            State("shutting-down")), final=("shutting-down",))
    out = formats.emit(machine, "mermaid")
    assert 'state "shutting-down" as s1' in out and "start --> s1: stop" in out and "s1 --> [*]" in out


def test_dot_marks_initial_final_and_auto_edges():
    out = formats.emit(resolve("rhevm"), "dot")
    assert out.startswith('digraph "rhevm" {\n')
    assert '"start" [shape=box, style="rounded,filled", fillcolor="#dddddd"];' in out
    assert '"finish" [shape=doublecircle];' in out
    assert '"start" -> "pending" [label="auto", style=dashed' in out
    assert '"stopped" -> "running" [label="start"];' in out


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
@pytest.mark.parametrize("name", NAMES)
def test_graphviz_reads_our_dot_back_to_the_same_edges(name):
    machine = resolve(name)
    done = subprocess.run(["dot", "-Tjson"], input=formats.emit(machine, "dot"), capture_output=True, text=True,
                          check=True)
    graph = json.loads(done.stdout)
    names = {o["_gvid"]: o["name"] for o in graph["objects"]}
    drawn = sorted((names[e["tail"]], names[e["head"]], e["label"]) for e in graph.get("edges", []))
    assert drawn == sorted((t.source, t.target, t.label) for t in machine.transitions)


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_png_and_svg_through_graphviz(cli, tmp_path):
    result = cli("show", "mock", "-o", tmp_path / "mock.svg")
    assert result.code == 0 and result.err == ""
    svg = (tmp_path / "mock.svg").read_text()
    assert "<svg" in svg and ">running<" in svg
    result = cli("show", "mock", "--format", "png", "-o", tmp_path / "m.out")
    assert result.code == 0
    assert (tmp_path / "m.out").read_bytes().startswith(b"\x89PNG\r\n")


def test_png_without_graphviz_names_the_package(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no dot on it
    result = cli("show", "mock", "-f", "png", "-o", tmp_path / "m.png")
    assert result.code == 2
    assert result.err == ("cloudstates: error: --format png needs Graphviz's 'dot' program, which is not on PATH "
                          "(install Graphviz: 'apt-get install graphviz', 'dnf install graphviz' or "
                          "'brew install graphviz')\n")
    assert not (tmp_path / "m.png").exists()


def test_xml_escapes_and_refuses_what_it_cannot_carry():
    machine = Machine("x", (State("a'b<c>", (Transition("a'b<c>", 'q"&', "go"),)), State('q"&')))
    out = formats.emit(machine, "xml")
    assert "<state name='a&apos;b&lt;c&gt;'>" in out and "to='q&quot;&amp;'" in out
    from cloudstates.errors import OutputError

    with pytest.raises(OutputError, match="character XML cannot carry"):
        formats.emit(Machine("x", (State("bell\x07"),)), "xml")
