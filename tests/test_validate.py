"""Each validate finding on a small hand-made machine, and the real quirks of the bundled set."""

import json

import pytest

from cloudstates.analysis.validate import CODES, validate
from cloudstates.model import Machine, State, Transition
from cloudstates.sources import resolve


def machine(spec, **kwargs):
    """spec: {state: [(to, action or None)]}"""
    return Machine("hand", tuple(State(n, tuple(Transition(n, to, a) for to, a in ts)) for n, ts in spec.items()),
                   **kwargs)


def codes(m):
    return [(f.code, f.state) for f in validate(m)]


CLEAN = {"start": [("pending", "create")], "pending": [("running", None)],
         "running": [("stopped", "stop")], "stopped": [("finish", "destroy")], "finish": []}


def test_clean_machine_has_no_findings():
    assert codes(machine(CLEAN)) == []


@pytest.mark.parametrize("spec, kwargs, expected", [
    ({**CLEAN, "stopped": [("gone", "destroy")]}, {},
     [("unknown-state", "stopped"), ("no-path-to-final", "start"), ("no-path-to-final", "pending"),
      ("no-path-to-final", "running"), ("no-path-to-final", "stopped"), ("unreachable-state", "finish")]),
    (CLEAN, {"initial": "begin"}, [("unknown-state", "begin")]),
    (CLEAN, {"final": ("done",)}, [("unknown-state", "done"), ("dead-end", "finish")]),
    ({**CLEAN, "orphan": [("finish", "destroy")]}, {}, [("unreachable-state", "orphan"), ("unknown-name", "orphan")]),
    ({**CLEAN, "stopped": [], "finish": []}, {},
     [("no-path-to-final", "start"), ("no-path-to-final", "pending"), ("no-path-to-final", "running"),
      ("dead-end", "stopped"), ("unreachable-state", "finish")]),
    ({**CLEAN, "running": [("stopped", "stop"), ("running", "reboot")], "stopped": [("running", "start")]}, {},
     [("no-path-to-final", "start"), ("no-path-to-final", "pending"), ("no-path-to-final", "running"),
      ("no-path-to-final", "stopped"), ("unreachable-state", "finish")]),
    ({**CLEAN, "pending": [("running", None), ("stopped", None)]}, {}, [("competing-autos", "pending")]),
    ({**CLEAN, "pending": [("running", None), ("error", None)], "error": [("finish", "destroy")]}, {},
     [("may-fail", "pending")]),
    ({**CLEAN, "running": [("stopped", "stop"), ("finish", "stop")]}, {}, [("ambiguous-action", "running")]),
    ({**CLEAN, "running": [("stopped", "stop"), ("stopped", "stop")]}, {}, [("duplicate-transition", "running")]),
    ({**CLEAN, "pending": [("running", None), ("running", "start")]}, {}, [("auto-and-action", "pending")]),
    ({"start": [("pending", "create")], "pending": [("shutting_down", None)], "shutting_down": [("finish", None)],
      "finish": []}, {}, [("legacy-name", "shutting_down")]),
    ({**CLEAN, "running": [("stopped", "halt")]}, {}, [("unknown-name", None)]),
])
def test_each_finding(spec, kwargs, expected):
    assert codes(machine(spec, **kwargs)) == expected


def test_mapping_findings():
    m = Machine("native", (
        State("begin", (Transition("begin", "UP", "launch"),), maps_to="start"),
        State("UP", (Transition("UP", "GONE", "kill"),), maps_to="runnning"),
        State("GONE"),
    ), initial="begin", final=("GONE",), actions=(("launch", "create"), ("kill", "obliterate")))
    found = [(f.code, f.severity, f.message) for f in validate(m)]
    assert found == [
        ("bad-mapping", "error", "UP maps to 'runnning', not a Deltacloud state (start, pending, running, stopping, "
                                 "stopped, finish, error)"),
        ("unmapped-state", "warning", "GONE has no 'maps_to' Deltacloud state"),
        ("bad-mapping", "error", "action kill maps to 'obliterate', not a Deltacloud action (create, start, stop, "
                                 "reboot, destroy)"),
    ]


def test_every_code_is_documented_in_the_readme():
    from conftest import ROOT

    readme = (ROOT / "README.md").read_text()
    for code, (severity, _) in CODES.items():
        assert f"| `{code}` | {severity} |" in readme, code


REAL_QUIRKS = [
    ("condor", "dead-end", "stopping"),
    ("condor", "auto-and-action", "pending"),
    ("condor", "competing-autos", "pending"),
    ("profitbricks", "competing-autos", "stopping"),
    ("opennebula", "competing-autos", "stopping"),
    ("digitalocean", "dead-end", "error"),
    ("openstack", "dead-end", "error"),
    ("fgcp", "dead-end", "error"),
    ("deltacloud-docs", "legacy-name", "shutting_down"),
]


@pytest.mark.parametrize("name, code, state", REAL_QUIRKS)
def test_bundled_quirks_are_reported(name, code, state):
    assert (code, state) in codes(resolve(name))


@pytest.mark.parametrize("name", ["ec2", "eucalyptus", "mock", "rhevm", "gogrid", "sbc", "vsphere", "terremark"])
def test_tidy_drivers_are_clean(name):
    assert codes(resolve(name)) == []


def test_validate_command_over_the_bundled_set(cli):
    result = cli("validate")
    assert result.code == 0, result.err  # warnings only
    assert "condor" in result.out and "dead-end" in result.out
    assert "errors," in result.out.splitlines()[-1]
    strict = cli("validate", "--strict")
    assert strict.code == 1


def test_validate_json_and_exit_codes(cli, tmp_path):
    result = cli("validate", "condor", "--format", "json")
    doc = json.loads(result.out)
    assert result.code == 0
    assert doc[0]["provider"] == "condor"
    assert {"code": "dead-end", "severity": "warning", "state": "stopping",
            "message": "stopping is not final but has no transitions out of it", "transition": None} in doc[0]["findings"]
    bad = tmp_path / "bad.yaml"
    bad.write_text("provider: bad\nstates:\n  start:\n    transitions:\n      - {to: nowhere, action: create}\n")
    result = cli("validate", str(bad))
    assert result.code == 1 and "unknown-state" in result.out
    result = cli("validate", "mock", str(tmp_path / "missing.yaml"))
    assert result.code == 3
    assert result.err.strip() == f"cloudstates: error: {tmp_path / 'missing.yaml'}: no such file " \
                                 "(check the path, or run 'cloudstates list' for names)"
    assert "mock" in result.out
