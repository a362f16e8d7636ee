"""What the property-based tests (tests/test_fuzz_*.py) share: generators of machines and of documents
(valid, mutated, random) and the property every parser must have.

The property: a document either loads into a machine that every output format can write (or refuses with
OutputError: XML 1.0 cannot carry control characters) and that reads back from each round-tripping format
to the same machine, or it is refused with DefinitionError and a one-line message. Anything else (another
exception type, a hang, a machine that changes on the way round) fails the test.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cloudstates import formats
from cloudstates.errors import DefinitionError, OutputError
from cloudstates.model import Machine, Source, State, Transition

# Cases per parser: a few hundred in the default run, at least 10,000 with `python -m pytest -m slow`.
DEFAULT = {"valid": 100, "mutated": 150, "random": 100}
SLOW = {"valid": 3000, "mutated": 4000, "random": 3000}

TEXT_FORMATS = ("yaml", "json", "xml", "scxml", "dot", "mermaid")


def run_cases(strategy, check, kind: str, mode: str) -> None:
    count = (SLOW if mode == "slow" else DEFAULT)[kind]

    @settings(max_examples=count, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large])
    @given(strategy)
    def inner(value):
        check(value)

    inner()


MODES = [pytest.param("default"), pytest.param("slow", marks=pytest.mark.slow)]

# ------------------------------------------------------------------ machines

# Names: mostly ordinary, sometimes anything Unicode has (no surrogates: no file can hold one).
_plain = st.text("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-. ", min_size=1, max_size=12)
_wild = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=12)
_tricky = st.sampled_from(["on", "off", "yes", "no", "null", "~", "true", "1", "0x1f", "1e3", "-", "? a", "&a", "*a",
                           "!!str", "<<", "#", "a: b", "[*]", "-->", "\"", "'", "\\", "%%{init}%%", "_x0041_",
                           "start", "finish", "s0", "state", "end", " lead", "trail ", "a\nb", "\t", "\x1b[2J",
                           "\u202e", "\u2028", "\ufeff", "\x85", "é", "😀", "&amp;", "<!--", "]]>", "%3"])
NAMES = st.one_of(_plain, _plain, _wild, _tricky).filter(lambda s: s.strip() != "")
TEXTS = st.one_of(st.text(max_size=40), st.sampled_from(["a\nb\n", "line\n\nnext", " x", "x\n", "|", ">", "# c"]))


@st.composite
def machines(draw, names=NAMES, rich: bool = True) -> Machine:
    state_names = draw(st.lists(names, min_size=1, max_size=7, unique=True))
    extra = draw(st.lists(names, max_size=2))  # targets that are not defined
    targets = state_names + extra
    actions = st.one_of(st.none(), names)
    states = []
    for name in state_names:
        edges = draw(st.lists(st.tuples(st.sampled_from(targets), actions), max_size=4))
        note = draw(st.none() | TEXTS) if rich else None
        transitions = tuple(Transition(name, to, action, draw(st.none() | TEXTS) if rich else None)
                            for to, action in edges)
        maps_to = draw(st.none() | names) if rich else None
        states.append(State(name, transitions, maps_to, note))
    if not rich:
        return Machine(draw(_plain), tuple(states))
    return Machine(
        provider=draw(names),
        states=tuple(states),
        initial=draw(st.sampled_from(targets)),
        final=tuple(draw(st.lists(st.sampled_from(targets), max_size=3))),
        title=draw(st.none() | TEXTS),
        description=draw(st.none() | TEXTS),
        sources=tuple(draw(st.lists(st.builds(Source, url=TEXTS.filter(bool), title=st.none() | TEXTS,
                                              read=st.none() | st.text(max_size=10)), max_size=2))),
        actions=tuple(draw(st.dictionaries(names, st.none() | names, max_size=3)).items()),
        notes=draw(st.none() | TEXTS),
    )


# ------------------------------------------------------------------ mutation

@st.composite
def mutated(draw, documents):
    """A valid document with a few random edits: bytes deleted, inserted, duplicated or changed."""
    raw = bytearray(draw(documents))
    for _ in range(draw(st.integers(1, 4))):
        size = len(raw)
        at = draw(st.integers(0, size))
        kind = draw(st.sampled_from(["delete", "insert", "duplicate", "flip", "token"]))
        if kind == "delete" and size:
            del raw[at:at + draw(st.integers(1, 8))]
        elif kind == "insert":
            raw[at:at] = draw(st.binary(min_size=1, max_size=4))
        elif kind == "duplicate" and size:
            end = min(size, at + draw(st.integers(1, 40)))
            raw[at:at] = raw[at:end]
        elif kind == "flip" and at < size:
            raw[at] = draw(st.integers(0, 255))
        elif kind == "token":
            raw[at:at] = draw(st.sampled_from(TOKENS))
    return bytes(raw)


TOKENS = [b"\n", b" ", b"  ", b":", b"- ", b"[", b"]", b"{", b"}", b",", b"'", b'"', b"\\", b"&a ", b"*a", b"<<: ",
          b"!!python/object:os.system ", b"!tag ", b"%YAML 1.1\n", b"---\n", b"...\n", b"#", b"\t", b"\xef\xbb\xbf",
          b"\x00", b"\xff", b"\r\n", b"<", b">", b"/>", b"</", b"&amp;", b"&#0;", b"&#x1F;", b"&lol;",
          b"<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>", b"<![CDATA[", b"]]>", b"<!--", b"-->",
          b"null", b"true", b"1e999", b"-0", b"99999999999999999999", b"NaN", b"Infinity"]


# ------------------------------------------------------------------ the property

def same_graph(a: Machine, b: Machine) -> bool:
    return [(s.name, [(t.target, t.action) for t in s.transitions]) for s in a.states] == \
        [(s.name, [(t.target, t.action) for t in s.transitions]) for s in b.states]


def check_document(raw: bytes, fmt: str) -> Machine | None:
    """Parse ``raw`` as ``fmt``; a machine must survive every output format, an error must be ours."""
    module = formats.get(fmt).load()
    try:
        if fmt == "yaml":
            machine = module.parse(raw, "fuzz.yaml")
        else:
            machine = module.parse(raw, f"fuzz.{fmt}", "fuzz")
    except DefinitionError as error:
        text = str(error)
        assert "\n" not in text and text.startswith(f"fuzz.{fmt}"), text
        return None
    check_machine(machine)
    return machine


def check_machine(machine: Machine) -> None:
    for fmt in TEXT_FORMATS:
        try:
            text = formats.emit(machine, fmt)
        except OutputError as error:
            assert fmt in ("xml", "scxml"), (fmt, error)  # XML 1.0 cannot carry some control characters
            assert "cannot carry" in str(error)
            continue
        raw = text.encode("utf-8")  # must be writable: no lone surrogates
        if fmt in ("yaml", "scxml"):
            module = formats.get(fmt).load()
            back = module.parse(raw, f"back.{fmt}") if fmt == "yaml" else module.parse(raw, "back.scxml", "x")
            assert back == machine, (fmt, text)
        elif fmt in ("json", "xml"):
            back = formats.get(fmt).load().parse(raw, f"back.{fmt}", "x")
            assert same_graph(back, machine), (fmt, text)
