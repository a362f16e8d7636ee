"""`cloudstates fetch URL`: a definition file with provenance, written atomically, never holding a password."""

from __future__ import annotations

import re

import pytest
from rawserver import LiveServer, RawServer, bundled_machines, free_port, response

BUNDLED = bundled_machines()
SENTINEL = "S3ntinel-fetch-91ac"


@pytest.fixture(scope="module")
def live():
    with LiveServer(BUNDLED) as server:
        yield server


@pytest.fixture(scope="module")
def guarded():
    with LiveServer({"rhevm": BUNDLED["rhevm"]}, user="alice", password=SENTINEL) as server:
        yield server


def test_fetch_to_stdout_with_provenance(cli, live):
    r = cli("fetch", live.url, "--driver", "mock")
    assert r.code == 0, r.err
    assert r.err == ""
    assert r.out.startswith("provider: mock\nsources:\n"
                            f'  - url: "{live.url}/instance_states"\n'
                            '    read: "')
    assert re.search(r'\n    read: "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"\n    driver: mock\n    server: cloudstates/0\.1\.0\n'
                     r'    etag: "\\"[0-9a-f]{24}\\""\ninitial: start\nfinal: \[finish\]\nstates:\n  start:\n', r.out), r.out
    assert r.out.endswith("      - {to: finish, action: destroy}\n  finish: {}\n")


def test_fetched_file_is_a_valid_source(cli, live, tmp_path):
    target = tmp_path / "ec2.yaml"
    r = cli("fetch", live.url, "--driver", "ec2", "--provider", "us-east-1", "-o", str(target))
    assert r.code == 0, r.err
    assert r.out == ""
    machine = BUNDLED["ec2"]
    assert r.err == (f"cloudstates: wrote {target}: ec2, {len(machine.states)} states, "
                     f"{machine.transition_count} transitions\n")
    text = target.read_text()
    assert "    provider: us-east-1\n" in text
    from_file = cli("show", str(target), "-f", "xml")
    bundled = cli("show", "ec2", "-f", "xml")
    assert from_file.code == 0 and from_file.out == bundled.out
    assert cli("validate", str(target)).code == 0


def test_fetch_default_url_from_environment(cli, live, monkeypatch):
    monkeypatch.setenv("CLOUDSTATES_URL", f"{live.url}?driver=condor")
    r = cli("fetch")
    assert r.code == 0, r.err
    assert r.out.startswith("provider: condor\n")


def test_fetch_needs_a_url(cli):
    r = cli("fetch")
    assert r.code == 2
    assert "give the URL of a Deltacloud API, or set CLOUDSTATES_URL" in r.err


def test_fetch_refuses_names_and_files(cli):
    r = cli("fetch", "ec2")
    assert r.code == 2
    assert "'ec2' is not an http(s) URL (for names and files, use 'cloudstates show SOURCE -f yaml')" in r.err


def test_no_clobber_without_force_and_atomic_replace(cli, live, tmp_path):
    target = tmp_path / "out.yaml"
    target.write_text("precious\n")
    r = cli("fetch", live.url, "-o", str(target))
    from cloudstates.errors import OutputError

    assert r.code == OutputError.exit_code
    assert r.err == f"cloudstates: error: {target}: already exists (add --force to replace it)\n"
    assert target.read_text() == "precious\n"
    # A failing fetch with --force leaves the old file whole, and no temporary files behind.
    r = cli("fetch", f"http://127.0.0.1:{free_port()}/api", "-o", str(target), "--force")
    assert r.code == 4
    assert target.read_text() == "precious\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.yaml"]
    r = cli("fetch", live.url, "-o", str(target), "--force")
    assert r.code == 0, r.err
    assert target.read_text().startswith("provider: mock\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.yaml"]


def test_failed_fetch_creates_no_file(cli, tmp_path):
    raw = RawServer(routes={"/api": response(500, "<error><message>boom</message></error>")})
    try:
        target = tmp_path / "new.yaml"
        r = cli("fetch", raw.url("/api"), "-o", str(target))
        assert r.code == 4 and "HTTP 500 Internal Server Error: boom" in r.err
        assert not target.exists() and list(tmp_path.iterdir()) == []
    finally:
        raw.close()


# ------------------------------------------------------------------ the sentinel password

def _assert_nowhere(r, *files):
    assert SENTINEL not in r.out
    assert SENTINEL not in r.err
    for path in files:
        if path.exists():
            assert SENTINEL not in path.read_text()


def test_sentinel_password_nowhere_on_success(cli, guarded, tmp_path, monkeypatch):
    # From the environment.
    monkeypatch.setenv("CLOUDSTATES_PASSWORD", SENTINEL)
    a = tmp_path / "a.yaml"
    r = cli("fetch", guarded.url, "--user", "alice", "-o", str(a))
    assert r.code == 0, r.err
    _assert_nowhere(r, a)
    assert "alice" not in a.read_text()
    # To stdout.
    r = cli("fetch", guarded.url, "--user", "alice")
    assert r.code == 0 and r.out.startswith("provider: rhevm\n")
    _assert_nowhere(r)
    # In the URL.
    monkeypatch.delenv("CLOUDSTATES_PASSWORD")
    b = tmp_path / "b.yaml"
    url = guarded.url.replace("http://", f"http://alice:{SENTINEL}@")
    r = cli("fetch", url, "-o", str(b))
    assert r.code == 0, r.err
    _assert_nowhere(r, b)
    assert f'url: "{guarded.url}/instance_states"' in b.read_text()
    assert SENTINEL not in guarded.log.getvalue()


def test_sentinel_password_nowhere_on_failure(cli, guarded, tmp_path, monkeypatch):
    c = tmp_path / "c.yaml"
    wrong_user = guarded.url.replace("http://", f"http://mallory:{SENTINEL}@")
    r = cli("fetch", wrong_user, "-o", str(c))
    assert r.code == 4 and "authentication failed for user 'mallory'" in r.err
    _assert_nowhere(r, c)
    assert not c.exists()
    monkeypatch.setenv("CLOUDSTATES_PASSWORD", SENTINEL)
    for url in (f"http://127.0.0.1:{free_port()}/api", guarded.url + "/nothing",
                f"http://alice:{SENTINEL}@127.0.0.1:{free_port()}/api"):
        r = cli("fetch", url, "--user", "alice", "-o", str(c))
        assert r.code == 4, r.err
        _assert_nowhere(r, c)
    assert not c.exists()
    r = cli("fetch", f"ftp://alice:{SENTINEL}@example.org/api")
    assert r.code == 2
    _assert_nowhere(r)


@pytest.mark.parametrize("args", [
    ("validate", "{url}", "-f", "json"),
    ("validate", "{url}"),
    ("show", "{url}"),
    ("show", "{url}", "-f", "yaml"),
    ("diff", "rhevm", "{url}"),
    ("diff", "{url}", "rhevm", "-f", "json"),
    ("matrix", "rhevm", "{url}", "-f", "csv"),
    ("fetch", "{url}"),
])
def test_no_command_echoes_a_password_from_a_url(cli, guarded, args):
    """Commands label columns and results by the SOURCE given; user:password@ is gone before they see it."""
    url = guarded.url.replace("http://", f"http://alice:{SENTINEL}@")
    r = cli(*[a.format(url=url) for a in args])
    assert r.code in (0, 1), r.err
    _assert_nowhere(r)
    assert "alice" not in r.out
