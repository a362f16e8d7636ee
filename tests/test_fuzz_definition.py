"""Property-based tests of the definition loader (YAML): valid, mutated and random documents.

A few hundred cases in the default run; `python -m pytest -m slow` runs 10,000 (see tests/fuzzing.py)."""

import pytest
from fuzzing import MODES, TOKENS, check_document, machines, mutated, run_cases
from hypothesis import strategies as st

from cloudstates.formats import definition

VALID = machines().map(lambda m: definition.emit(m).encode())


@pytest.mark.parametrize("mode", MODES)
def test_valid_definitions_round_trip(mode):
    def check(machine):
        back = check_document(definition.emit(machine).encode(), "yaml")
        assert back == machine

    run_cases(machines(), check, "valid", mode)


@pytest.mark.parametrize("mode", MODES)
def test_mutated_definitions_load_or_fail_cleanly(mode):
    run_cases(mutated(VALID), lambda raw: check_document(raw, "yaml"), "mutated", mode)


@pytest.mark.parametrize("mode", MODES)
def test_random_definitions_load_or_fail_cleanly(mode):
    soup = st.lists(st.sampled_from(TOKENS + [b"provider: p\n", b"states:\n", b"  start:\n", b"    transitions:\n",
                                              b"      - {to: x, action: go}\n", b"      - {to: y, auto: true}\n",
                                              b"final: [a]\n", b"initial: a\n", b"  a: {}\n", b"actions: {a: b}\n",
                                              b"sources: [{url: u}]\n", b"note: n\n", b"maps_to: m\n", b"a", b"0"]),
                    max_size=40).map(b"".join)
    run_cases(st.one_of(soup, st.binary(max_size=200)), lambda raw: check_document(raw, "yaml"), "random", mode)
