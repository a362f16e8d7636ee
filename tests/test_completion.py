"""Shell completion: the committed scripts match the app, and real bash completes providers and choices."""

import os
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT

SHELLS = {"bash": "bash", "zsh": "zsh", "fish": "fish", "powershell": "ps1"}
BIN = os.path.dirname(sys.executable)


@pytest.mark.parametrize("shell, ext", SHELLS.items())
def test_committed_scripts_are_what_the_app_generates(shell, ext):
    done = subprocess.run([os.path.join(BIN, "cloudstates"), "completion", shell], capture_output=True, text=True,
                          check=True)
    assert done.stdout == (ROOT / "completions" / f"cloudstates.{ext}").read_text(), (
        f"completions/cloudstates.{ext} is stale: regenerate it (README, Shell completion)")


def complete_in_bash(words: str, cwd) -> list[str]:
    """Source the committed script in a real bash and run its completion function on ``words``."""
    script = f"""
        source {ROOT / 'completions' / 'cloudstates.bash'}
        COMP_WORDS=({words})
        COMP_CWORD=$(( ${{#COMP_WORDS[@]}} - 1 ))
        [[ "{words}" == *" " ]] && COMP_WORDS+=("") && COMP_CWORD=${{#COMP_WORDS[@]}}-1
        _cloudstates_completion cloudstates
        printf '%s\\n' "${{COMPREPLY[@]}}"
    """
    env = dict(os.environ, PATH=BIN + os.pathsep + os.environ["PATH"])
    done = subprocess.run(["bash", "--norc", "--noprofile", "-c", script], capture_output=True, text=True,
                          env=env, cwd=cwd, timeout=60, check=True)
    return [line for line in done.stdout.splitlines() if line]


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_bash_completes_provider_names_and_files(tmp_path):
    (tmp_path / "edge.yaml").write_text("provider: edge\nstates: {start: {}}\n")
    (tmp_path / "notes.txt").write_text("not a source")
    assert complete_in_bash("cloudstates show e", tmp_path) == ["ec2", "eucalyptus", "edge.yaml"]


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_bash_completes_format_choices_and_commands(tmp_path):
    assert complete_in_bash("cloudstates show ec2 --format m", tmp_path) == ["mermaid"]
    assert "validate" in complete_in_bash("cloudstates va", tmp_path)


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_bash_completes_private_providers_from_cloudstates_path(tmp_path, monkeypatch):
    team = tmp_path / "team"
    team.mkdir()
    (team / "edgecloud.yaml").write_text("provider: edgecloud\nstates: {start: {}}\n")
    monkeypatch.setenv("CLOUDSTATES_PATH", str(team))
    assert complete_in_bash("cloudstates show ed", tmp_path) == ["edgecloud"]


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_bash_completes_state_names_of_the_given_provider(tmp_path):
    assert complete_in_bash("cloudstates path rhevm s", tmp_path) == ["start", "stopped", "stopping"]
    assert complete_in_bash("cloudstates path rhevm running f", tmp_path) == ["finish"]
    assert complete_in_bash("cloudstates simulate rhevm --from r", tmp_path) == ["running"]
    assert complete_in_bash("cloudstates simulate --provider mock --from p", tmp_path) == ["pending"]


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_bash_completes_choices_of_fail_on_and_driver(tmp_path):
    assert complete_in_bash("cloudstates diff ec2 mock --fail-on b", tmp_path) == ["breaking"]
    assert complete_in_bash("cloudstates show http://localhost:3001/api --driver rh", tmp_path) == ["rhevm"]
