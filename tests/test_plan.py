"""`cloudstates check-plan` on the bundled machines and on hand-made ones."""

import json

from cloudstates.analysis.paths import INVALID, MAY_FAIL, VALID, check_plan
from cloudstates.model import Machine, State, Transition


def make(states, initial="start", final=("finish",)):
    return Machine(provider="hand", initial=initial, final=tuple(final),
                   states=tuple(State(n, tuple(Transition(n, t, a) for t, a in out)) for n, out in states.items()))


def results(cli, plan, *sources):
    r = cli("check-plan", "--actions", plan, "-f", "json", *sources)
    return r, {x["provider"]: x for x in json.loads(r.out)["results"]}


def test_create_stop_start_destroy_across_providers(cli):
    r, by = results(cli, "create,stop,start,destroy")
    assert r.code == 1
    assert {name for name, x in by.items() if x["status"] == VALID} >= {"gogrid", "aws-ec2", "azure-vm"}
    assert by["gogrid"]["ends"] == ["finish"] and by["gogrid"]["failures"] == []
    fail = by["rhevm"]["failures"]
    assert by["rhevm"]["status"] == INVALID and len(fail) == 1
    assert (fail[0]["step"], fail[0]["action"], fail[0]["state"], fail[0]["allowed"]) == (
        2, "stop", "stopped", ["start", "destroy"])
    fail = by["ec2"]["failures"]
    assert (fail[0]["step"], fail[0]["action"], fail[0]["state"], fail[0]["allowed"]) == (
        4, "destroy", "running", ["reboot", "stop"])
    assert by["deltacloud-docs"]["failures"][0]["state"] == "finish"  # docs: stopped moves on to finish
    do = by["digitalocean"]
    assert do["status"] == MAY_FAIL and do["ends"] == ["finish"]
    assert [(f["step"], f["state"], f["if"]) for f in do["failures"]] == [
        (2, "error", ["pending -> error"]), (3, "error", ["pending -> running", "stopping -> error"])]
    assert by["opennebula"]["status"] == MAY_FAIL and by["opennebula"]["ends"] == ["stopped", "finish"]


def test_table(cli):
    r = cli("check-plan", "-a", "create,stop,start,destroy", "gogrid", "rhevm", "opennebula")
    assert r.code == 1
    lines = r.out.splitlines()
    assert lines[0] == "plan: create,stop,start,destroy"
    assert any(line.startswith("| gogrid     | valid    |") for line in lines)
    assert any(line.startswith("| rhevm      | invalid  | 2    | stop not allowed in stopped (allowed: start,")
               for line in lines)
    assert any(line.startswith("| opennebula | may-fail | 3    | start not allowed in finish (allowed: none)")
               for line in lines)
    assert lines[-1] == "3 checked: 1 valid, 1 may fail, 1 invalid"


def test_valid_everywhere_exits_0_and_may_fail_only_with_strict(cli):
    assert cli("check-plan", "-a", "create,destroy", "gogrid", "rhevm", "sbc").code == 0
    assert cli("check-plan", "-a", "create,stop,start,destroy", "opennebula").code == 0
    assert cli("check-plan", "-a", "create,stop,start,destroy", "opennebula", "--strict").code == 1


def test_literal_changes_the_answer(cli):
    _, by = results(cli, "create,destroy", "rhevm")
    assert by["rhevm"]["status"] == VALID
    r, by = results(cli, "create,destroy", "rhevm", "--literal")
    assert r.code == 1 and by["rhevm"]["failures"][0]["state"] == "stopped"
    assert by["rhevm"]["failures"][0]["action"] == "create"


def test_waits_for_a_state_that_moves_by_itself():
    # condor's pending accepts destroy, and moves to running by itself (or to finish)
    from cloudstates.sources import resolve

    r = check_plan(resolve("condor"), ["create", "reboot", "destroy"])
    assert r.status == MAY_FAIL and r.ends == ("stopping",)
    assert [(f.index, f.state) for f in r.failures] == [(2, "finish")]


def test_native_names_follow_the_mapping():
    from cloudstates.sources import resolve

    r = check_plan(resolve("aws-ec2"), ["create", "stop", "start", "destroy"])
    assert r.status == VALID and r.ends == ("terminated",)


def test_automatic_cycle_fails_the_plan():
    m = make({"start": [("a", "create")], "a": [("b", None)], "b": [("a", None), ("c", None)],
              "c": [("finish", "destroy")], "finish": []})
    r = check_plan(m, ["create", "destroy"])
    assert r.status == MAY_FAIL and r.ends == ("finish",)
    assert r.failures[0].cycle == ("a", "b", "a") and r.failures[0].index == 2


def test_unknown_source_exits_3(cli):
    r = cli("check-plan", "-a", "create", "nosuchcloud")
    assert r.code == 3
