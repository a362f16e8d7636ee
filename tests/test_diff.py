"""`cloudstates diff` on real pairs of bundled definitions: exact changes, formats, exit codes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from cloudstates.errors import OutputError

CREATE_HINT = ("leaving start is creating the instance whether a definition writes it as create or as automatic; "
               "--canonical reads both as create")


def changes(cli, *args):
    r = cli("diff", *args, "--format", "json")
    assert r.code in (0, 1), r.err
    doc = json.loads(r.out)
    return r.code, doc, [(c["kind"], c["class"], c["message"], c["evidence"] and c["evidence"]["actions"])
                         for c in doc["changes"]]


def test_ec2_and_eucalyptus_are_identical(cli):
    r = cli("diff", "ec2", "eucalyptus")
    assert r.code == 0, r.err
    assert r.out.strip().endswith("no differences")
    code, doc, found = changes(cli, "ec2", "eucalyptus")
    assert code == 0 and doc["identical"] is True and found == [] and doc["evidence"] is None
    assert doc["summary"] == {"breaking": 0, "compatible": 0}


def test_ec2_vs_mock_lists_the_real_differences(cli):
    code, doc, found = changes(cli, "ec2", "mock")
    assert code == 1
    assert found == [
        ("state-removed", "breaking", "state stopping is only in A", ["stop"]),
        ("trigger-changed", "breaking", "start -> pending: auto in A, create in B (B needs the action create)", []),
        ("target-changed", "breaking", "stop from running leads to stopping in A, to stopped in B", ["stop"]),
    ]
    assert doc["changes"][1]["a"] == {"from": "start", "to": "pending", "action": None, "auto": True}
    assert doc["changes"][1]["b"] == {"from": "start", "to": "pending", "action": "create", "auto": False}
    assert doc["evidence"] == {"actions": [], "rejected": None, "a_state": "pending", "b_states": ["start"]}
    r = cli("diff", "ec2", "mock")
    assert "evidence: stop: mock cannot do stop (it may be in start); ec2 does it from running" in r.out
    assert r.out.rstrip().endswith("3 breaking, 0 compatible")


def test_documentation_example_vs_ec2_differs_by_the_rename_and_a_changed_path(cli):
    code, doc, found = changes(cli, "deltacloud-docs", "ec2")
    assert code == 1
    assert found == [
        ("state-removed", "breaking", "state shutting_down is only in A", None),
        ("trigger-changed", "breaking", "start -> pending: create in A, auto in B "
                                        "(B does it by itself; create is no longer accepted there)", ["create"]),
        ("target-changed", "breaking", "stop from running leads to shutting_down in A, to stopping in B", None),
        ("trigger-changed", "breaking", "stopped -> finish: auto in A, destroy in B (B needs the action destroy)",
         None),
        ("state-added", "compatible", "state stopping is only in B", None),
        ("transition-added", "compatible", "stopped -> running (start) is only in B", None),
    ]
    assert doc["hints"] == ["shutting_down (A) and stopping (B) are one state under --normalize", CREATE_HINT]
    assert doc["normalized"] is False and doc["renamed"] == {"a": {}, "b": {}}


def test_normalize_removes_the_rename_but_keeps_the_real_change(cli):
    code, doc, found = changes(cli, "deltacloud-docs", "ec2", "--normalize")
    assert code == 1
    assert found == [
        ("trigger-changed", "breaking", "start -> pending: create in A, auto in B "
                                        "(B does it by itself; create is no longer accepted there)", ["create"]),
        ("trigger-changed", "breaking", "stopped -> finish: auto in A, destroy in B (B needs the action destroy)",
         None),
        ("transition-added", "compatible", "stopped -> running (start) is only in B", None),
    ]
    assert doc["normalized"] is True and doc["renamed"] == {"a": {"shutting_down": "stopping"}, "b": {}}
    assert doc["hints"] == [CREATE_HINT]
    r = cli("diff", "deltacloud-docs", "ec2", "--normalize")
    assert "normalized: deltacloud-docs: shutting_down -> stopping" in r.out
    assert "shutting_down is only in A" not in r.out


def test_rhevm_vs_ec2_shows_a_new_rhevm_instance_needs_an_explicit_start(cli):
    code, doc, found = changes(cli, "rhevm", "ec2")
    assert code == 1
    assert found == [
        ("target-changed", "breaking", "pending moves by itself to stopped in A, to running in B", []),
        ("trigger-changed", "breaking", "stopping -> stopped: stop in A, auto in B "
                                        "(B does it by itself; stop is no longer accepted there)", None),
        ("transition-added", "compatible", "running -> running (reboot) is only in B", None),
    ]
    assert {"state": "running", "a": ["start"], "b": []} in doc["reach"]
    assert {"state": "stopped", "a": [], "b": ["stop"]} in doc["reach"]
    r = cli("diff", "rhevm", "ec2")
    assert "evidence: before any action, rhevm may be in stopped; ec2 cannot (it may be in start, pending or " \
           "running)" in re.sub(r"\s+", " ", r.out)
    assert re.search(r"\| running +\| start +\| no action +\|", r.out)


def test_markdown_renders_as_a_table(cli):
    r = cli("diff", "ec2", "mock", "--format", "markdown")
    assert r.code == 1
    lines = r.out.splitlines()
    assert lines[0] == "### cloudstates diff: `ec2` → `mock`"
    assert "**3 breaking, 0 compatible**" in lines
    assert "| class | change | evidence (shortest action sequence) |" in lines
    assert "| **breaking** | state stopping is only in A | `stop`: mock cannot do `stop` (it may be in start); " \
           "ec2 does it from running |" in lines
    assert "| running | no action | create |" in lines


@pytest.mark.parametrize("fail_on, code", [("any", 1), ("breaking", 1), ("never", 0)])
def test_fail_on(cli, fail_on, code):
    assert cli("diff", "ec2", "mock", "--fail-on", fail_on).code == code
    assert cli("diff", "ec2", "eucalyptus", "--fail-on", fail_on).code == 0


def test_quiet_prints_nothing(cli):
    r = cli("diff", "ec2", "mock", "--quiet")
    assert (r.code, r.out, r.err) == (1, "", "")
    r = cli("diff", "ec2", "eucalyptus", "-q")
    assert (r.code, r.out, r.err) == (0, "", "")


def test_unreadable_source_exits_3(cli, tmp_path):
    r = cli("diff", "ec2", "no-such-cloud")
    assert r.code == 3 and r.out == ""
    assert r.err.startswith("cloudstates: error: no-such-cloud: no such provider, file or URL")
    bad = tmp_path / "bad.yaml"
    bad.write_text("provider: [\n")
    assert cli("diff", bad, "ec2", "--quiet").code == 3


def test_output_file(cli, tmp_path):
    target = tmp_path / "diff.md"
    assert cli("diff", "rhevm", "ec2", "-f", "markdown", "-o", target).code == 1
    assert target.read_text().startswith("### cloudstates diff: `rhevm` → `ec2`")
    r = cli("diff", "rhevm", "ec2", "-f", "markdown", "-o", target)
    assert r.code == OutputError.exit_code and "already exists (add --force to replace it)" in r.err
    assert cli("diff", "rhevm", "ec2", "-o", target, "--force").code == 1
    assert "2 breaking, 1 compatible" in target.read_text()


def test_same_provider_is_named_a_and_b(cli, tmp_path):
    copy = tmp_path / "ec2.yaml"
    from cloudstates.sources import catalog

    source = catalog()["ec2"].path.read_text()
    copy.write_text(source.replace("      - {to: running, action: reboot}\n", ""))
    r = cli("diff", "ec2", copy)
    assert r.code == 1, r.out + r.err
    assert "running -> running (reboot) is only in A" in r.out
    assert "evidence: reboot: B cannot do reboot (it may be in start, pending or running); A does it from " \
           "running" in re.sub(r"\s+", " ", r.out)


def test_readme_documents_every_kind_and_json_key(cli):
    from cloudstates.analysis.diff import KINDS

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    section = readme[readme.index("### `cloudstates diff A B`"):readme.index("### `cloudstates matrix")]
    assert set(re.findall(r"^\| `([a-z-]+)` \| (?:breaking|compatible) \|", section, re.M)) == set(KINDS)
    doc = json.loads(cli("diff", "ec2", "mock", "-f", "json").out)
    documented = set(re.findall(r"^\| `([a-z_]+)`(?:, `([a-z_]+)`)? \|", section, re.M))
    keys = {k for pair in documented for k in pair if k}
    assert set(doc) <= keys
    listed = re.search(r"^\| `changes` \| list, breaking first: `\{([a-z_, ]+)\}`", section, re.M).group(1)
    assert set(doc["changes"][0]) == set(listed.split(", "))
    listed = re.search(r"^\| `changes\[\]\.evidence` \| `null`, or `\{([a-z_, ]+)\}`", section, re.M).group(1)
    assert set(doc["changes"][0]["evidence"]) == set(listed.split(", "))
