"""URL sources at a real terminal (pexpect): the spinner only when slow, the hidden password prompt."""

from __future__ import annotations

import os
import sys

import pexpect
import pytest
from rawserver import RawServer, delayed, response

STATES = b"<states>\n  <state name='start'>\n  </state>\n</states>\n"
SENTINEL = "S3ntinel-tty-5e0d"


@pytest.fixture
def raw():
    server = RawServer()
    server.routes["/fast"] = response(200, STATES, headers={"X-Deltacloud-Driver": "tiny"})
    server.routes["/slow"] = delayed(1.2, response(200, STATES, headers={"X-Deltacloud-Driver": "tiny"}))

    def guarded(conn, request):
        if request.basic_auth() == ("alice", SENTINEL):
            conn.sendall(response(200, STATES))
        else:
            conn.sendall(response(401, "", "text/plain", {"WWW-Authenticate": 'Basic realm="t"'}))

    server.routes["/guarded"] = guarded
    yield server
    server.close()


def spawn(*args: str) -> pexpect.spawn:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLOUDSTATES_") and "proxy" not in k.lower()}
    env.update(TERM="xterm", NO_PROXY="127.0.0.1", HOME="/nonexistent-home-for-netrc", COLUMNS="100")
    env.pop("NO_COLOR", None)
    return pexpect.spawn(sys.executable, ["-m", "cloudstates", *args], env=env, timeout=15, encoding="utf-8",
                         dimensions=(24, 100))


def finish(child: pexpect.spawn) -> tuple[str, int]:
    child.expect(pexpect.EOF)
    child.close()
    return child.before, child.exitstatus


def test_spinner_on_a_slow_request_at_a_terminal(raw):
    child = spawn("show", raw.url("/slow"), "-f", "xml")
    child.expect_exact(f"Reading {raw.url('/slow')}")
    output, code = finish(child)
    assert code == 0
    assert "<state name='start'>" in output


def test_no_spinner_when_fast(raw):
    child = spawn("show", raw.url("/fast"), "-f", "xml")
    output, code = finish(child)
    assert code == 0
    assert "Reading" not in output
    assert output.replace("\r\n", "\n") == STATES.decode()


def test_hidden_password_prompt_at_a_terminal(raw):
    child = spawn("show", raw.url("/guarded"), "--user", "alice", "-f", "xml")
    child.expect_exact(f"Password for alice at 127.0.0.1:{raw.port}: ")
    child.sendline(SENTINEL)
    output, code = finish(child)
    assert code == 0, output
    assert SENTINEL not in output  # not echoed, not printed
    assert "<state name='start'>" in output
    assert raw.requests[-1].basic_auth() == ("alice", SENTINEL)


def test_wrong_password_at_the_prompt(raw):
    child = spawn("show", raw.url("/guarded"), "--user", "alice")
    child.expect_exact("Password for alice")
    child.sendline("nope-" + SENTINEL)
    output, code = finish(child)
    assert code == 4
    assert "authentication failed for user 'alice' (HTTP 401)" in output
    assert SENTINEL not in output and "Traceback" not in output
