"""list, show and the command line's common behaviour, through the real entry point."""

import json
import os
import subprocess
import sys

import yaml
from conftest import ROOT


def test_version(cli):
    from cloudstates import __version__

    result = cli("--version")
    assert (result.code, result.out) == (0, f"cloudstates {__version__}\n")


def test_list_table_is_plain_when_piped(cli):
    result = cli("list")
    assert result.code == 0 and result.err == ""
    lines = result.out.splitlines()
    assert lines[1].startswith("+--") and all(ord(c) < 128 for c in result.out)
    assert "\x1b[" not in result.out
    at = next(i for i, line in enumerate(lines) if line.startswith("| rhevm "))
    assert [c.strip() for c in lines[at].split("|")[1:4]] == ["rhevm", "6", "6"]
    assert "apache/deltacloud@64c62c2" in "".join(lines[at:at + 4])
    assert "…" not in result.out and all(line == line.rstrip() for line in lines)


def test_list_json_has_every_provider_with_counts(cli):
    rows = json.loads(cli("list", "--format", "json").out)
    by_name = {r["name"]: r for r in rows}
    assert {"ec2", "rhevm", "condor", "deltacloud-docs", "eucalyptus"} <= set(by_name)
    assert (by_name["rhevm"]["states"], by_name["rhevm"]["transitions"]) == (6, 6)
    assert (by_name["digitalocean"]["states"], by_name["digitalocean"]["transitions"]) == (7, 12)
    assert by_name["ec2"]["bundled"] is True and by_name["ec2"]["shadows"] == []
    assert by_name["ec2"]["source"].endswith("/server/lib/deltacloud/drivers/ec2/ec2_driver.rb")


def test_list_yaml(cli):
    rows = yaml.safe_load(cli("list", "-f", "yaml").out)
    assert [r["name"] for r in rows] == sorted(r["name"] for r in rows)


def test_cloudstates_path_comes_first_and_list_says_what_it_hides(cli, tmp_path, monkeypatch):
    team = tmp_path / "team"
    team.mkdir()
    (team / "ec2.yaml").write_text((ROOT / "definitions" / "mock.yaml").read_text().replace(
        "provider: mock", "provider: ec2"))
    (team / "acme.yaml").write_text("provider: acme\nstates:\n  start:\n    transitions:\n"
                                    "      - {to: finish, action: create}\n  finish: {}\n")
    monkeypatch.setenv("CLOUDSTATES_PATH", os.pathsep.join([str(team), str(tmp_path / "absent")]))
    rows = {r["name"]: r for r in json.loads(cli("list", "-f", "json").out)}
    assert rows["acme"]["path"] == str(team / "acme.yaml") and rows["acme"]["bundled"] is False
    assert rows["ec2"]["path"] == str(team / "ec2.yaml")
    assert rows["ec2"]["shadows"] == [str(ROOT / "definitions" / "ec2.yaml")]
    table = cli("list").out
    assert "(hides" in table
    shown = cli("show", "ec2", "-f", "json").out
    assert '"action":"create"' in shown  # the team's file won


def test_list_reports_a_broken_definition_and_still_lists_the_rest(cli, tmp_path, monkeypatch):
    (tmp_path / "broken.yaml").write_text("provider: broken\nstates: [\n")
    monkeypatch.setenv("CLOUDSTATES_PATH", str(tmp_path))
    result = cli("list", "-f", "json")
    assert result.code == 3
    rows = {r["name"]: r for r in json.loads(result.out)}
    assert "ec2" in rows and "malformed YAML" in rows["broken"]["error"]
    assert result.err.startswith(f"cloudstates: error: {tmp_path / 'broken.yaml'}:")


def test_show_table(cli):
    result = cli("show", "rhevm")
    assert result.code == 0
    assert "Red Hat Enterprise Virtualization (Deltacloud driver) (rhevm)" in result.out
    assert "source:" in result.out and "https://github.com/apache/deltacloud/blob/" in result.out.replace("\n", "")
    assert "| start (initial) | auto    | pending  |" in result.out
    assert "| stopping        | stop    | stopped  |" in result.out
    assert "| finish (final)  | -       | -        |" in result.out


def test_show_tree(cli):
    out = cli("show", "mock", "--view", "tree").out
    assert "mock\n" in out and "running" in out and "stop -> stopped" in out


def test_show_yaml_round_trips_through_a_file(cli, tmp_path):
    target = tmp_path / "rhevm-copy.yaml"
    assert cli("show", "rhevm", "-f", "yaml", "-o", target).code == 0
    again = cli("show", target, "-f", "yaml")
    assert again.out == target.read_text()
    assert cli("show", target, "-f", "json").out == cli("show", "rhevm", "-f", "json").out


def test_output_never_clobbers_without_force(cli, tmp_path):
    target = tmp_path / "keep.xml"
    target.write_text("precious")
    result = cli("show", "mock", "-o", target)
    assert result.code == 2
    assert result.err == f"cloudstates: error: {target}: already exists (add --force to replace it)\n"
    assert target.read_text() == "precious"
    assert cli("show", "mock", "-o", target, "--force").code == 0
    assert target.read_text().startswith("<states>")
    assert [p.name for p in tmp_path.iterdir()] == ["keep.xml"]  # no temporary file left behind


def test_output_extension_picks_the_format(cli, tmp_path):
    cli("show", "mock", "-o", tmp_path / "m.mmd")
    assert (tmp_path / "m.mmd").read_text().startswith("stateDiagram-v2\n")


def test_a_table_written_to_a_file_is_plain_text_and_unknown_extensions_are_refused(cli, tmp_path):
    assert cli("show", "rhevm", "-o", tmp_path / "rhevm.txt").code == 0
    text = (tmp_path / "rhevm.txt").read_text()
    assert "| stopping        | stop    | stopped  |" in text and "\x1b[" not in text
    result = cli("show", "rhevm", "-o", tmp_path / "rhevm.foo")
    assert result.code == 2 and not (tmp_path / "rhevm.foo").exists()
    assert result.err.startswith(f"cloudstates: error: {tmp_path / 'rhevm.foo'}: cannot tell an output format from "
                                 "'.foo' (add --format (table|json|xml")


def test_output_extension_chooses_the_format_in_every_command(cli, tmp_path):
    cli("matrix", "ec2", "mock", "-o", tmp_path / "m.csv")
    assert (tmp_path / "m.csv").read_text().startswith("state,action,ec2,mock,differs\n")
    cli("cover", "rhevm", "-o", tmp_path / "c.json")
    assert json.loads((tmp_path / "c.json").read_text())["provider"] == "rhevm"
    cli("diff", "ec2", "mock", "-o", tmp_path / "d.md")
    assert (tmp_path / "d.md").read_text().startswith("### cloudstates diff: `ec2`")
    cli("check-plan", "-a", "create", "ec2", "-o", tmp_path / "p.json")
    assert json.loads((tmp_path / "p.json").read_text())["plan"] == ["create"]
    cli("path", "rhevm", "running", "finish", "-o", tmp_path / "p.txt")
    assert "stop" in (tmp_path / "p.txt").read_text()


def test_unknown_provider_is_one_line_with_suggestions(cli):
    result = cli("show", "eucalyptos")
    assert (result.code, result.out) == (3, "")
    assert result.err == "cloudstates: error: eucalyptos: no such provider, file or URL (did you mean eucalyptus?)\n"


def test_bad_option_is_a_usage_error(cli):
    result = cli("show", "ec2", "--format", "pdf")
    assert result.code == 2 and "pdf" in result.err


def test_malformed_file_is_exit_3_with_no_traceback(cli, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("provider: x\nstates:\n  a: {transitions: [{to: b, action: go}]}\n  a: {}\n")
    result = cli("show", bad)
    assert result.code == 3
    assert result.err == (f"cloudstates: error: {bad}:4: duplicate key 'a' (first defined on line 3) "
                          "(each key may appear once; merge the two entries)\n")


def test_console_script_and_python_dash_m_end_to_end(tmp_path):
    env = dict(os.environ, CLOUDSTATES_CACHE_DIR=str(tmp_path), NO_COLOR="1")
    script = os.path.join(os.path.dirname(sys.executable), "cloudstates")
    done = subprocess.run([script, "show", "mock", "--format", "xml"], capture_output=True, text=True, env=env,
                          cwd=tmp_path, timeout=60)
    assert done.returncode == 0 and done.stdout.startswith("<states>\n")
    done = subprocess.run([sys.executable, "-m", "cloudstates", "show", "nope"], capture_output=True, text=True,
                          env=env, cwd=tmp_path, timeout=60)
    assert done.returncode == 3 and "Traceback" not in done.stderr
    assert done.stderr.startswith("cloudstates: error: nope: no such provider")


def test_broken_pipe_is_quiet(tmp_path):
    script = os.path.join(os.path.dirname(sys.executable), "cloudstates")
    env = dict(os.environ, CLOUDSTATES_CACHE_DIR=str(tmp_path))
    done = subprocess.run(f"'{script}' list --format json | head -c 10", shell=True, capture_output=True, text=True,
                          env=env, timeout=60)
    assert "Traceback" not in done.stderr and done.stdout == '[\n  {\n    "'[:10]


def test_every_command_help_ends_with_examples(cli):
    from cloudstates.cli import COMMANDS

    for name in COMMANDS:
        result = cli(name, "--help")
        assert result.code == 0, name
        assert "Examples:" in result.out and "cloudstates " + name in result.out.split("Examples:")[1], name


def test_cli_import_stays_light():
    code = ("import sys, cloudstates.cli; heavy = [m for m in ('rich', 'requests', 'yaml', 'defusedxml', 'pydantic', "
            "'cloudstates.formats.definition', 'cloudstates.analysis') if m in sys.modules]; print(heavy)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_readme_reference_is_generated_from_the_app():
    from cloudstates.cli.reference import BEGIN, END, reference

    readme = (ROOT / "README.md").read_text()
    block = readme.split(BEGIN, 1)[1].split(END, 1)[0]
    assert block == f"\n\n{reference()}\n", "README reference is stale: python -m cloudstates.cli.reference --write README.md"


def test_options_that_would_be_ignored_are_usage_errors(cli):
    result = cli("path", "rhevm", "running", "finish", "--max-length", "2")
    assert (result.code, result.out) == (2, "")
    assert result.err == ("cloudstates: error: Invalid value for '--max-length': only means something with --all "
                          "(see 'cloudstates path --help')\n")
    result = cli("show", "ec2", "-f", "json", "--view", "tree")
    assert result.code == 2 and "draws --format table, not json" in result.err


def test_usage_errors_are_one_line(cli):
    for args in (["show"], ["show", "ec2", "--formt", "json"], ["shwo"], ["fetch", "ec2"]):
        result = cli(*args)
        assert result.code == 2, args
        assert result.err.count("\n") == 1 and result.err.startswith("cloudstates: error: "), args
    assert "Did you mean 'show'?" in cli("shwo").err


def test_names_that_look_like_rich_markup_are_printed_as_they_are(cli, tmp_path):
    weird = tmp_path / "weird.yaml"
    weird.write_text('provider: "we[/]ird[bold]"\ntitle: "t[/]itle"\nstates:\n  start:\n    transitions:\n'
                     '      - {to: "ru[/]n", action: create}\n  "ru[/]n":\n    transitions:\n'
                     '      - {to: finish, action: destroy}\n  finish: {}\n')
    for args in (["show", weird, "--view", "tree"], ["check-plan", "-a", "create,stop", weird],
                 ["matrix", weird, "mock", "--format", "table"], ["diff", weird, "mock"], ["validate", weird],
                 ["simulate", weird, "-a", "create,destroy"], ["cover", weird], ["path", weird, "start", "finish"]):
        result = cli(*args)
        assert "Traceback" not in result.err and result.code in (0, 1), (args, result.err)
        assert "ru[/]n" in result.out or "we[/]ird[bold]" in result.out, (args, result.out)
