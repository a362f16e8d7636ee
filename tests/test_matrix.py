"""`cloudstates matrix`: providers side by side, on the bundled definitions."""

from __future__ import annotations

import csv
import io
import json

from cloudstates.analysis.matrix import matrix
from cloudstates.sources import catalog, resolve


def test_rows_are_state_action_pairs_with_destinations(cli):
    r = cli("matrix", "ec2", "rhevm", "mock", "--format", "csv")
    assert r.code == 0, r.err
    rows = list(csv.reader(io.StringIO(r.out)))
    assert rows == [
        ["state", "action", "ec2", "rhevm", "mock", "differs"],
        ["start", "create", "", "", "pending", "yes"],
        ["start", "auto", "pending", "pending", "", "yes"],
        ["pending", "auto", "running", "stopped", "running", "yes"],
        ["running", "stop", "stopping", "stopping", "stopped", "yes"],
        ["running", "reboot", "running", "", "running", "yes"],
        ["stopping", "stop", "", "stopped", "n/a", "yes"],
        ["stopping", "auto", "stopped", "", "n/a", "yes"],
        ["stopped", "start", "running", "running", "running", "no"],
        ["stopped", "destroy", "finish", "finish", "finish", "no"],
    ]


def test_json_keeps_full_names_and_tells_absent_states_from_missing_transitions(cli):
    r = cli("matrix", "ec2", "mock", "deltacloud-docs", "--format", "json", "--action", "auto")
    assert r.code == 0, r.err
    doc = json.loads(r.out)
    assert doc["by"] == "state" and doc["action"] == "auto" and doc["version"] == 1
    assert doc["providers"] == [{"name": "ec2", "source": "ec2"}, {"name": "mock", "source": "mock"},
                                {"name": "deltacloud-docs", "source": "deltacloud-docs"}]
    assert [(row["state"], row["action"], row["auto"], row["cells"], row["differs"]) for row in doc["rows"]] == [
        ("start", None, True, {"ec2": ["pending"], "mock": [], "deltacloud-docs": []}, True),
        ("pending", None, True, {"ec2": ["running"], "mock": ["running"], "deltacloud-docs": ["running"]}, False),
        ("stopping", None, True, {"ec2": ["stopped"], "mock": None, "deltacloud-docs": None}, True),
        ("stopped", None, True, {"ec2": [], "mock": [], "deltacloud-docs": ["finish"]}, True),
        ("shutting_down", None, True, {"ec2": None, "mock": None, "deltacloud-docs": ["stopped"]}, True),
    ]


def test_by_action_lists_the_states_that_allow_it(cli):
    r = cli("matrix", "ec2", "rhevm", "mock", "--by", "action", "--format", "markdown")
    assert r.code == 0, r.err
    assert r.out.splitlines()[:8] == [
        "| action | ec2 | rhevm | mock |",
        "| --- | --- | --- | --- |",
        "| **create** | - | - | start |",
        "| start | stopped | stopped | stopped |",
        "| **stop** | running | running, stopping | running |",
        "| **reboot** | running | - | running |",
        "| destroy | stopped | stopped | stopped |",
        "| ***auto*** | start, pending, stopping | start, pending | pending |",
    ]


def test_which_clouds_let_me_reboot_a_stopped_instance(cli):
    r = cli("matrix", "--by", "action", "--action", "reboot", "--format", "json")
    doc = json.loads(r.out)
    (row,) = doc["rows"]
    assert [name for name, states in row["cells"].items() if "stopped" in states] == []
    assert row["cells"]["ec2"] == ["running"] and row["cells"]["rhevm"] == []


def test_default_is_every_provider_on_the_search_path(cli):
    doc = json.loads(cli("matrix", "--format", "json").out)
    assert [p["name"] for p in doc["providers"]] == list(catalog())
    assert {"ec2", "rhevm", "mock", "deltacloud-docs", "vsphere"} <= {p["name"] for p in doc["providers"]}


def test_only_differences(cli):
    r = cli("matrix", "ec2", "eucalyptus", "--only-differences", "--format", "csv")
    assert r.code == 0 and r.out == "state,action,ec2,eucalyptus,differs\n"
    r = cli("matrix", "ec2", "eucalyptus", "rhevm", "-d", "--format", "csv")
    assert [line.split(",")[:2] for line in r.out.splitlines()[1:]] == [
        ["pending", "auto"], ["running", "reboot"], ["stopping", "stop"], ["stopping", "auto"]]


def test_table_marks_disagreeing_rows_and_fits_80_columns(cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    r = cli("matrix", "ec2", "rhevm", "mock")
    assert r.code == 0, r.err
    assert max(len(line.rstrip()) for line in r.out.splitlines()) <= 80
    lines = r.out.splitlines()
    assert any(line.startswith("| * | pending  | auto    | running  | stopped  | running |") for line in lines), r.out
    assert any(line.startswith("|   | stopped  | start   | running  | running  | running |") for line in lines)
    assert "*: providers disagree (7 of 9 rows)" in " ".join(r.out.split())

    r = cli("matrix")
    assert r.code == 0, r.err
    assert max(len(line.rstrip()) for line in r.out.splitlines()) <= 80
    for name in catalog():
        # every provider has a column; long names are folded at a hyphen
        assert name in r.out or name.split("-")[0] + "-" in r.out, name
    assert "providers 1-" in r.out


def test_unknown_action_and_unreadable_source(cli):
    r = cli("matrix", "ec2", "--action", "hibernate")
    assert r.code == 1 and "no provider here has the action 'hibernate'" in r.err
    assert cli("matrix", "ec2", "nope").code == 3


def test_same_provider_twice_gets_distinct_columns(tmp_path):
    ec2 = resolve("ec2")
    result = matrix([ec2, ec2], columns=None)
    assert result.columns == ("ec2", "ec2'")
    assert result.differing == 0


def test_output_file(cli, tmp_path):
    target = tmp_path / "m.csv"
    assert cli("matrix", "ec2", "mock", "-f", "csv", "-o", target).code == 0
    assert target.read_text().startswith("state,action,ec2,mock,differs\n")
    # A table written to a file is plain text, like on a pipe.
    assert cli("matrix", "ec2", "mock", "-o", tmp_path / "t.txt").code == 0
    text = (tmp_path / "t.txt").read_text()
    assert "| start" in text and "\x1b[" not in text
