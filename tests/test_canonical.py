"""canonical(): native machines projected onto Deltacloud's states and actions."""

import json

import pytest

from cloudstates.analysis.canonical import action_map, canonical, state_map
from cloudstates.analysis.validate import validate
from cloudstates.model import ACTIONS, STATES, Machine, State, Transition
from cloudstates.sources import catalog, resolve

AUTO = None


def native(spec, maps, actions=(), **kwargs):
    """spec: {state: [(to, action or AUTO)]}; maps: {state: Deltacloud state}."""
    return Machine("native", tuple(State(n, tuple(Transition(n, to, a) for to, a in ts), maps.get(n))
                                   for n, ts in spec.items()), actions=tuple(actions), **kwargs)


def edges(machine):
    return {s.name: [(t.target, t.action) for t in s.transitions] for s in machine.states}


# The four bundled native machines, projected (checked by hand against their definitions).
EXPECTED = {
    "aws-ec2": {"start": [("pending", "create")], "pending": [("running", AUTO)],
                "running": [("running", "reboot"), ("stopping", "stop"), ("stopping", "destroy")],
                "stopping": [("stopped", AUTO), ("finish", AUTO)],
                "stopped": [("pending", "start"), ("stopping", "destroy")], "finish": []},
    "gce": {"start": [("pending", "create")], "pending": [("running", AUTO)],
            "running": [("running", "reboot"), ("stopping", "stop"), ("stopping", "destroy")],
            "stopping": [("stopping", "stop"), ("stopped", AUTO), ("finish", AUTO)],
            "stopped": [("pending", "start"), ("finish", "destroy")], "finish": []},
    "azure-vm": {"start": [("pending", "create")], "pending": [("running", AUTO)],
                 "running": [("running", "reboot"), ("stopping", "stop"), ("finish", "destroy")],
                 "stopping": [("stopped", AUTO)],
                 "stopped": [("pending", "start"), ("stopping", "stop"), ("finish", "destroy")], "finish": []},
    "openstack-nova": {
        "start": [("pending", "create")],
        "pending": [("running", AUTO), ("error", AUTO), ("finish", "destroy"), ("pending", "reboot")],
        "running": [("pending", "reboot"), ("stopped", "stop"), ("finish", "destroy"), ("stopping", "destroy")],
        "stopping": [("finish", "destroy"), ("finish", AUTO)],
        "stopped": [("running", "start"), ("running", "reboot"), ("stopped", "stop"), ("finish", "destroy"),
                    ("stopping", "destroy")],
        "finish": [],
        "error": [("stopped", "stop"), ("running", "reboot"), ("finish", "destroy"), ("stopping", "destroy")]},
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bundled_native_machines_project_as_expected(name):
    projected = canonical(resolve(name))
    assert edges(projected) == EXPECTED[name]
    assert (projected.initial, projected.final) == ("start", ("finish",))
    assert projected.actions == () and all(s.maps_to is None for s in projected.states)
    assert canonical(projected) is projected
    findings = {f.code for f in validate(projected)}
    assert not findings & {"unknown-name", "legacy-name", "unknown-state", "bad-mapping", "unreachable-state"}


def test_every_machine_without_mappings_is_returned_unchanged():
    for name in catalog():
        machine = resolve(name)
        if not machine.mapped:
            assert canonical(machine) is machine


def test_states_that_map_to_one_are_merged_and_notes_name_the_natives():
    m = native({"begin": [("BOOT", "launch")], "BOOT": [("UP", AUTO)], "UP": [("HALTING", "halt"), ("GONE", "kill")],
                "HALTING": [("HALTED", AUTO)], "HALTED": [("BOOT", "boot")], "PAUSED": [("UP", "unpause")],
                "GONE": []},
               {"begin": "start", "BOOT": "pending", "UP": "running", "HALTING": "stopping", "HALTED": "stopped",
                "PAUSED": "stopped", "GONE": "finish"},
               [("launch", "create"), ("halt", "stop"), ("kill", "destroy"), ("boot", "start"), ("pause", "stop"),
                ("unpause", "start")],
               initial="begin", final=("GONE",))
    m = Machine(m.provider, m.states[:2] + (State("UP", m.states[2].transitions + (Transition("UP", "PAUSED", "pause"),),
                                                  "running"),) + m.states[3:], m.initial, m.final, actions=m.actions)
    projected = canonical(m)
    assert edges(projected) == {
        "start": [("pending", "create")], "pending": [("running", AUTO)],
        "running": [("stopping", "stop"), ("finish", "destroy"), ("stopped", "stop")],
        "stopping": [("stopped", AUTO)], "stopped": [("pending", "start"), ("running", "start")], "finish": []}
    assert projected.by_name["stopped"].note == "native: HALTED, PAUSED"
    assert projected.by_name["running"].note == "native: UP"
    assert projected.by_name["finish"].note == "native: GONE"
    assert [t.note for t in projected.outgoing("stopped")] == ["native: HALTED -> BOOT (boot)",
                                                               "native: PAUSED -> UP (unpause)"]
    assert (projected.initial, projected.final) == ("start", ("finish",))
    assert "stopped = HALTED, PAUSED" in projected.description


def test_identical_transitions_are_listed_once_naming_every_native_one():
    m = native({"start": [("A", "go")], "A": [("B", "stop1"), ("C", "stop2")], "B": [], "C": []},
               {"start": "start", "A": "running", "B": "stopped", "C": "stopped"},
               [("go", "create"), ("stop1", "stop"), ("stop2", "stop")], final=("B", "C"))
    projected = canonical(m)
    assert edges(projected)["running"] == [("stopped", "stop")]
    assert projected.outgoing("running")[0].note == "native: A -> B (stop1); A -> C (stop2)"
    assert projected.final == ("stopped",)


def test_internal_automatic_moves_are_dropped_but_action_self_loops_kept():
    m = native({"start": [("PROV", "new")], "PROV": [("STAGE", AUTO)], "STAGE": [("UP", AUTO)],
                "UP": [("UP", "reset"), ("GONE", "delete")], "GONE": []},
               {"start": "start", "PROV": "pending", "STAGE": "pending", "UP": "running", "GONE": "finish"},
               [("new", "create"), ("reset", "reboot"), ("delete", "destroy")], final=("GONE",))
    assert edges(canonical(m)) == {"start": [("pending", "create")], "pending": [("running", AUTO)],
                                   "running": [("running", "reboot"), ("finish", "destroy")], "finish": []}


def test_unmapped_actions_are_dropped_with_the_states_only_they_reach():
    m = native({"start": [("UP", "new")], "UP": [("FIXING", "host-event"), ("RESCUE", "rescue"), ("GONE", "delete")],
                "FIXING": [("UP", AUTO), ("GONE", AUTO)], "RESCUE": [("UP", "unrescue"), ("GONE", "delete")],
                "GONE": []},
               {"start": "start", "UP": "running", "FIXING": "error", "RESCUE": "running", "GONE": "finish"},
               [("new", "create"), ("host-event", None), ("rescue", None), ("unrescue", None), ("delete", "destroy")],
               final=("GONE",))
    projected = canonical(m)
    assert edges(projected) == {"start": [("running", "create")], "running": [("finish", "destroy")], "finish": []}
    assert "error" not in projected.state_names  # FIXING is entered only on host-event
    assert "Left out, having no Deltacloud action: host-event, rescue, unrescue." in projected.description
    assert "Left out, reachable only through those: FIXING, RESCUE." in projected.description


def test_names_without_mapping_fall_back_to_deltacloud_names_or_stay_native():
    m = native({"start": [("pending", "create")], "pending": [("running", AUTO)],
                "running": [("shutting-down", "stop"), ("odd", "poke")], "shutting-down": [("finish", AUTO)],
                "odd": [("finish", "destroy")], "finish": []},
               {"running": "running"}, [("poke", "reboot")])
    assert state_map(m) == {"start": "start", "pending": "pending", "running": "running",
                            "shutting-down": "stopping", "odd": "odd", "finish": "finish"}
    assert action_map(m) == {"create": "create", "stop": "stop", "poke": "reboot", "destroy": "destroy"}
    assert edges(canonical(m)) == {"start": [("pending", "create")], "pending": [("running", AUTO)],
                                   "running": [("stopping", "stop"), ("odd", "reboot")],
                                   "stopping": [("finish", AUTO)], "finish": [], "odd": [("finish", "destroy")]}


def test_canonical_is_pure_and_keeps_provider_and_sources():
    machine = resolve("gce")
    before = edges(machine)
    projected = canonical(machine)
    assert edges(machine) == before
    assert (projected.provider, projected.sources, projected.origin) == ("gce", machine.sources, machine.origin)
    assert projected.title.endswith(" - Deltacloud view")
    assert set(projected.state_names) <= set(STATES)
    assert {t.action for t in projected.transitions if not t.auto} <= set(ACTIONS)


def test_show_canonical_json_is_deltacloud_wire_format(cli):
    result = cli("show", "aws-ec2", "--canonical", "-f", "json")
    assert result.code == 0, result.err
    doc = json.loads(result.out)
    assert [s["name"] for s in doc] == ["start", "pending", "running", "stopping", "stopped", "finish"]
    assert {"to": "stopping", "action": "destroy"} in doc[4]["transitions"]


def test_show_canonical_table_says_what_was_merged(cli):
    result = cli("show", "azure-vm", "--canonical")
    assert result.code == 0
    assert "stopped = stopped, deallocated" in " ".join(result.out.split())
    assert "deallocating" not in result.out.split("Projected")[0]


def test_show_canonical_of_a_deltacloud_machine_only_applies_the_create_rule(cli):
    plain = cli("show", "ec2", "-f", "yaml")
    canonical = cli("show", "ec2", "--canonical", "-f", "yaml")
    assert plain.code == canonical.code == 0
    # ec2's driver writes creation as automatic; canonically, leaving start is the create action.
    assert canonical.out == plain.out.replace("- {to: pending, auto: true}", "- {to: pending, action: create}", 1)
    assert canonical.out != plain.out
    assert cli("show", "mock", "--canonical", "-f", "yaml").out == cli("show", "mock", "-f", "yaml").out


def test_validate_reports_mapping_roles_and_unused_actions():
    m = native({"begin": [("UP", "launch")], "UP": [("DONE", "kill")], "DONE": [("GONE", AUTO)], "GONE": []},
               {"begin": "pending", "UP": "running", "DONE": "finish", "GONE": "stopped"},
               [("launch", "create"), ("kill", "destroy"), ("spare", "stop")], initial="begin", final=("GONE",))
    found = [(f.code, f.state, f.message) for f in validate(m) if f.code in ("mapping-role", "unused-action")]
    assert found == [
        ("mapping-role", "begin", "the initial state begin maps to pending, not start"),
        ("mapping-role", "DONE", "DONE maps to finish but is not a final state"),
        ("mapping-role", "GONE", "the final state GONE maps to stopped, not finish"),
        ("unused-action", None, "action spare is in 'actions' but no transition uses it"),
    ]


def test_validate_takes_deltacloud_names_as_mapped_to_themselves():
    m = native({"start": [("UP", "create")], "UP": [("finish", "destroy")], "finish": []},
               {"UP": "running"}, [("destroy", "destroy")])
    assert [f.code for f in validate(m)] == []
