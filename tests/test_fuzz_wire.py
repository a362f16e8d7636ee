"""Property-based tests of the other parsers: Deltacloud's XML and JSON, and SCXML.

A few hundred cases per parser in the default run; `python -m pytest -m slow` runs 10,000 per parser."""

import json

import pytest
from fuzzing import MODES, NAMES, TOKENS, check_document, machines, mutated, run_cases, same_graph
from hypothesis import strategies as st

from cloudstates import formats
from cloudstates.errors import OutputError

PARSERS = ["json", "xml", "scxml"]


def emitted(fmt, rich):
    minimal = {"json": b"[]", "xml": b"<states></states>", "scxml": b"<scxml/>"}[fmt]

    def emit(machine):
        try:
            return formats.emit(machine, fmt).encode()
        except OutputError:  # XML cannot carry this machine's control characters
            return minimal
    return machines(rich=rich).map(emit)


def valid(fmt):
    # the wire formats carry states and transitions only; SCXML carries everything YAML does
    return machines(rich=(fmt == "scxml"))


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("fmt", PARSERS)
def test_valid_documents_round_trip(fmt, mode):
    def check(machine):
        try:
            raw = formats.emit(machine, fmt).encode()
        except OutputError as error:
            assert fmt in ("xml", "scxml") and "cannot carry" in str(error)
            return
        back = check_document(raw, fmt)
        assert back is not None
        if fmt == "scxml":
            assert back == machine
        else:
            assert same_graph(back, machine)

    run_cases(valid(fmt), check, "valid", mode)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("fmt", PARSERS)
def test_mutated_documents_load_or_fail_cleanly(fmt, mode):
    run_cases(mutated(emitted(fmt, fmt == "scxml")), lambda raw: check_document(raw, fmt), "mutated", mode)


def json_values():
    scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), NAMES, st.sampled_from(["true", "false"]))
    return st.recursive(scalars, lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from(["name", "transitions", "to", "action", "auto", "x"]), inner, max_size=4)),
        max_leaves=20)


XML_SOUP = [b"<states>", b"</states>", b"<state name='a'>", b"</state>", b"<transition action='go' to='a'/>",
            b"<transition auto='true' to='b'></transition>", b"<scxml xmlns='http://www.w3.org/2005/07/scxml'>",
            b"</scxml>", b"<state id='a'>", b"<final id='f'/>", b"<transition event='e' target='a'/>",
            b"<transition target='f'/>", b"<parallel id='p'>", b"</parallel>", b"<state id='_x0041_'/>",
            b"<cs:source xmlns:cs='urn:cloudstates:scxml' url='u'/>", b" initial='a'", b"<?xml version='1.0'?>"]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("fmt", PARSERS)
def test_random_documents_load_or_fail_cleanly(fmt, mode):
    if fmt == "json":
        structured = json_values().map(lambda v: json.dumps(v).encode())
        soup = st.lists(st.sampled_from(TOKENS), max_size=30).map(b"".join)
        strategy = st.one_of(structured, structured, soup, st.binary(max_size=200))
    else:
        soup = st.lists(st.sampled_from(XML_SOUP + TOKENS), max_size=30).map(b"".join)
        strategy = st.one_of(soup, soup, st.binary(max_size=200))
    run_cases(strategy, lambda raw: check_document(raw, fmt), "random", mode)
