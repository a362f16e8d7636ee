"""On a real pseudo-terminal: colour and Unicode only there, NO_COLOR and TERM=dumb honoured, widths followed."""

import os
import re
import sys

import pexpect
import pytest

SCRIPT = os.path.join(os.path.dirname(sys.executable), "cloudstates")
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def run_in_pty(args, columns=60, **env):
    environment = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "COLUMNS", "LINES")}
    environment.update({"TERM": "xterm-256color", **env})
    child = pexpect.spawn(SCRIPT, args, env=environment, dimensions=(40, columns), encoding="utf-8", timeout=30)
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus, child.before.replace("\r\n", "\n")


def test_terminal_gets_colour_unicode_and_its_width():
    code, out = run_in_pty(["show", "rhevm"], columns=60)
    assert code == 0
    assert ANSI.search(out) and "╭" in out
    assert max(len(ANSI.sub("", line)) for line in out.splitlines()) <= 60


@pytest.mark.parametrize("env", [{"NO_COLOR": "1"}, {"TERM": "dumb"}])
def test_no_color_and_dumb_terminals_get_plain_ascii(env):
    code, out = run_in_pty(["show", "rhevm"], columns=60, **env)
    assert code == 0
    assert not ANSI.search(out) and "╭" not in out and "+--" in out


def test_help_on_a_terminal_is_rich_and_plain_without_colour():
    _, rich_help = run_in_pty(["show", "--help"], columns=80)
    assert ANSI.search(rich_help) and "Options" in ANSI.sub("", rich_help) and "╭─" in rich_help
    _, plain_help = run_in_pty(["show", "--help"], columns=80, NO_COLOR="1")
    assert "╭" not in plain_help and "Options:" in plain_help and "Examples:" in plain_help
