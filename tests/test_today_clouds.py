"""Today's clouds (aws-ec2, gce, azure-vm, openstack-nova): their documented facts, stated here as data.

Each walk is a documented path: (provider, from state, [(action or AUTO, state reached), ...]).
The facts come from the sources each definition cites; the notes in the files say where.
"""

import re

import pytest

from cloudstates.analysis.validate import validate
from cloudstates.model import STATES
from cloudstates.sources import resolve

AUTO = None
TODAY = ["aws-ec2", "gce", "azure-vm", "openstack-nova"]

WALKS = [
    # EC2: launch, stop / hibernate, start, reboot, and terminate from running AND from stopped,
    # which passes through shutting-down before terminated.
    ("aws-ec2", "start", [("run", "pending"), (AUTO, "running")]),
    ("aws-ec2", "running", [("stop", "stopping"), (AUTO, "stopped"), ("start", "pending"), (AUTO, "running")]),
    ("aws-ec2", "running", [("hibernate", "stopping"), (AUTO, "stopped")]),
    ("aws-ec2", "running", [("reboot", "running")]),
    ("aws-ec2", "running", [("terminate", "shutting-down"), (AUTO, "terminated")]),
    ("aws-ec2", "stopped", [("terminate", "shutting-down"), (AUTO, "terminated")]),
    # GCE: create, stop/start (TERMINATED is stopped, not deleted), suspend/resume, reset, delete.
    ("gce", "start", [("insert", "PROVISIONING"), (AUTO, "STAGING"), (AUTO, "RUNNING")]),
    ("gce", "start", [("insert-queued", "PENDING"), (AUTO, "PROVISIONING")]),
    ("gce", "RUNNING", [("stop", "STOPPING"), (AUTO, "TERMINATED"), ("start", "PROVISIONING"), (AUTO, "STAGING"),
                        (AUTO, "RUNNING")]),
    ("gce", "RUNNING", [("suspend", "SUSPENDING"), (AUTO, "SUSPENDED"), ("resume", "PROVISIONING"),
                        (AUTO, "STAGING"), (AUTO, "RUNNING")]),
    ("gce", "SUSPENDED", [(AUTO, "TERMINATED")]),  # after 60 days suspended
    ("gce", "RUNNING", [("reset", "RUNNING")]),
    ("gce", "RUNNING", [("stop-graceful", "PENDING_STOP"), (AUTO, "STOPPING"), (AUTO, "TERMINATED")]),
    ("gce", "RUNNING", [("delete", "STOPPING"), (AUTO, "DELETED")]),
    ("gce", "TERMINATED", [("delete", "DELETED")]),
    ("gce", "RUNNING", [("host-event", "REPAIRING"), (AUTO, "RUNNING")]),
    # Azure: powerOff keeps the VM allocated (stopped), deallocate releases it (deallocated).
    ("azure-vm", "start", [("createOrUpdate", "creating"), (AUTO, "starting"), (AUTO, "running")]),
    ("azure-vm", "running", [("powerOff", "stopping"), (AUTO, "stopped"), ("start", "starting"), (AUTO, "running")]),
    ("azure-vm", "running", [("deallocate", "deallocating"), (AUTO, "deallocated"), ("start", "starting")]),
    ("azure-vm", "stopped", [("deallocate", "deallocating"), (AUTO, "deallocated"), ("delete", "deleted")]),
    ("azure-vm", "running", [("restart", "running")]),
    # nova: build, reboots, stop/start, pause, suspend, shelve and offload, resize, soft delete.
    ("openstack-nova", "start", [("create", "BUILD"), (AUTO, "ACTIVE")]),
    ("openstack-nova", "BUILD", [(AUTO, "ERROR")]),
    ("openstack-nova", "ACTIVE", [("reboot-soft", "REBOOT"), (AUTO, "ACTIVE"), ("reboot-hard", "HARD_REBOOT"),
                                  (AUTO, "ACTIVE")]),
    ("openstack-nova", "ACTIVE", [("os-stop", "SHUTOFF"), ("os-start", "ACTIVE")]),
    ("openstack-nova", "ACTIVE", [("pause", "PAUSED"), ("unpause", "ACTIVE")]),
    ("openstack-nova", "ACTIVE", [("suspend", "SUSPENDED"), ("resume", "ACTIVE")]),
    ("openstack-nova", "ACTIVE", [("shelve", "SHELVED"), (AUTO, "SHELVED_OFFLOADED"), ("unshelve", "ACTIVE")]),
    ("openstack-nova", "SHELVED", [("shelveOffload", "SHELVED_OFFLOADED")]),
    ("openstack-nova", "SHELVED", [("unshelve", "ACTIVE")]),
    ("openstack-nova", "ACTIVE", [("resize", "RESIZE"), (AUTO, "VERIFY_RESIZE"), ("confirmResize", "ACTIVE")]),
    ("openstack-nova", "VERIFY_RESIZE", [("revertResize", "REVERT_RESIZE"), (AUTO, "ACTIVE")]),
    ("openstack-nova", "ACTIVE", [("soft-delete", "SOFT_DELETED"), ("restore", "ACTIVE")]),
    ("openstack-nova", "SOFT_DELETED", [(AUTO, "DELETED")]),
    ("openstack-nova", "ACTIVE", [("delete", "DELETED")]),
    ("openstack-nova", "ACTIVE", [("guest-shutdown", "SHUTOFF")]),
    ("openstack-nova", "ACTIVE", [("host-event", "UNKNOWN"), (AUTO, "ACTIVE")]),
]

# Where an action may be issued at all (every state that has it), where the docs restrict it.
ONLY_FROM = [
    ("gce", "suspend", {"RUNNING"}),
    ("gce", "reset", {"RUNNING"}),
    ("gce", "resume", {"SUSPENDED"}),
    ("openstack-nova", "reboot-soft", {"ACTIVE"}),
    ("openstack-nova", "os-start", {"SHUTOFF"}),
    ("openstack-nova", "os-stop", {"ACTIVE", "ERROR"}),
    ("openstack-nova", "pause", {"ACTIVE"}),
    ("openstack-nova", "suspend", {"ACTIVE"}),
    ("openstack-nova", "unshelve", {"SHELVED", "SHELVED_OFFLOADED"}),
    ("openstack-nova", "restore", {"SOFT_DELETED"}),
    ("aws-ec2", "terminate", {"running", "stopped"}),
    ("aws-ec2", "start", {"stopped"}),
    ("azure-vm", "deallocate", {"running", "stopped"}),
]

# The only ways out of transitional states: nothing but waiting.
ONLY_WAY_OUT = [
    ("aws-ec2", "shutting-down", [("terminated", AUTO)]),
    ("aws-ec2", "stopping", [("stopped", AUTO)]),
    ("azure-vm", "deallocating", [("deallocated", AUTO)]),
    ("azure-vm", "stopping", [("stopped", AUTO)]),
    ("gce", "SUSPENDING", [("SUSPENDED", AUTO), ("REPAIRING", "host-event")]),
]

# Deltacloud state each native state corresponds to.
MAPS_TO = {
    "aws-ec2": {"start": "start", "pending": "pending", "running": "running", "stopping": "stopping",
                "stopped": "stopped", "shutting-down": "stopping", "terminated": "finish"},
    "gce": {"start": "start", "PENDING": "pending", "PROVISIONING": "pending", "STAGING": "pending",
            "RUNNING": "running", "PENDING_STOP": "stopping", "STOPPING": "stopping", "SUSPENDING": "stopping",
            "SUSPENDED": "stopped", "REPAIRING": "error", "TERMINATED": "stopped", "DELETED": "finish"},
    "azure-vm": {"start": "start", "creating": "pending", "starting": "pending", "running": "running",
                 "stopping": "stopping", "stopped": "stopped", "deallocating": "stopping", "deallocated": "stopped",
                 "deleted": "finish"},
    "openstack-nova": {"start": "start", "BUILD": "pending", "ACTIVE": "running", "REBOOT": "pending",
                       "HARD_REBOOT": "pending", "PASSWORD": "running", "REBUILD": "pending", "MIGRATING": "running",
                       "RESIZE": "pending", "VERIFY_RESIZE": "running", "REVERT_RESIZE": "pending",
                       "SHUTOFF": "stopped", "PAUSED": "stopped", "SUSPENDED": "stopped", "RESCUE": "running",
                       "SHELVED": "stopped", "SHELVED_OFFLOADED": "stopped", "SOFT_DELETED": "stopping",
                       "ERROR": "error", "UNKNOWN": "error", "DELETED": "finish"},
}

FINAL = {"aws-ec2": ("terminated",), "gce": ("DELETED",), "azure-vm": ("deleted",), "openstack-nova": ("DELETED",)}

# EC2's InstanceState codes, as each state's note gives them.
EC2_CODES = {"pending": 0, "running": 16, "shutting-down": 32, "terminated": 48, "stopping": 64, "stopped": 80}

# Azure: is the VM still allocated on (and billed for) its host's compute in this power state?
# Read from each state's note: stopped still allocates, deallocated does not.
AZURE_COMPUTE_BILLED = {"creating": False, "starting": True, "running": True, "stopping": True, "stopped": True,
                        "deallocating": False, "deallocated": False}

# Events the provider or the guest starts, not the user: named actions with no Deltacloud action.
EVENTS = {"gce": {"host-event", "system-stop"}, "openstack-nova": {"host-event", "guest-shutdown", "auto-confirm"},
          "aws-ec2": set(), "azure-vm": set()}

# Every warning and note validate gives, each explained in the file's notes (by its code).
EXPECTED_FINDINGS = {
    "aws-ec2": set(),
    "azure-vm": set(),
    "gce": {("competing-autos", "PENDING"), ("auto-and-action", "PENDING"), ("auto-and-action", "PENDING_STOP"),
            ("competing-autos", "STOPPING"), ("competing-autos", "REPAIRING")},
    "openstack-nova": {("may-fail", "BUILD"), ("competing-autos", "REBUILD"), ("competing-autos", "MIGRATING"),
                       ("ambiguous-action", "VERIFY_RESIZE"), ("competing-autos", "REVERT_RESIZE"),
                       ("auto-and-action", "SHELVED"), ("auto-and-action", "SOFT_DELETED")},
}


def has(machine, source, action, target):
    return any(t.target == target and t.action == action for t in machine.outgoing(source))


@pytest.mark.parametrize("name, origin, steps", WALKS, ids=[f"{w[0]}:{w[1]}:{w[2][0][0] or 'auto'}" for w in WALKS])
def test_documented_walk(name, origin, steps):
    machine = resolve(name)
    here = origin
    for action, target in steps:
        assert has(machine, here, action, target), f"{here} --{action or 'auto'}--> {target} missing"
        here = target


@pytest.mark.parametrize("name, action, states", ONLY_FROM)
def test_action_only_from(name, action, states):
    machine = resolve(name)
    assert {t.source for t in machine.transitions if t.action == action} == states


@pytest.mark.parametrize("name, state, ways", ONLY_WAY_OUT)
def test_only_way_out(name, state, ways):
    assert [(t.target, t.action) for t in resolve(name).outgoing(state)] == ways


@pytest.mark.parametrize("name", TODAY)
def test_states_and_their_mapping(name):
    machine = resolve(name)
    assert {s.name: s.maps_to for s in machine.states} == MAPS_TO[name]
    assert (machine.initial, machine.final) == ("start", FINAL[name])
    assert all(not resolve(name).outgoing(f) for f in FINAL[name])


@pytest.mark.parametrize("name", TODAY)
def test_every_action_is_listed_and_events_have_no_deltacloud_action(name):
    machine = resolve(name)
    used = {t.action for t in machine.transitions if not t.auto}
    assert used == set(machine.action_map)
    assert {a for a in EVENTS[name]} <= used
    assert all(machine.action_map[a] is None for a in EVENTS[name])
    assert all(machine.action_map[a] in (None, "create", "start", "stop", "reboot", "destroy") for a in used)


@pytest.mark.parametrize("name", TODAY)
def test_findings_are_the_expected_ones_and_explained_in_the_notes(name):
    machine = resolve(name)
    found = validate(machine)
    assert not [f for f in found if f.severity == "error"]
    assert {(f.code, f.state) for f in found} == EXPECTED_FINDINGS[name]
    for code, _ in EXPECTED_FINDINGS[name]:
        assert code in machine.notes, f"{code} not explained in {name}'s notes"


@pytest.mark.parametrize("name", TODAY)
def test_no_loop_of_automatic_transitions(name):
    """A simulator that follows automatic moves must always come to rest."""
    machine = resolve(name)
    autos = {}
    for t in machine.transitions:
        if t.auto and t.target != t.source:
            autos.setdefault(t.source, set()).add(t.target)
    assert not any(t.auto and t.target == t.source for t in machine.transitions)
    state_of = {}  # 1 = on the stack, 2 = done

    def visit(node):
        state_of[node] = 1
        for nxt in autos.get(node, ()):
            assert state_of.get(nxt) != 1, f"automatic loop through {node} -> {nxt}"
            if nxt not in state_of:
                visit(nxt)
        state_of[node] = 2

    for name_ in machine.state_names:
        if name_ not in state_of:
            visit(name_)


@pytest.mark.parametrize("name", TODAY)
def test_sources_are_documentation_pages_with_titles_and_dates(name):
    machine = resolve(name)
    assert machine.title and machine.description and machine.notes
    assert machine.sources
    for source in machine.sources:
        assert source.url.startswith("https://") and source.title and source.read == "2026-12-03"


def test_ec2_state_codes():
    machine = resolve("aws-ec2")
    for name, code in EC2_CODES.items():
        assert machine.by_name[name].note.startswith(f"Code {code}."), name
    assert set(machine.state_names) - {"start"} == set(EC2_CODES)


def test_azure_stopped_still_allocates_deallocated_does_not():
    machine = resolve("azure-vm")
    for name, billed in AZURE_COMPUTE_BILLED.items():
        note = machine.by_name[name].note.lower()
        says_not = re.search(r"\bnot billed\b", note) is not None
        assert re.search(r"\bbilled\b", note), name
        assert says_not != billed, f"{name}: note says {'not ' if says_not else ''}billed"
    assert "allocated on a host" in machine.by_name["stopped"].note
    assert "released" in machine.by_name["deallocated"].note
    # Both are Deltacloud's stopped: the difference is lost in its vocabulary.
    assert machine.by_name["stopped"].maps_to == machine.by_name["deallocated"].maps_to == "stopped"


def test_gce_terminated_is_stopped_not_deleted():
    machine = resolve("gce")
    assert machine.by_name["TERMINATED"].maps_to == "stopped"
    assert has(machine, "TERMINATED", "start", "PROVISIONING")
    assert "DELETED" not in {s for s in machine.state_names if machine.outgoing(s)}


def test_provider_events_are_not_automatic():
    """REPAIRING and UNKNOWN are entered only on an event, never by an automatic transition."""
    for name, state in (("gce", "REPAIRING"), ("openstack-nova", "UNKNOWN")):
        entering = [t for t in resolve(name).transitions if t.target == state]
        assert entering and all(t.action == "host-event" for t in entering)


def test_every_mapping_is_in_deltacloud_vocabulary():
    for name in TODAY:
        assert {s.maps_to for s in resolve(name).states} <= set(STATES)


def test_show_and_validate_commands(cli):
    for name in TODAY:
        result = cli("validate", name)
        assert result.code == 0 and "0 errors" in result.out, result.out
        assert cli("validate", name, "--strict").code == (1 if EXPECTED_FINDINGS[name] - {("may-fail", "BUILD")}
                                                         else 0)
    shown = cli("show", "aws-ec2")
    assert shown.code == 0
    assert "shutting-down (= stopping)" in shown.out and "terminated (final, = finish)" in shown.out
