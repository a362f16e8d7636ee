"""`cloudstates serve` over real HTTP on 127.0.0.1: Deltacloud's documents, negotiation, drivers, ETags, auth,
and the round trip serve -> show URL for every bundled definition in both wire formats."""

from __future__ import annotations

import base64
import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from rawserver import LiveServer, bundled_machines

DATA = Path(__file__).resolve().parent / "data"
REFERENCE_STATES = (DATA / "deltacloud-1.1.1-mock-instance_states.xml").read_bytes()
BUNDLED = bundled_machines()


@pytest.fixture(scope="module")
def live():
    with LiveServer(BUNDLED) as server:
        yield server


def get(server, path: str, headers: dict | None = None, method: str = "GET"):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        conn.request(method, path, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


def shape(machine):
    """What Deltacloud's wire carries (plus initial/final, which cloudstates servers add as headers)."""
    return (machine.provider, machine.initial, tuple(machine.final),
            tuple((s.name, tuple((t.target, t.action) for t in s.transitions)) for s in machine.states))


# ------------------------------------------------------------------ the Deltacloud documents

def test_mock_instance_states_are_deltacloud_1_1_1_byte_for_byte(live):
    status, headers, body = get(live, "/api/instance_states", {"X-Deltacloud-Driver": "mock"})
    assert status == 200
    assert body == REFERENCE_STATES
    assert headers["content-type"] == "application/xml"
    assert headers["x-deltacloud-driver"] == "mock"
    assert headers["server"] == "cloudstates/0.1.0"
    assert re.fullmatch(r'"[0-9a-f]{24}"', headers["etag"])


def test_default_driver_is_mock(live):
    status, headers, body = get(live, "/api/instance_states")
    assert (status, headers["x-deltacloud-driver"], body) == (200, "mock", REFERENCE_STATES)


def test_entry_point_links_as_deltacloud(live):
    status, headers, body = get(live, "/api", {"X-Deltacloud-Driver": "ec2"})
    assert status == 200
    assert headers["x-deltacloud-driver"] == "ec2"
    assert body.decode() == (
        "<api driver='ec2' version='1.1.1'>\n"
        f"  <link href='http://127.0.0.1:{live.port}/api/instance_states' rel='instance_states'>\n  </link>\n"
        f"  <link href='http://127.0.0.1:{live.port}/api/drivers' rel='drivers'>\n  </link>\n"
        "</api>\n")


def test_entry_point_in_json_keeps_a_query_driver_in_its_links(live):
    status, headers, body = get(live, "/api?driver=rhevm&format=json")
    doc = json.loads(body)
    assert doc["api"]["driver"] == "rhevm"
    assert {"href": f"http://127.0.0.1:{live.port}/api/instance_states?driver=rhevm", "rel": "instance_states"} \
        in doc["api"]["links"]


@pytest.mark.parametrize("how", [{"headers": {"Accept": "application/json"}}, {"query": "&format=json"}])
def test_json_by_accept_or_query(live, how):
    from cloudstates.formats import dcjson

    status, headers, body = get(live, "/api/instance_states?driver=ec2" + how.get("query", ""),
                                how.get("headers"))
    assert status == 200
    assert headers["content-type"] == "application/json"
    assert body.decode() == dcjson.emit(BUNDLED["ec2"])


def test_graphviz(live):
    status, headers, body = get(live, "/api/instance_states?format=gv", {"X-Deltacloud-Driver": "mock"})
    assert status == 200
    assert headers["content-type"].startswith("text/vnd.graphviz")
    assert body.startswith(b'digraph "mock" {')
    assert b'"stopped" -> "finish" [label="destroy"];' in body


def test_html_for_browsers(live):
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    status, headers, body = get(live, "/api/instance_states?driver=mock", {"Accept": accept})
    assert status == 200
    assert headers["content-type"] == "text/html; charset=utf-8"
    page = body.decode()
    assert "<title>Deltacloud mock driver — instance states</title>" in page
    assert "<tr><td>stopped</td><td>start</td><td>running</td></tr>" in page
    assert "<span class='auto'>auto</span>" in page
    assert ("<svg" in page) == (shutil.which("dot") is not None)


def test_accept_q_values_are_honoured(live):
    _, headers, _ = get(live, "/api/instance_states", {"Accept": "application/xml;q=0.5, application/json"})
    assert headers["content-type"] == "application/json"
    _, headers, _ = get(live, "/api/instance_states", {"Accept": "*/*"})
    assert headers["content-type"] == "application/xml"


def test_unknown_driver_is_400_naming_the_known_ones(live):
    status, headers, body = get(live, "/api/instance_states", {"X-Deltacloud-Driver": "nebula9"})
    assert status == 400
    assert b"<message>unknown driver 'nebula9'; this server has: arubacloud," in body
    status, _, body = get(live, "/api/instance_states?driver=nebula9&format=json")
    assert status == 400 and json.loads(body)["error"]["message"].startswith("unknown driver 'nebula9'")


def test_unknown_format_and_path(live):
    assert get(live, "/api/instance_states?format=pdf")[0] == 400
    status, _, body = get(live, "/api/realms")
    assert status == 404 and b"no such resource: /api/realms" in body


def test_drivers_list(live):
    status, _, body = get(live, "/api/drivers")
    assert status == 200
    text = body.decode()
    assert text.startswith("<drivers>\n")
    assert f"  <driver href='http://127.0.0.1:{live.port}/api/drivers/mock' id='mock'>\n" \
           "    <name>Deltacloud mock driver</name>\n  </driver>\n" in text
    assert text.count("<driver ") == len(BUNDLED)
    doc = json.loads(get(live, "/api/drivers", {"Accept": "application/json"})[2])
    assert [d["id"] for d in doc["drivers"]] == list(BUNDLED)
    status, _, body = get(live, "/api/drivers/ec2?format=json")
    assert status == 200 and json.loads(body)["id"] == "ec2"
    assert get(live, "/api/drivers/nope")[0] == 404


def test_etag_and_304(live):
    _, headers, _ = get(live, "/api/instance_states?driver=condor")
    tag = headers["etag"]
    status, headers304, body = get(live, "/api/instance_states?driver=condor", {"If-None-Match": tag})
    assert (status, body, headers304["etag"]) == (304, b"", tag)
    assert get(live, "/api/instance_states?driver=condor", {"If-None-Match": f'"other", W/{tag}'})[0] == 304
    # Another representation has another tag.
    _, json_headers, _ = get(live, "/api/instance_states?driver=condor&format=json")
    assert json_headers["etag"] != tag
    assert get(live, "/api/instance_states?driver=condor&format=json", {"If-None-Match": tag})[0] == 200


def test_head_and_read_only(live):
    status, headers, body = get(live, "/api/instance_states", method="HEAD")
    assert (status, body, headers["content-length"]) == (200, b"", str(len(REFERENCE_STATES)))
    status, headers, body = get(live, "/api/instance_states", method="POST")
    assert status == 405 and headers["allow"] == "GET, HEAD"
    assert get(live, "/api/instance_states", method="DELETE")[0] == 405


def test_root_redirects_to_api_and_the_client_follows(cli, live):
    r = cli("show", f"http://127.0.0.1:{live.port}/", "-f", "xml")
    assert r.code == 0, r.err
    assert r.out.encode() == REFERENCE_STATES


def test_one_log_line_per_request(live):
    before = live.log.getvalue().count("\n")
    get(live, "/api/instance_states?driver=sbc")
    get(live, "/api/nothing")
    lines = live.log.getvalue().splitlines()[before:]
    assert len(lines) == 2
    assert re.fullmatch(r'\d\d:\d\d:\d\d 127\.0\.0\.1 "GET /api/instance_states\?driver=sbc HTTP/1\.1" 200 \d+ '
                        r'driver=sbc \d+\.\dms', lines[0]), lines[0]
    assert '"GET /api/nothing HTTP/1.1" 404' in lines[1]


# ------------------------------------------------------------------ round trip for every bundled definition

@pytest.mark.parametrize("wire", ["xml", "json"])
@pytest.mark.parametrize("name", sorted(BUNDLED))
def test_round_trip_serve_then_show_url(cli, live, name, wire):
    from cloudstates.formats.definition import parse

    r = cli("show", live.url, "--driver", name, "--wire", wire, "-f", "yaml")
    assert r.code == 0, r.err
    got = parse(r.out.encode(), "out")
    assert shape(got) == shape(BUNDLED[name])
    (source,) = got.sources
    assert (source.url, source.driver, source.server) == (f"{live.url}/instance_states", name, "cloudstates/0.1.0")
    assert source.etag.startswith('"') and source.read.endswith("Z")


def test_show_url_table_and_validate_url(cli, live):
    r = cli("show", live.url, "--driver", "rhevm")
    assert r.code == 0, r.err
    assert "rhevm" in r.out and "stopped" in r.out
    r = cli("validate", f"{live.url}?driver=mock")
    assert r.code == 0, r.out + r.err


# ------------------------------------------------------------------ authentication

SENTINEL = "S3ntinel-serve-4b2c"


@pytest.fixture(scope="module")
def guarded():
    with LiveServer({"mock": BUNDLED["mock"]}, user="alice", password=SENTINEL) as server:
        yield server


def test_basic_auth_challenge(guarded):
    status, headers, body = get(guarded, "/api/instance_states")
    assert status == 401
    assert headers["www-authenticate"] == 'Basic realm="cloudstates", charset="UTF-8"'
    bad = base64.b64encode(b"alice:wrong").decode()
    assert get(guarded, "/api/instance_states", {"Authorization": f"Basic {bad}"})[0] == 401
    good = base64.b64encode(f"alice:{SENTINEL}".encode()).decode()
    status, _, body = get(guarded, "/api/instance_states", {"Authorization": f"Basic {good}"})
    assert (status, body) == (200, REFERENCE_STATES)
    assert SENTINEL not in guarded.log.getvalue() and good not in guarded.log.getvalue()


def test_client_authenticates_against_serve(cli, guarded, monkeypatch):
    monkeypatch.setenv("CLOUDSTATES_PASSWORD", SENTINEL)
    r = cli("show", guarded.url, "--user", "alice", "-f", "xml")
    assert r.code == 0, r.err
    assert r.out.encode() == REFERENCE_STATES
    monkeypatch.setenv("CLOUDSTATES_PASSWORD", "not-it")
    r = cli("show", guarded.url, "--user", "alice")
    assert r.code == 4
    assert r.err == f"cloudstates: error: {guarded.url}: authentication failed for user 'alice' (HTTP 401) " \
                    "(check --user and the password (CLOUDSTATES_PASSWORD, ~/.netrc))\n"


# ------------------------------------------------------------------ the command, in a subprocess

def start_serve(*args, env_extra=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLOUDSTATES_")}
    env.update(env_extra or {})
    proc = subprocess.Popen([sys.executable, "-m", "cloudstates", "serve", "--port", "0", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    banner = proc.stderr.readline()
    match = re.search(r"http://127\.0\.0\.1:(\d+)/api", banner)
    assert match, banner + proc.stderr.read()
    return proc, int(match.group(1)), banner


def test_serve_command_given_sources_stops_cleanly_on_ctrl_c(tmp_path):
    own = tmp_path / "mycloud.yaml"
    own.write_text("provider: mycloud\nstates:\n  start:\n    transitions:\n      - {to: finish, action: create}\n"
                   "  finish: {}\n")
    proc, port, banner = start_serve(str(own), "mock")
    try:
        assert "serving 2 definitions" in banner and "default driver mycloud" in banner
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", "/api/instance_states")
        resp = conn.getresponse()
        assert resp.getheader("X-Deltacloud-Driver") == "mycloud"
        assert resp.read() == (b"<states>\n  <state name='start'>\n    <transition action='create' to='finish'>"
                               b"</transition>\n  </state>\n  <state name='finish'>\n  </state>\n</states>\n")
        conn.close()
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=10)
    assert proc.returncode == 0, err
    assert out == ""
    assert "Traceback" not in err
    lines = err.splitlines()
    assert lines[-1] == "cloudstates: stopped"
    assert sum('"GET /api/instance_states HTTP/1.1" 200' in line for line in lines) == 1


def test_serve_stops_on_sigterm():
    proc, port, _ = start_serve("mock", "--quiet")
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=10)
    assert proc.returncode == 0 and err.endswith("cloudstates: stopped\n") and "Traceback" not in err


def test_port_in_use_is_one_line(cli, live):
    from cloudstates.errors import OutputError

    r = cli("serve", "mock", "--port", str(live.port))
    assert r.code == OutputError.exit_code == 2
    assert r.err == f"cloudstates: error: cannot listen on 127.0.0.1:{live.port}: Address already in use " \
                    "(pick another --port, or stop what is using it)\n"


def test_serve_user_needs_a_password(cli):
    r = cli("serve", "mock", "--user", "alice", "--port", "0")
    assert r.code == 2
    assert "set CLOUDSTATES_PASSWORD" in r.err


def test_serve_rejects_an_unreadable_source(cli, tmp_path):
    r = cli("serve", str(tmp_path / "missing.yaml"), "--port", "0")
    assert r.code == 3
    assert "missing.yaml: no such file" in r.err
