"""The simulation engine on hand-made machines and on bundled ones."""

import random

import pytest

from cloudstates.analysis.simulate import AUTO, ChoiceRequired, Graph, NotAllowed, Simulator
from cloudstates.model import Machine, State, Transition
from cloudstates.sources import resolve


def make(states, initial="start", final=("finish",), provider="hand", actions=()):
    """states: {name: [(target, action or None)]} in order."""
    return Machine(provider=provider, initial=initial, final=tuple(final), actions=tuple(actions),
                   states=tuple(State(name, tuple(Transition(name, t, a) for t, a in out))
                                for name, out in states.items()))


CHAIN = make({"start": [("pending", None)], "pending": [("booting", None)], "booting": [("running", None)],
              "running": [("stopped", "stop")], "stopped": [("running", "start"), ("finish", "destroy")],
              "finish": []})
COMPETING = make({"start": [("pending", "create")], "pending": [("running", None), ("error", None)],
                  "running": [("finish", "destroy")], "error": [], "finish": []})
CYCLE = make({"start": [("a", "create")], "a": [("b", None)], "b": [("a", None)], "finish": []})


def route(steps):
    return [(s.source, s.label, s.target) for s in steps]


def test_autos_are_applied_one_by_one_as_steps():
    sim = Simulator(CHAIN)
    assert sim.state == "start" and sim.allowed() == ("create",)
    move = sim.apply("create")
    assert route(move.steps) == [("start", "create", "pending"), ("pending", "auto", "booting"),
                                 ("booting", "auto", "running")]
    assert move.steps[0].written == "auto" and move.steps[1].written is None
    assert sim.state == "running" and sim.allowed() == ("stop",)


def test_literal_keeps_the_automatic_creation():
    sim = Simulator(CHAIN, literal=True)
    assert route(sim.opening) == [("start", "auto", "pending"), ("pending", "auto", "booting"),
                                  ("booting", "auto", "running")]
    assert sim.state == "running" and not sim.history
    with pytest.raises(NotAllowed):
        Simulator(CHAIN, literal=True).apply("create")


def test_invalid_action_names_what_is_allowed_and_changes_nothing():
    sim = Simulator(CHAIN)
    sim.apply("create")
    with pytest.raises(NotAllowed) as caught:
        sim.apply("reboot")
    assert str(caught.value) == "reboot is not allowed in running (allowed: stop)"
    assert caught.value.allowed == ("stop",) and sim.state == "running" and len(sim.history) == 1


def test_undo_back_to_the_start_and_reset():
    sim = Simulator(CHAIN)
    sim.run(["create", "stop", "start", "stop"])
    assert sim.state == "stopped" and len(sim.trace) == 6
    undone = [sim.undo().action for _ in range(4)]
    assert undone == ["stop", "start", "stop", "create"]
    assert sim.state == "start" and sim.undo() is None and sim.trace == ()
    sim.run(["create", "stop"])
    sim.reset()
    assert sim.state == "start" and sim.history == []


def test_competing_autos_need_an_explicit_choice():
    with pytest.raises(ChoiceRequired) as caught:
        Simulator(COMPETING).apply("create")
    assert "pending moves by itself to running or error" in str(caught.value)


def test_competing_autos_chosen_by_a_seed_are_reproducible_and_both_happen():
    ends = set()
    for seed in range(40):
        a = Simulator(COMPETING, rng=random.Random(seed))
        b = Simulator(COMPETING, rng=random.Random(seed))
        a.apply("create")
        b.apply("create")
        assert a.state == b.state
        assert a.history[0].steps[1].choices == ("running", "error")
        ends.add(a.state)
    assert ends == {"running", "error"}


def test_chooser_decides_and_is_told_the_options():
    asked = []

    def chooser(state, action, options):
        asked.append((state, action, tuple(options)))
        return "error"

    sim = Simulator(COMPETING, chooser=chooser)
    sim.apply("create")
    assert sim.state == "error" and asked == [("pending", None, ("running", "error"))]
    assert sim.allowed() == ()


def test_automatic_cycle_is_detected_not_looped():
    sim = Simulator(CYCLE)
    move = sim.apply("create")
    assert move.cycle == ("a", "b", "a")
    assert route(move.steps) == [("start", "create", "a"), ("a", "auto", "b"), ("b", "auto", "a")]
    assert sim.cycle == ("a", "b", "a") and sim.allowed() == ()
    sim.undo()
    assert sim.state == "start" and sim.cycle is None


def test_automatic_self_loop_at_the_start_is_a_cycle():
    sim = Simulator(make({"start": [("start", None)], "finish": []}), literal=True)
    assert sim.opening_cycle == ("start", "start") and sim.at_rest


def test_state_that_waits_keeps_its_auto_as_an_option_and_scripts_wait():
    condor = resolve("condor")
    sim = Simulator(condor, rng=random.Random(1))
    sim.apply("create")
    assert sim.state == "pending" and sim.allowed() == ("destroy", AUTO)
    assert sim.destinations(AUTO) == ("running", "finish")
    with pytest.raises(NotAllowed):
        sim.apply("reboot")  # not waiting: pending does not accept reboot
    chosen = Simulator(condor, chooser=lambda s, a, o: "running")
    chosen.run(["create", "reboot"])  # scripts wait for pending to move on
    assert chosen.state == "running"
    assert route(chosen.trace) == [("start", "create", "pending"), ("pending", "auto", "running"),
                                   ("running", "reboot", "running")]


def test_random_walk_is_reproducible_and_stops_where_nothing_is_allowed():
    rhevm = resolve("rhevm")
    a = Simulator(rhevm, rng=random.Random(5))
    b = Simulator(rhevm, rng=random.Random(5))
    taken = a.random_walk(1000)
    assert taken == b.random_walk(1000) and route(a.trace) == route(b.trace)
    assert a.state == "finish" and taken < 1000 and a.history[-1].action == "destroy"


def test_native_names_take_deltacloud_actions():
    sim = Simulator(resolve("aws-ec2"))
    sim.run(["create", "stop", "start", "destroy"], wait=True)
    assert [s.action for s in sim.trace if s.action] == ["run", "stop", "start", "terminate"]
    assert sim.state == "terminated"


def test_from_a_transient_state_settles_first():
    sim = Simulator(CHAIN, start="pending")
    assert sim.start == "pending" and sim.state == "running" and len(sim.opening) == 2


def test_older_state_names_are_understood():
    sim = Simulator(resolve("deltacloud-docs"), start="stopping")
    assert sim.start == "shutting_down"


def test_undefined_target_is_a_dead_end_not_a_crash():
    sim = Simulator(make({"start": [("ghost", "create")], "finish": []}))
    sim.apply("create")
    assert sim.state == "ghost" and sim.allowed() == ()


def test_graph_precomputes_action_maps():
    g = Graph(resolve("digitalocean"))
    running = g.index["running"]
    assert g.actions[running] == {"reboot": (running,), "stop": (g.index["stopping"],),
                                  "destroy": (g.index["finish"],)}
    assert g.autos[running] == (g.index["error"],) and not g.transient[running]
    assert g.transient[g.index["pending"]]
