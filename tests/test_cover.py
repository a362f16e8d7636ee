"""`cloudstates cover`: transition covers on bundled and hand-made machines."""

import json

from cloudstates.analysis.cover import transition_cover
from cloudstates.model import Machine, State, Transition
from cloudstates.sources import catalog, resolve


def make(states, initial="start", final=("finish",)):
    return Machine(provider="hand", initial=initial, final=tuple(final),
                   states=tuple(State(n, tuple(Transition(n, t, a) for t, a in out)) for n, out in states.items()))


def test_rhevm_one_sequence(cli):
    r = cli("cover", "rhevm")
    assert r.code == 0
    assert r.out == ("rhevm: 1 sequence covers 6 of 6 transitions\n"
                     "1. create,start,stop,stop,destroy\n"
                     "   start -create-> pending -auto-> stopped -start-> running -stop-> stopping -stop-> stopped "
                     "-destroy-> finish\n")


def test_literal_ec2(cli):
    r = cli("cover", "ec2", "--literal")
    assert r.out.splitlines()[:2] == ["ec2: 1 sequence covers 7 of 7 transitions", "1. reboot,stop,start,stop,destroy"]


def test_digitalocean_json(cli):
    r = cli("cover", "digitalocean", "-f", "json")
    doc = json.loads(r.out)
    assert doc["transitions"] == doc["covered"] == 12 and doc["uncovered"] == []
    assert [s["actions"] for s in doc["sequences"]] == [
        ["create", "reboot", "stop", "start", "destroy"], ["create"], ["create"], ["create", "stop"],
        ["create", "stop", "destroy"], ["create", "stop"]]
    taken = {(s["from"], s["action"], s["to"]) for seq in doc["sequences"] for s in seq["steps"]}
    assert ("stopped", None, "finish") in taken and ("running", None, "error") in taken


def test_every_bundled_transition_is_covered_and_each_sequence_is_possible():
    for name in catalog():
        machine = resolve(name)
        cover = transition_cover(machine)
        assert cover.uncovered == () and cover.covered == cover.total, name
        for seq in cover.sequences:
            assert seq[0].source == machine.initial
            assert all(a.target == b.source for a, b in zip(seq, seq[1:])), name


def test_unreachable_transitions_are_reported_and_exit_1(cli, tmp_path):
    path = tmp_path / "island.yaml"
    path.write_text("provider: island\ninitial: start\nfinal: [finish]\nstates:\n"
                    "  start:\n    transitions:\n      - {to: finish, action: create}\n"
                    "  island:\n    transitions:\n      - {to: finish, action: destroy}\n"
                    "  finish: {}\n")
    r = cli("cover", str(path))
    assert r.code == 1
    assert r.out == ("island: 1 sequence covers 1 of 2 transitions\n"
                     "1. create\n"
                     "   start -create-> finish\n"
                     "cannot be covered (1, their states cannot be reached from start):\n"
                     "  island -destroy-> finish\n")


def test_new_sequence_when_stuck():
    m = make({"start": [("a", "create")], "a": [("finish", "destroy"), ("b", "stop")], "b": [("finish", "destroy")],
              "finish": []})
    cover = transition_cover(m)
    assert [cover.actions(s) for s in cover.sequences] == [["create", "destroy"], ["create", "stop", "destroy"]]


def test_walks_back_to_uncovered_transitions_within_a_sequence():
    m = make({"start": [("a", "create")], "a": [("b", "x"), ("c", "y")], "b": [("a", "back")],
              "c": [("a", "back")], "finish": []})
    cover = transition_cover(m)
    assert [cover.actions(s) for s in cover.sequences] == [["create", "x", "back", "y", "back"]]
