"""Interactive `cloudstates simulate` in a real pseudo-terminal (pexpect)."""

import os
import sys

import pytest

pexpect = pytest.importorskip("pexpect")

PROMPT = "\r\n> "


def spawn(*args, color=False):
    env = dict(os.environ, COLUMNS="100", LINES="40")
    if color:
        env.pop("NO_COLOR", None)
        env["TERM"] = "xterm-256color"
    else:
        env["NO_COLOR"] = "1"
    child = pexpect.spawn(sys.executable, ["-m", "cloudstates", "simulate", *args], env=env, encoding="utf-8",
                          timeout=15, dimensions=(40, 100))
    return child


def ask(child, line):
    child.sendline(line)
    child.expect(PROMPT)
    return child.before


def finish(child):
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus


def test_rhevm_lifecycle_at_a_terminal():
    child = spawn("--provider", "rhevm")
    child.expect(PROMPT)
    first = child.before
    assert "rhevm - Red Hat Enterprise Virtualization" in first
    assert "state: start" in first and "1  create  -> pending" in first

    out = ask(child, "create")
    assert "create: start -> pending  (written as auto)" in out
    assert "auto: pending -> stopped" in out
    assert "state: stopped" in out and "1  start    -> running" in out and "2  destroy  -> finish" in out

    out = ask(child, "1")
    assert "start: stopped -> running" in out and "state: running" in out and "1  stop  -> stopping" in out

    out = ask(child, "reboot")
    assert "reboot is not allowed in running; allowed here: stop" in out
    assert "state:" not in out  # a hint, not a new panel, and the session goes on

    out = ask(child, "stop")
    assert "stop: running -> stopping" in out and "state: stopping" in out and "1  stop  -> stopped" in out

    out = ask(child, "stop")
    assert "stop: stopping -> stopped" in out and "state: stopped" in out

    out = ask(child, "destroy")
    assert "destroy: stopped -> finish" in out and "state: finish  (final)" in out
    assert "no action is allowed here" in out

    child.sendline("quit")
    child.expect("trace: start -create-> pending -auto-> stopped -start-> running -stop-> stopping "
                 "-stop-> stopped -destroy-> finish")
    child.expect("5 moves: create,start,stop,stop,destroy; ended in finish")
    assert finish(child) == 0


def test_ctrl_d_ends_cleanly_with_a_summary():
    child = spawn("rhevm")
    child.expect(PROMPT)
    ask(child, "create")
    child.sendeof()
    child.expect("trace: start -create-> pending -auto-> stopped")
    child.expect("1 move: create; ended in stopped")
    rest = child.read()
    assert "Traceback" not in rest
    assert finish(child) == 0


def test_ctrl_c_ends_cleanly_with_a_summary():
    child = spawn("mock")
    child.expect(PROMPT)
    ask(child, "create")
    child.sendintr()
    child.expect("trace: start -create-> pending -auto-> running")
    child.expect("1 move: create; ended in running")
    rest = child.read()
    assert "Traceback" not in rest and "KeyboardInterrupt" not in rest
    assert finish(child) == 130


def test_unknown_input_undo_history_path_and_help():
    child = spawn("ec2")
    child.expect(PROMPT)
    out = ask(child, "fly away")
    assert "unknown input 'fly away': type a number 1-1, an action (create), or help" in out
    out = ask(child, "7")
    assert "no action 7 here: type 1-1" in out
    out = ask(child, "undo")
    assert "nothing to undo" in out
    ask(child, "create")
    ask(child, "stop")
    out = ask(child, "history")
    assert "1  start     create  -> pending   (written as auto)" in out
    assert "2  running   stop    -> stopping" in out and "stopping  auto    -> stopped" in out
    out = ask(child, "path finish")
    assert "stopped -> finish:" in out and "actions: destroy" in out
    out = ask(child, "path nowhere")
    assert "ec2: no state 'nowhere'" in out
    out = ask(child, "undo")
    assert "undid stop: back in running" in out and "state: running" in out
    out = ask(child, "reset")
    assert "back to start" in out
    out = ask(child, "help")
    assert "path STATE" in out and "quit" in out
    out = ask(child, "show")
    assert "stopping" in out and "destroy" in out
    child.sendline("quit")
    child.expect("trace: start")
    assert finish(child) == 0


def test_competing_autos_are_asked():
    child = spawn("fgcp")
    child.expect(PROMPT)
    child.sendline("create")
    child.expect("pending moves by itself to one of: 1 stopped, 2 error")
    child.expect("which one\\? ")
    child.sendline("9")
    child.expect("type 1-2 or a name: stopped, error")
    child.sendline("error")
    child.expect(PROMPT)
    out = child.before
    assert "auto: pending -> error  (one of stopped, error)" in out and "state: error" in out
    child.sendeof()
    child.expect("ended in error")
    assert finish(child) == 0


def test_colour_terminal_draws_without_errors():
    child = spawn("vsphere", color=True)
    child.expect(PROMPT)
    assert "\x1b[" in child.before  # colour on a real terminal
    child.sendline("quit")
    assert finish(child) == 0
