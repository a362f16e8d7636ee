"""The breaking/compatible rule and its evidence sequences, on small hand-made machines."""

from __future__ import annotations

import json

from cloudstates.analysis.diff import Automaton, diff, find_evidence
from cloudstates.analysis.normalize import normalize, renamed
from cloudstates.model import Machine, State, Transition


def m(*edges: str, provider: str = "m", initial: str = "start", final=("finish",), extra=()) -> Machine:
    """A machine from lines 'source action target' ('auto' for an automatic transition)."""
    order: dict[str, list[Transition]] = {}
    for edge in edges:
        source, action, target = edge.split()
        order.setdefault(source, []).append(Transition(source, target, None if action == "auto" else action))
        order.setdefault(target, [])
    for name in (initial, *final, *extra):
        order.setdefault(name, [])
    return Machine(provider, tuple(State(n, tuple(ts)) for n, ts in order.items()), initial, tuple(final))


BASE = ("start create pending", "pending auto running", "running stop stopped", "stopped start running",
        "stopped destroy finish")


def table(result):
    return [(c.kind, c.severity, c.message, c.evidence.as_dict() if c.evidence else None) for c in result.changes]


def test_identical_machines_in_another_order_have_no_changes():
    result = diff(m(*BASE), m(*reversed(BASE)))
    assert result.identical and result.summary() == "no differences" and result.evidence is None
    assert result.reach == ()


def test_b_only_adding_is_compatible_and_has_no_evidence():
    result = diff(m(*BASE), m(*BASE, "running reboot running", "pending auto error", extra=["error"]))
    assert table(result) == [
        ("state-added", "compatible", "state error is only in B", None),
        ("transition-added", "compatible", "pending -> error (auto) is only in B", None),
        ("transition-added", "compatible", "running -> running (reboot) is only in B", None),
    ]
    assert result.breaking == 0 and result.evidence is None


def test_auto_that_becomes_an_action_is_breaking_with_the_state_a_reaches_by_itself():
    b = m("start create pending", "pending start running", "running stop stopped", "stopped start running",
          "stopped destroy finish")
    result = diff(m(*BASE), b)
    assert table(result) == [
        ("trigger-changed", "breaking", "pending -> running: auto in A, start in B (B needs the action start)",
         {"actions": ["create"], "rejected": None, "a_state": "running", "b_states": ["pending"]}),
    ]
    assert result.summary() == "1 breaking, 0 compatible"


def test_action_that_becomes_auto_is_breaking_because_the_action_is_refused():
    a = m("start create running", "running stop stopping", "stopping stop stopped")
    b = m("start create running", "running stop stopping", "stopping auto stopped")
    (change,) = diff(a, b).changes
    assert change.kind == "trigger-changed" and change.breaking
    assert change.message == ("stopping -> stopped: stop in A, auto in B "
                              "(B does it by itself; stop is no longer accepted there)")
    assert change.evidence.actions == ("create", "stop", "stop") and change.evidence.rejected == "stop"
    assert change.evidence.a_state == "stopping" and change.evidence.b_states == ("stopping", "stopped")


def test_removed_action_deep_in_the_lifecycle_gives_the_whole_sequence():
    b = m("start create pending", "pending auto running", "running stop stopped", "stopped destroy finish")
    (change,) = diff(m(*BASE), b).changes
    assert (change.kind, change.severity) == ("transition-removed", "breaking")
    assert change.message == "stopped -> running (start) is only in A"
    assert change.evidence.as_dict() == {"actions": ["create", "stop", "start"], "rejected": "start",
                                         "a_state": "stopped", "b_states": ["stopped"]}


def test_a_state_that_disappears_is_breaking_even_when_the_same_actions_work():
    a = m("start create running", "running stop stopping", "stopping auto stopped", "stopped destroy finish")
    b = m("start create running", "running stop stopped", "stopped destroy finish")
    result = diff(a, b)
    assert table(result) == [
        ("state-removed", "breaking", "state stopping is only in A",
         {"actions": ["create", "stop"], "rejected": None, "a_state": "stopping", "b_states": ["stopped"]}),
        ("target-changed", "breaking", "stop from running leads to stopping in A, to stopped in B",
         {"actions": ["create", "stop"], "rejected": None, "a_state": "stopping", "b_states": ["stopped"]}),
    ]
    # every action sequence is valid in both: only the states differ
    for word in (["create"], ["create", "stop"], ["create", "stop", "destroy"]):
        assert Automaton(a).run(word) and Automaton(b).run(word)


def test_evidence_is_shortest_and_ties_follow_deltacloud_action_order():
    a = m("start create running", "running reboot running", "running stop stopped")
    b = m("start create running", extra=["stopped"])
    result = diff(a, b)
    assert result.evidence.actions == ("create", "stop")  # stop comes before reboot in Deltacloud's order
    assert [c.evidence.actions for c in result.changes] == [("create", "stop"), ("create", "reboot")]


def test_nondeterministic_autos_count_what_is_possible():
    a = m("start create pending", "pending auto running", "pending auto error", "running stop stopped",
          extra=["error"])
    b = m("start create pending", "pending auto running", "running stop stopped", extra=["error"])
    # stop after create is valid in A although pending may also fall into error
    assert Automaton(a).run(["create", "stop"]) == {"stopped"}
    assert Automaton(a).run(["create"]) == {"pending", "running", "error"}
    (change,) = diff(a, b).changes
    assert change.message == "pending -> error (auto) is only in A"
    assert change.evidence.as_dict() == {"actions": ["create"], "rejected": None, "a_state": "error",
                                         "b_states": ["pending", "running"]}
    # the other way round B only adds a possibility: compatible
    (back,) = diff(b, a).changes
    assert (back.kind, back.severity, back.evidence) == ("transition-added", "compatible", None)


def test_a_change_only_reachable_after_b_already_refused_has_no_evidence_of_its_own():
    a = m("start create running", "running stop stopped")
    b = m("start launch running", "running halt stopped")
    first, second = diff(a, b).changes
    assert first.message == "start -> running: create in A, launch in B"
    assert first.evidence.actions == ("create",) and first.evidence.rejected == "create"
    assert second.message == "running -> stopped: stop in A, halt in B"
    assert second.evidence is None
    # but a search over any run finds the shortest breaking sequence
    assert find_evidence(Automaton(a), Automaton(b), always=True).actions == ("create",)


def test_initial_and_final_changes():
    a = m("start create running", "running destroy finish")
    b = m("start create running", "running destroy finish", "begin auto start", initial="begin",
          final=("running",))
    result = diff(a, b)
    assert table(result) == [
        ("initial-changed", "breaking", "the initial state is start in A, begin in B", None),
        ("final-removed", "breaking", "finish is final in A, not in B", None),
        ("state-added", "compatible", "state begin is only in B", None),
        ("final-added", "compatible", "running is final in B, not in A", None),
    ]
    # B's initial state moves by itself into A's: no action sequence shows the change


def test_initial_change_that_loses_a_state_has_the_empty_sequence_as_evidence():
    a = m("start auto pending", "pending create running")
    b = m("pending create running", initial="pending", extra=["start"])
    change, removed = diff(a, b).changes
    assert (change.kind, removed.kind) == ("initial-changed", "transition-removed")
    assert change.evidence.as_dict() == {"actions": [], "rejected": None, "a_state": "start",
                                         "b_states": ["pending"]}


def test_json_for_hand_made_files(cli, tmp_path):
    a = tmp_path / "old.yaml"
    b = tmp_path / "new.yaml"
    a.write_text("provider: mycloud\ninitial: start\nfinal: [finish]\nstates:\n"
                 "  start:\n    transitions:\n      - {to: running, action: create}\n"
                 "  running:\n    transitions:\n      - {to: finish, action: destroy}\n  finish: {}\n")
    b.write_text("provider: mycloud\ninitial: start\nfinal: [finish]\nstates:\n"
                 "  start:\n    transitions:\n      - {to: running, action: create}\n"
                 "  running:\n    transitions:\n      - {to: finish, action: destroy}\n"
                 "      - {to: running, action: reboot}\n  finish: {}\n")
    r = cli("diff", a, b, "--format", "json")
    assert r.code == 1, r.err
    doc = json.loads(r.out)
    assert doc["summary"] == {"breaking": 0, "compatible": 1}
    assert doc["changes"] == [{"kind": "transition-added", "class": "compatible",
                               "message": "running -> running (reboot) is only in B", "state": "running",
                               "a": None, "b": {"from": "running", "to": "running", "action": "reboot",
                                                "auto": False},
                               "evidence": None}]
    assert cli("diff", a, b, "--fail-on", "breaking").code == 0
    r = cli("diff", b, a, "--fail-on", "breaking")
    assert r.code == 1 and "1 breaking, 0 compatible" in r.out and "A: " in r.out
    assert "evidence: create, reboot: B cannot do reboot (it may be in running); A does it from running" in r.out


def test_normalize_folds_case_and_legacy_names():
    a = m("START create Pending", "Pending auto RUNNING", "RUNNING stop shutting_down",
          "shutting_down auto stopped", "stopped auto finished", initial="START", final=("finished",))
    n = normalize(a)
    assert n.state_names == ("start", "pending", "running", "stopping", "stopped", "finish")
    assert n.initial == "start" and n.final == ("finish",)
    assert renamed(a) == {"START": "start", "Pending": "pending", "RUNNING": "running",
                          "shutting_down": "stopping", "finished": "finish"}
    assert [t.key() for t in n.transitions][-1] == ("stopped", "finish", None)


def test_normalize_merges_states_that_meet_and_keeps_native_names():
    a = m("start create Running", "Running stop stopped", "running reboot running")
    assert [(s.name, len(s.transitions)) for s in normalize(a).states][:2] == [("start", 1), ("running", 2)]
    native = Machine("n", (State("RUNNING", (Transition("RUNNING", "shutting-down", "Terminate"),),
                                 maps_to="running"),
                           State("shutting-down", maps_to="stopping")), "RUNNING", ())
    assert normalize(native).state_names == ("running", "shutting-down")
    assert list(normalize(native).transitions)[0].action == "terminate"
