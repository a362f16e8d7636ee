"""`cloudstates path`: shortest action paths and simple paths, on bundled and hand-made machines."""

import json

from cloudstates.analysis.paths import shortest_path, simple_paths
from cloudstates.analysis.simulate import Graph
from cloudstates.model import Machine, State, Transition


def make(states, initial="start", final=("finish",)):
    return Machine(provider="hand", initial=initial, final=tuple(final),
                   states=tuple(State(n, tuple(Transition(n, t, a) for t, a in out)) for n, out in states.items()))


def test_destroying_a_running_rhevm_instance(cli):
    r = cli("path", "rhevm", "running", "finish")
    assert r.code == 0
    assert r.out == ("rhevm: running -> finish in 3 actions\n"
                     "  1  running   stop     -> stopping\n"
                     "  2  stopping  stop     -> stopped\n"
                     "  3  stopped   destroy  -> finish\n"
                     "actions: stop,stop,destroy\n")


def test_automatic_steps_between_actions(cli):
    r = cli("path", "ec2", "start", "stopped")
    assert r.out == ("ec2: start -> stopped in 2 actions\n"
                     "  1  start     create  -> pending   (written as auto)\n"
                     "     pending   auto    -> running\n"
                     "  2  running   stop    -> stopping\n"
                     "     stopping  auto    -> stopped\n"
                     "actions: create,stop\n")


def test_path_that_depends_on_the_cloud_says_so(cli):
    r = cli("path", "opennebula", "running", "stopped")
    assert r.code == 0
    assert "     stopping  auto  -> stopped   (one of stopped, finish)\n" in r.out
    assert r.out.endswith("depends on the cloud: stopping -> stopped (it may go to finish)\n")


def test_no_path_exits_1_with_why(cli):
    r = cli("path", "rhevm", "finish", "running")
    assert r.code == 1 and r.out == ""
    assert r.err == ("cloudstates: error: rhevm: no path from finish to running: "
                     "finish allows no action and does not move by itself\n")
    r = cli("path", "condor", "running", "pending")
    assert r.code == 1
    assert "pending cannot be reached from running (reachable from it: stopping)" in r.err


def test_unknown_state(cli):
    r = cli("path", "condor", "running", "stopped")
    assert r.code == 1
    assert "condor: no state 'stopped' (its states: start, pending, running, finish, stopping)" in r.err


def test_older_names_are_accepted(cli):
    r = cli("path", "deltacloud-docs", "running", "stopping", "-f", "json")
    doc = json.loads(r.out)
    assert doc["to"] == "shutting_down" and doc["paths"][0]["actions"] == ["stop"]


def test_native_names_map_deltacloud_states(cli):
    r = cli("path", "aws-ec2", "running", "finish", "-f", "json")
    doc = json.loads(r.out)
    assert doc["to"] == "terminated" and doc["paths"][0]["actions"] == ["terminate"]


def test_all_simple_paths_best_first(cli):
    r = cli("path", "gogrid", "start", "finish", "--all", "--max-length", "3", "-f", "json")
    doc = json.loads(r.out)
    assert [p["actions"] for p in doc["paths"]] == [["create", "destroy"], ["create", "stop", "destroy"]]
    assert doc["truncated"] is False


def test_all_with_too_small_a_bound(cli):
    r = cli("path", "mock", "start", "finish", "--all", "--max-length", "2")
    assert r.code == 1
    assert "every path from start to finish takes more than 2 actions" in r.err


def test_sure_path_preferred_over_a_shorter_hopeful_one():
    m = make({"start": [("a", "create")],
              "a": [("finish", "quick"), ("b", "slow")],
              "b": [("c", "slow")], "c": [("finish", "slow")], "finish": []})
    m2 = make({"start": [("a", "create")], "a": [("finish", "quick"), ("x", "quick"), ("b", "slow")],
               "b": [("c", "slow")], "c": [("finish", "slow")], "x": [], "finish": []})
    g, g2 = Graph(m), Graph(m2)
    assert shortest_path(g, 0, g.index["finish"]).actions == ["create", "quick"]
    best = shortest_path(g2, 0, g2.index["finish"])
    assert best.actions == ["create", "slow", "slow", "slow"] and best.sure  # quick may end in x


def test_same_state_is_an_empty_path(cli):
    r = cli("path", "mock", "running", "running")
    assert r.code == 0 and "in 0 actions" in r.out and "actions: (none)" in r.out


def test_simple_paths_never_repeat_a_state_and_respect_the_bound():
    m = make({"start": [("a", "create")], "a": [("b", "x"), ("a", "loop")], "b": [("a", "y"), ("finish", "z")],
              "finish": []})
    g = Graph(m)
    paths, truncated = simple_paths(g, 0, g.index["finish"], 10)
    assert [p.actions for p in paths] == [["create", "x", "z"]] and not truncated
    assert simple_paths(g, 0, g.index["finish"], 2) == ([], False)
