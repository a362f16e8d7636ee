"""Names that try to break out of their place in the output: every format stays valid, and parsing it
back gives the same names and the same graph (no extra node, edge, element or row)."""

import html.parser
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest

from cloudstates import formats
from cloudstates.errors import OutputError
from cloudstates.formats import definition, scxml
from cloudstates.model import Machine, State, Transition

HOSTILE = [
    'q"uote', "lt<gt>&amp;", "br]ack[et", "new\nline", "com-->ment", "back\\slash", "end\\", '\\"',
    'a"; evil -> x [label="pwned', "<script>alert(1)</script>", "]]>", "<!-- c -->", "[*]", "s1",
    "state", "%%{init: {'securityLevel': 'loose'}}%%", "semi;colon", "{brace}", "`tick`", "#35;",
    "cr\rx", "tab\tx", "bidi\u202eevil", "line\u2028sep", "ctl\x1b[2J", "nul\x00x", "bell\x07", "&#92;x1b",
]
PRINTABLE_XML = [n for n in HOSTILE if all(c in "\t\n\r" or ord(c) >= 0x20 for c in n)]


def machine(names, provider="p<\"'>"):
    """A ring: each name's state goes to the next on an action named like the state, plus an auto edge."""
    states = tuple(State(n, (Transition(n, names[(i + 1) % len(names)], n),
                             Transition(n, names[(i + 2) % len(names)], None)))
                   for i, n in enumerate(names))
    return Machine(provider, states, initial=names[0], final=(names[-1],))


def edges(m):
    return sorted(((t.source, t.action, t.target) for t in m.transitions), key=repr)


# ------------------------------------------------------------------ DOT, parsed back by Graphviz

def undot(name: str) -> str:
    """Reverse formats.dot.quote, from the name Graphviz reports (it has already undone \\")."""
    return re.sub(r'\\\\|\\n|\\r|&amp;|^&#37;|&#92;(x[0-9a-f]{2}|u[0-9a-f]{4}|U[0-9a-f]{8})',
                  lambda m: {"\\\\": "\\", "\\n": "\n", "\\r": "\r", "&amp;": "&", "&#37;": "%"}.get(m.group(0))
                  or chr(int(m.group(1)[1:], 16)), name)


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz not installed (.ci/run installs it)")
def test_dot_is_read_back_by_graphviz_to_the_same_graph():
    m = machine(HOSTILE)
    done = subprocess.run(["dot", "-Tjson"], input=formats.emit(m, "dot").encode(), capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr
    graph = json.loads(done.stdout)
    nodes = [undot(o["name"]) for o in graph["objects"]]
    assert nodes == HOSTILE  # one node per state, none made up by a name
    back = sorted(((nodes[e["tail"]], None if e.get("style") == "dashed" else undot(e["label"]), nodes[e["head"]])
                   for e in graph["edges"]), key=repr)
    assert back == edges(m)
    assert undot(graph["name"]) == m.provider
    svg = subprocess.run(["dot", "-Tsvg"], input=formats.emit(m, "dot").encode(), capture_output=True, timeout=60)
    ET.fromstring(svg.stdout)  # well-formed XML: no raw control character reached it


# ------------------------------------------------------------------ Mermaid, checked structurally

_MM_ID = r"[A-Za-z][A-Za-z0-9_]*"
_MM_LINE = re.compile(rf'    (?:state "(?P<label>[^"\n]*)" as (?P<alias>{_MM_ID})'
                      rf"|\[\*\] --> (?P<initial>{_MM_ID})"
                      rf"|(?P<src>{_MM_ID}) --> (?P<dst>{_MM_ID}): (?P<event>[^\n]+)"
                      rf"|(?P<final>{_MM_ID}) --> \[\*\])\Z")


def unmermaid(text: str) -> str:
    return re.sub(r"#(\d+);", lambda m: chr(int(m.group(1))), text)


def test_mermaid_has_one_statement_per_line_and_reads_back_to_the_same_graph():
    """No Mermaid parser runs in Python; the official one needs a browser-like DOM (mermaid + jsdom from npm),
    more than this check is worth. Instead every line must be one of the four statement shapes we write,
    labels may hold no character that ends them, and decoding the entity codes gives back the names."""
    m = machine(HOSTILE)
    lines = formats.emit(m, "mermaid").rstrip("\n").split("\n")
    assert lines[0] == "stateDiagram-v2"
    aliases, initial, final, back = {}, None, [], []
    for line in lines[1:]:
        match = _MM_LINE.match(line)
        assert match, f"not one statement: {line!r}"
        if match["alias"]:
            assert match["alias"] not in aliases
            aliases[match["alias"]] = unmermaid(match["label"])
        elif match["initial"]:
            initial = match["initial"]
        elif match["final"]:
            final.append(match["final"])
        else:
            event = match["event"]
            assert not re.search(r"[\"%:;<>\[\]{}`\\#]|-->", re.sub(r"#\d+;", "", event)), event
            back.append((match["src"], event, match["dst"]))
    name = lambda ident: aliases.get(ident, ident)  # noqa: E731
    assert "%%" not in "\n".join(lines)
    assert sorted(((name(s), None if e == "auto" else unmermaid(e), name(d)) for s, e, d in back), key=repr) == edges(m)
    assert (name(initial), [name(f) for f in final]) == (m.initial, list(m.final))
    # a state really called s1 keeps its name and is not confused with an alias
    assert "s1" not in aliases and set(aliases.values()) | {"s1"} == set(HOSTILE)


# ------------------------------------------------------------------ XML, SCXML, JSON, YAML

def test_deltacloud_xml_parses_back_or_refuses_what_xml_cannot_carry():
    m = machine(PRINTABLE_XML)
    text = formats.emit(m, "xml")
    root = ET.fromstring(text.encode())
    assert [s.get("name") for s in root] == PRINTABLE_XML
    back = formats.get("xml").load().parse(text.encode(), "back.xml", "p")
    assert edges(back) == edges(m)
    with pytest.raises(OutputError, match=r"contains a character XML cannot carry \(U\+001B\)"):
        formats.emit(machine(["ok", "ctl\x1b[2J"]), "xml")


def test_scxml_carries_every_name_and_reads_back():
    m = machine(HOSTILE)
    text = formats.emit(m, "scxml")
    root = ET.fromstring(text.encode())
    ids = [s.get("id") for s in root if s.tag.endswith(("}state", "}final"))]
    assert len(ids) == len(HOSTILE) and all(scxml.is_ncname(i) for i in ids)
    assert scxml.parse(text.encode(), "back.scxml") == m


def test_json_parses_back():
    m = machine(HOSTILE)
    doc = json.loads(formats.emit(m, "json"))
    assert [s["name"] for s in doc] == HOSTILE
    back = formats.get("json").load().parse(formats.emit(m, "json").encode(), "back.json", "p")
    assert edges(back) == edges(m)


def test_yaml_round_trips_exactly():
    m = machine(HOSTILE)
    text = definition.emit(m)
    assert definition.parse(text.encode(), "back.yaml") == m


def test_cli_outputs_of_a_hostile_definition(cli, tmp_path):
    path = tmp_path / "hostile.yaml"
    path.write_text(definition.emit(machine(HOSTILE, provider="evil")))
    for fmt in ("json", "yaml", "scxml", "dot", "mermaid"):
        r = cli("show", str(path), "-f", fmt)
        assert r.code == 0 and "Traceback" not in r.err, (fmt, r.err)
    r = cli("show", str(path), "-f", "xml")
    assert r.code == 2 and "contains a character XML cannot carry" in r.err and r.out == ""
    for args in (["show", str(path)], ["show", str(path), "--view", "tree"], ["validate", str(path)]):
        r = cli(*args)
        assert r.code in (0, 1) and "Traceback" not in r.err
        assert "\x1b" not in r.out and "\x00" not in r.out and "\u202e" not in r.out, args
        assert "\\x1b[2J" in r.out  # shown, escaped


# ------------------------------------------------------------------ HTML of `serve`

class _Collect(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.cells, self._cell = [], [], None

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "td":
            self._cell = ""

    def handle_endtag(self, tag):
        if tag == "td":
            self.cells.append(self._cell)
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data


def test_serve_html_page_escapes_names():
    server = pytest.importorskip("cloudstates.server")
    m = machine(HOSTILE)
    page = server.html_page(m, "drv<script>")
    body, _, _ = page.partition("<figure>")  # the SVG drawn by Graphviz is checked with DOT above
    parser = _Collect()
    parser.feed(body + "</body></html>")
    assert "script" not in parser.tags and "b" not in parser.tags
    assert parser.tags.count("tr") == 1 + m.transition_count
    rows = [parser.cells[i:i + 3] for i in range(0, len(parser.cells), 3)]
    assert [r[0] for r in rows if r[0]] == HOSTILE
    assert sorted(((state, None if action == "auto" else action, to)
                   for state, action, to in _carry_state(rows)), key=repr) == edges(m)


def _carry_state(rows):
    current = None
    for state, action, to in rows:
        current = state or current
        yield current, action, to
