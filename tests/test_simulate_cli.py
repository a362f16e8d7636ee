"""`cloudstates simulate`, scripted: traces, exit codes, JSON, --provider, --from, --literal."""

import json

import pytest


def test_rhevm_trace_with_creation_written_as_auto(cli):
    r = cli("simulate", "rhevm", "--actions", "create,start,stop,stop,destroy")
    assert r.code == 0, r.err
    assert r.out == (
        "rhevm: from start\n"
        "  1  start     create   -> pending   (written as auto)\n"
        "     pending   auto     -> stopped\n"
        "  2  stopped   start    -> running\n"
        "  3  running   stop     -> stopping\n"
        "  4  stopping  stop     -> stopped\n"
        "  5  stopped   destroy  -> finish\n"
        "ended in finish after 5 actions\n")


def test_action_not_allowed_exits_1_naming_the_allowed_ones(cli):
    r = cli("simulate", "rhevm", "--actions", "create,stop,destroy")
    assert r.code == 1
    assert "stopped at action 2: stop is not allowed in stopped (allowed: start, destroy)" in r.out
    assert r.err == "cloudstates: error: rhevm: stop is not allowed in stopped (allowed: start, destroy)\n"


def test_provider_option_names_the_source(cli):
    r = cli("simulate", "--provider", "mock", "-a", "create,stop")
    assert r.code == 0 and r.out.startswith("mock: from start\n") and "ended in stopped after 2 actions" in r.out


def test_provider_option_beside_a_named_source_is_a_usage_error(cli):
    r = cli("simulate", "mock", "--provider", "ec2", "-a", "create")
    assert r.code == 2 and "not a URL" in r.err


def test_no_source_at_all_is_a_usage_error(cli):
    r = cli("simulate", "-a", "create")
    assert r.code == 2 and "give a SOURCE (or --provider NAME)" in r.err


def test_interactive_needs_a_terminal(cli):
    r = cli("simulate", "mock")
    assert r.code == 2 and "stdin is not a terminal" in r.err


def test_literal_follows_the_definition(cli):
    r = cli("simulate", "ec2", "--literal", "-a", "create")
    assert r.code == 1
    assert r.out == ("ec2: from start (literal)\n"
                     "    start    auto  -> pending\n"
                     "    pending  auto  -> running\n"
                     "stopped at action 1: create is not an action of ec2 (its actions: destroy, reboot, start, "
                     "stop)\n")


def test_from_state(cli):
    r = cli("simulate", "ec2", "--from", "running", "-a", "stop,destroy")
    assert r.code == 0
    assert "  1  running   stop     -> stopping\n     stopping  auto     -> stopped\n" in r.out
    assert r.out.endswith("ended in finish after 2 actions\n")


def test_unknown_from_state_lists_the_states(cli):
    r = cli("simulate", "ec2", "--from", "nowhere", "-a", "stop")
    assert r.code == 1
    assert r.err == ("cloudstates: error: ec2: no state 'nowhere' (its states: start, pending, running, stopping, "
                     "stopped, finish)\n")


def test_random_walk_is_reproducible_with_a_seed(cli):
    a = cli("simulate", "digitalocean", "--random", "30", "--seed", "11", "-f", "json")
    b = cli("simulate", "digitalocean", "--random", "30", "--seed", "11", "-f", "json")
    assert a.code == 0 and a.out == b.out
    doc = json.loads(a.out)
    assert doc["seed"] == 11 and doc["random"] == 30 and doc["ok"] is True
    assert doc["random_taken"] == len(doc["moves"]) <= 30
    assert doc["end"] in ("finish", "error") or doc["random_taken"] == 30


def test_competing_autos_are_marked_and_the_seed_is_printed(cli):
    seen = set()
    for seed in range(12):
        r = cli("simulate", "fgcp", "-a", "create", "--seed", str(seed))
        assert f"fgcp: from start, seed {seed}\n" in r.out
        assert "(one of stopped, error)" in r.out
        seen.add(r.out.splitlines()[-1])
    assert seen == {"ended in stopped after 1 action", "ended in error after 1 action"}


def test_json_trace(cli):
    r = cli("simulate", "rhevm", "-a", "create,start", "-f", "json")
    doc = json.loads(r.out)
    assert doc["end"] == "running" and doc["error"] is None and doc["literal"] is False
    assert doc["moves"][0] == {"action": "create", "from": "start", "steps": [
        {"from": "start", "action": "create", "auto": False, "to": "pending", "as_written": "auto"},
        {"from": "pending", "action": None, "auto": True, "to": "stopped"}]}


def test_json_error(cli):
    r = cli("simulate", "sbc", "-a", "create,stop", "-f", "json")
    assert r.code == 1
    doc = json.loads(r.out)
    assert doc["ok"] is False and doc["error"]["allowed"] == ["reboot", "destroy"] and doc["end"] == "running"


def test_automatic_cycle_exits_1(cli, tmp_path):
    path = tmp_path / "loop.yaml"
    path.write_text("provider: loop\ninitial: start\nfinal: [finish]\nstates:\n"
                    "  start:\n    transitions:\n      - {to: a, action: create}\n"
                    "  a:\n    transitions:\n      - {to: b, auto: true}\n"
                    "  b:\n    transitions:\n      - {to: a, auto: true}\n"
                    "  finish: {}\n")
    r = cli("simulate", str(path), "-a", "create,stop")
    assert r.code == 1
    assert "automatic cycle: a -> b -> a (the instance never settles)" in r.out
    assert "cloudstates: error: loop: automatic cycle a -> b -> a" in r.err


def test_output_file_and_no_clobber(cli, tmp_path):
    out = tmp_path / "trace.json"
    assert cli("simulate", "mock", "-a", "create", "-f", "json", "-o", out).code == 0
    assert json.loads(out.read_text())["end"] == "running"
    r = cli("simulate", "mock", "-a", "create", "-f", "json", "-o", out)
    assert r.code == 2 and "already exists (add --force to replace it)" in r.err


@pytest.mark.parametrize("bad", ["", ",,"])
def test_empty_actions_is_a_usage_error(cli, bad):
    assert cli("simulate", "mock", "--actions", bad).code == 2


def test_help_explains_create_rule_and_provider(cli):
    r = cli("simulate", "--help")
    text = " ".join(r.out.split())
    assert "treated as the create action" in text and "--literal" in text
    assert "may be given as --provider NAME when SOURCE is omitted" in text
