"""The README's CI recipe: diff a committed definition against a live endpoint (a real HTTP server)."""

from __future__ import annotations

import functools
import http.server
import json
import threading
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def endpoint():
    """A static HTTP server on 127.0.0.1 serving tests/data (saved Deltacloud responses)."""
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(DATA))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_live_endpoint_matching_the_committed_definition_passes(cli, endpoint):
    r = cli("diff", "mock", f"{endpoint}/deltacloud-1.1.1-mock-instance_states.xml", "--fail-on", "any")
    assert r.code == 0, r.err
    assert r.out.rstrip().endswith("no differences")


def test_drift_fails_the_job_with_the_changes(cli, endpoint):
    url = f"{endpoint}/deltacloud-1.1.1-mock-instance_states.xml"
    r = cli("diff", "ec2", url, "--fail-on", "any", "--format", "json")
    assert r.code == 1, r.err
    doc = json.loads(r.out)
    assert doc["b"] == {"source": url, "provider": doc["b"]["provider"]}
    assert doc["summary"] == {"breaking": 3, "compatible": 0}
    assert cli("diff", "ec2", url, "--fail-on", "never", "--quiet").code == 0


def test_unreachable_endpoint_exits_4(cli, endpoint):
    port = endpoint.rsplit(":", 1)[1]
    r = cli("diff", "mock", f"http://127.0.0.1:{port}/missing.xml", "--quiet")
    assert r.code == 4 and r.err.startswith(f"cloudstates: error: http://127.0.0.1:{port}/missing.xml")
