"""URL sources against real servers on 127.0.0.1: Deltacloud's own responses, and every way an answer can go wrong.

Each failure must be one line on stderr starting 'cloudstates: error:', with the documented exit
code (4: the transfer failed; 3: what arrived is not instance states), no traceback, in bounded time.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from rawserver import RawServer, counting, delayed, dripping, endless, free_port, hang_up, response

DATA = Path(__file__).resolve().parent / "data"
REFERENCE_STATES = (DATA / "deltacloud-1.1.1-mock-instance_states.xml").read_bytes()
REFERENCE_API = (DATA / "deltacloud-1.1.1-mock-api.xml").read_bytes()
DELTACLOUD_HEADERS = {"X-Deltacloud-Driver": "mock", "Server": "Apache-Deltacloud/1.1.1",
                      "ETag": '"f1a7b0b3c5d2e8a9"'}
MOCK_STATES = b"""<states>
  <state name='start'>
    <transition action='create' to='pending'></transition>
  </state>
  <state name='pending'>
    <transition auto='true' to='running'></transition>
  </state>
  <state name='running'>
  </state>
</states>
"""


@pytest.fixture
def secret_file(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text("TOP-SECRET-FILE-CONTENT\n")
    return path


@pytest.fixture
def raw(secret_file):
    server = RawServer()
    xxe = (f"<?xml version='1.0'?>\n<!DOCTYPE states [<!ENTITY leak SYSTEM 'file://{secret_file}'>]>\n"
           "<states><state name='&leak;'></state></states>\n")
    bomb = ("<?xml version='1.0'?>\n<!DOCTYPE lolz [<!ENTITY lol 'lol'>"
            + "".join(f"<!ENTITY lol{i} '{('&lol' + str(i - 1) + ';') * 10 if i > 1 else '&lol;' * 10}'>"
                      for i in range(1, 10))
            + "]>\n<states><state name='&lol9;'></state></states>\n")
    server.routes.update({
        # Deltacloud 1.1.1's own answers, unchanged (the API's links name localhost:3001, as it saw its Host).
        "/api": response(200, REFERENCE_API, "application/xml", DELTACLOUD_HEADERS),
        "/api/instance_states": response(200, REFERENCE_STATES, "application/xml", DELTACLOUD_HEADERS),
        "/plain/instance_states": response(200, MOCK_STATES, "text/xml; charset=utf-8"),
        "/xxe": response(200, xxe),
        "/bomb": response(200, bomb),
        "/html200": response(200, "<!DOCTYPE html><html><head><title>Welcome to nginx!</title></head>"
                                  "<body>hi</body></html>", "text/html"),
        "/html500": response(500, "<html><head><title>500 Internal Server Error</title></head><body><pre>"
                                  "Traceback (most recent call last):\n  File x</pre></body></html>", "text/html"),
        "/err500": response(500, "<error status='500' url='/api/instance_states'>\n  <message>Driver backend "
                                 "exploded</message>\n</error>\n"),
        "/401": response(401, "<html><title>401</title></html>", "text/html",
                         {"WWW-Authenticate": 'Basic realm="x"'}),
        "/403": response(403, "", "text/plain"),
        "/loop": response(302, "", "text/plain", {"Location": "/loop"}),
        "/slow": delayed(5, response(200, MOCK_STATES)),
        "/drip": dripping(0.25),
        "/reset": hang_up,
        "/pdf": response(200, b"%PDF-1.4", "application/pdf"),
        "/apilinkless": response(200, "<api driver='mock' version='1.1.1'>\n</api>\n"),
        "/json-other": response(200, '{"hello": "world"}', "application/json"),
    })
    server.routes["/huge-declared"] = endless(server, "/huge-declared", content_length=100 << 20)
    server.routes["/huge-chunked"] = endless(server, "/huge-chunked")
    yield server
    server.close()


def one_line_error(r, code: int, *fragments: str) -> None:
    assert r.code == code, (r.code, r.out, r.err)
    assert r.out == ""
    lines = r.err.strip().splitlines()
    assert len(lines) == 1, r.err
    assert lines[0].startswith("cloudstates: error: ")
    assert "Traceback" not in r.err
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])


# ------------------------------------------------------------------ Deltacloud's own responses

def test_api_root_of_deltacloud_1_1_1_is_followed_to_its_instance_states(cli, raw):
    r = cli("show", raw.url("/api"), "-f", "xml")
    assert r.code == 0, r.err
    assert r.out.encode() == REFERENCE_STATES
    assert [q.path for q in raw.requests] == ["/api", "/api/instance_states"]
    assert raw.requests[0].headers["accept"] == "application/xml"


def test_deltacloud_collection_read_unchanged_with_provenance(cli, raw):
    r = cli("show", raw.url("/api/instance_states"), "-f", "yaml")
    assert r.code == 0, r.err
    assert "provider: mock\n" in r.out
    assert "    driver: mock\n" in r.out
    assert "    server: Apache-Deltacloud/1.1.1\n" in r.out
    assert '    etag: "\\"f1a7b0b3c5d2e8a9\\""\n' in r.out
    assert f'  - url: "{raw.url("/api/instance_states")}"\n' in r.out
    assert "      - {to: finish, action: destroy}\n" in r.out


def test_driver_and_provider_are_sent_as_deltacloud_headers(cli, raw):
    r = cli("show", raw.url("/api/instance_states"), "--driver", "ec2", "--provider", "eu-west-1", "-f", "json")
    assert r.code == 0, r.err
    assert raw.requests[-1].headers["x-deltacloud-driver"] == "ec2"
    assert raw.requests[-1].headers["x-deltacloud-provider"] == "eu-west-1"
    assert r.out.startswith('[{"name":"start","transitions":[{"to":"pending","action":"create"}]}')


def test_wire_json_asks_for_json_but_parses_what_arrives(cli, raw):
    r = cli("show", raw.url("/plain/instance_states"), "--wire", "json", "-f", "yaml")
    assert r.code == 0, r.err
    assert raw.requests[-1].headers["accept"] == "application/json"
    assert "provider: remote\n" in r.out  # no driver header, no --driver: a neutral name
    assert "      - {to: running, auto: true}\n" in r.out


# ------------------------------------------------------------------ hostile and broken answers: exit 3

def test_external_entity_is_refused_and_the_file_never_read(cli, raw):
    r = cli("show", raw.url("/xxe"), "-f", "yaml")
    one_line_error(r, 3, raw.url("/xxe"), "refused unsafe XML")
    assert "TOP-SECRET" not in r.err


def test_entity_expansion_bomb_is_refused_quickly(cli, raw):
    started = time.monotonic()
    r = cli("show", raw.url("/bomb"))
    one_line_error(r, 3, "refused unsafe XML")
    assert time.monotonic() - started < 5


def test_html_page_with_200_names_its_title(cli, raw):
    r = cli("show", raw.url("/html200"))
    one_line_error(r, 3, "the server sent an HTML page titled 'Welcome to nginx!', not instance states",
                   "http://host:3001/api")


def test_body_neither_xml_nor_json(cli, raw):
    one_line_error(cli("show", raw.url("/pdf")), 3, "the server sent application/pdf, neither XML nor JSON")


def test_json_that_is_not_instance_states(cli, raw):
    one_line_error(cli("show", raw.url("/json-other")), 3, "expected Deltacloud's instance states")


def test_oversized_body_declared_is_refused_without_reading(cli, raw):
    started = time.monotonic()
    r = cli("show", raw.url("/huge-declared"))
    one_line_error(r, 3, "104,857,600 bytes, more than the 5 MiB limit")
    assert time.monotonic() - started < 5
    assert raw.sent.get("/huge-declared", 0) < 32 << 20


def test_oversized_body_streamed_is_abandoned_past_the_limit(cli, raw):
    started = time.monotonic()
    r = cli("show", raw.url("/huge-chunked"))
    one_line_error(r, 3, "larger than the 5 MiB limit; abandoned it unread")
    assert time.monotonic() - started < 5
    # The server could write only what the socket buffers took beyond our 5 MiB: far from its 64 MiB.
    assert raw.sent["/huge-chunked"] < 32 << 20


# ------------------------------------------------------------------ transfer failures: exit 4

def test_html_error_page_shows_status_and_title(cli, raw):
    r = cli("show", raw.url("/html500"))
    one_line_error(r, 4, "HTTP 500 Internal Server Error: 500 Internal Server Error", "try again later")
    assert "Traceback" not in r.err


def test_deltacloud_xml_error_message_is_quoted(cli, raw):
    one_line_error(cli("show", raw.url("/err500")), 4, "HTTP 500 Internal Server Error: Driver backend exploded")


def test_401_without_user_says_how_to_authenticate(cli, raw):
    one_line_error(cli("show", raw.url("/401")), 4, "the server asks for authentication (HTTP 401)", "--user")


def test_401_with_user_names_the_user(cli, raw, monkeypatch):
    monkeypatch.setenv("CLOUDSTATES_PASSWORD", "pw-9f3a")
    r = cli("show", raw.url("/401"), "--user", "alice")
    one_line_error(r, 4, "authentication failed for user 'alice' (HTTP 401)")
    assert raw.requests[-1].basic_auth() == ("alice", "pw-9f3a")
    assert "pw-9f3a" not in r.err


def test_403(cli, raw):
    one_line_error(cli("show", raw.url("/403")), 4, "access denied for anonymous requests (HTTP 403)")


def test_404_says_there_is_no_collection(cli, raw):
    one_line_error(cli("show", raw.url("/nothing/here")), 4,
                   f"{raw.url('/nothing/here')}: no instance_states collection there (HTTP 404)")


def test_api_without_instance_states_link(cli, raw):
    one_line_error(cli("show", raw.url("/apilinkless")), 4, "no instance_states collection there")


def test_redirect_loop_stops(cli, raw):
    started = time.monotonic()
    r = cli("show", raw.url("/loop"))
    one_line_error(r, 4, "more than 10 redirects (a redirect loop?)")
    assert raw.hits("/loop") == 11
    assert time.monotonic() - started < 5


def test_slow_answer_times_out(cli, raw):
    started = time.monotonic()
    r = cli("show", raw.url("/slow"), "--timeout", "0.5")
    one_line_error(r, 4, "timed out after 0.5 s waiting for 127.0.0.1")
    assert time.monotonic() - started < 2.5
    assert raw.hits("/slow") == 1  # read timeouts are not retried


def test_dripping_answer_is_bounded_by_the_overall_deadline(cli, raw):
    started = time.monotonic()
    r = cli("show", raw.url("/drip"), "--timeout", "0.5")
    one_line_error(r, 4, "timed out after 1.5 s in all while reading the answer")
    assert time.monotonic() - started < 3


def test_connection_refused_names_host_and_port(cli):
    port = free_port()
    started = time.monotonic()
    r = cli("show", f"http://127.0.0.1:{port}/api")
    one_line_error(r, 4, f"cannot connect to 127.0.0.1:{port}: connection refused")
    assert time.monotonic() - started < 3


def test_connection_closed_without_answer(cli, raw):
    one_line_error(cli("show", raw.url("/reset")), 4, "closed the connection without a complete answer")


def test_https_to_a_plain_http_server(cli, raw):
    r = cli("show", raw.url("/api").replace("http://", "https://"))
    one_line_error(r, 4, f"TLS failed with 127.0.0.1:{raw.port}")


def test_unresolvable_host(cli):
    r = cli("show", "http://no-such-host.invalid/api", "--timeout", "2")
    one_line_error(r, 4, "no-such-host.invalid:80")


def test_missing_ca_bundle(cli, tmp_path):
    one_line_error(cli("show", "https://127.0.0.1:1/api", "--ca-bundle", str(tmp_path / "nope.pem")), 4,
                   "--ca-bundle", "no such file")


# ------------------------------------------------------------------ retries

def test_503_then_success_is_retried(cli, raw):
    raw.routes["/flaky"] = counting([response(503, "busy", "text/plain"), response(502, "", "text/plain"),
                                     response(200, MOCK_STATES)])
    r = cli("show", raw.url("/flaky"), "-f", "xml")
    assert r.code == 0, r.err
    assert r.out.encode() == MOCK_STATES
    assert raw.hits("/flaky") == 3


def test_503_for_ever_gives_up_after_the_retries(cli, raw):
    raw.routes["/down"] = response(503, "maintenance until noon", "text/plain", {"Retry-After": "3600"})
    started = time.monotonic()
    r = cli("show", raw.url("/down"))
    one_line_error(r, 4, "HTTP 503 Service Unavailable: maintenance until noon")
    assert raw.hits("/down") == 3
    assert time.monotonic() - started < 3  # Retry-After: 3600 is not obeyed


def test_500_is_not_retried(cli, raw):
    cli("show", raw.url("/err500"))
    assert raw.hits("/err500") == 1


# ------------------------------------------------------------------ credentials

SENTINEL = "S3ntinel-pw-7d1e"


@pytest.fixture
def echo_auth(raw):
    """A hostile server that puts the Authorization it got, decoded, into its error message."""

    def handle(conn, request):
        got = request.basic_auth()
        conn.sendall(response(500, f"<error><message>you sent {got}</message></error>"))

    raw.routes["/echo"] = handle
    return raw


def test_password_from_environment_is_sent_and_never_shown(cli, raw, monkeypatch):
    monkeypatch.setenv("CLOUDSTATES_PASSWORD", SENTINEL)
    r = cli("show", raw.url("/api/instance_states"), "--user", "bob", "-f", "yaml")
    assert r.code == 0, r.err
    assert raw.requests[-1].basic_auth() == ("bob", SENTINEL)
    assert SENTINEL not in r.out + r.err


def test_user_from_environment(cli, raw, monkeypatch):
    monkeypatch.setenv("CLOUDSTATES_USER", "carol")
    monkeypatch.setenv("CLOUDSTATES_PASSWORD", SENTINEL)
    assert cli("show", raw.url("/api/instance_states"), "-f", "xml").code == 0
    assert raw.requests[-1].basic_auth() == ("carol", SENTINEL)


def test_credentials_in_the_url_are_used_and_redacted(cli, raw):
    url = raw.url("/api/instance_states").replace("http://", f"http://dave:{SENTINEL}@")
    r = cli("show", url, "-f", "yaml")
    assert r.code == 0, r.err
    assert raw.requests[-1].basic_auth() == ("dave", SENTINEL)
    assert SENTINEL not in r.out + r.err
    assert "dave" not in r.out
    assert f'url: "{raw.url("/api/instance_states")}"' in r.out


@pytest.mark.parametrize("path", ["/401", "/echo", "/nothing", "/xxe", "/loop"])
def test_password_never_in_errors(cli, echo_auth, path):
    url = echo_auth.url(path).replace("http://", f"http://erin:{SENTINEL}@")
    r = cli("show", url)
    assert r.code in (3, 4), r.err
    assert SENTINEL not in r.out + r.err
    assert "erin:" not in r.err


def test_password_never_in_connection_errors(cli, monkeypatch):
    monkeypatch.setenv("CLOUDSTATES_PASSWORD", SENTINEL)
    port = free_port()
    for url in (f"http://frank:{SENTINEL}@127.0.0.1:{port}/api", f"http://127.0.0.1:{port}/api"):
        r = cli("show", url, "--user", "frank")
        one_line_error(r, 4, "connection refused")
        assert SENTINEL not in r.out + r.err


def test_echoed_password_is_scrubbed(cli, echo_auth, monkeypatch):
    monkeypatch.setenv("CLOUDSTATES_PASSWORD", SENTINEL)
    r = cli("show", echo_auth.url("/echo"), "--user", "gina")
    one_line_error(r, 4, "HTTP 500", "you sent ('gina', '***')")
    assert SENTINEL not in r.err


def test_user_without_password_off_a_terminal_is_an_error(cli, raw):
    r = cli("show", raw.url("/api/instance_states"), "--user", "hank")
    one_line_error(r, 4, "no password for user 'hank'", "CLOUDSTATES_PASSWORD")
    assert raw.requests == []


def test_netrc_supplies_the_password(cli, raw, monkeypatch, tmp_path):
    netrc = tmp_path / ".netrc"
    netrc.write_text(f"machine 127.0.0.1 login ivy password {SENTINEL}\n")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    r = cli("show", raw.url("/api/instance_states"), "-f", "xml")
    assert r.code == 0, r.err
    assert raw.requests[-1].basic_auth() == ("ivy", SENTINEL)
    r = cli("show", raw.url("/401"))
    one_line_error(r, 4, "authentication failed for user 'ivy'")
    assert SENTINEL not in r.err


def test_credentials_do_not_follow_a_link_to_another_host(cli, raw, monkeypatch):
    """The entry point's link is followed on the server we asked, never sent to the host it names."""
    monkeypatch.setenv("CLOUDSTATES_PASSWORD", SENTINEL)
    raw.routes["/other/api"] = response(200, "<api driver='mock' version='1.1.1'>\n  <link "
                                             "href='http://attacker.invalid:9/api/instance_states' "
                                             "rel='instance_states'>\n  </link>\n</api>\n")
    r = cli("show", raw.url("/other/api"), "--user", "jo", "-f", "xml")
    assert r.code == 0, r.err
    assert raw.requests[-1].path == "/api/instance_states"
    assert raw.requests[-1].basic_auth() == ("jo", SENTINEL)


def test_insecure_prints_a_warning(cli, raw):
    r = cli("show", raw.url("/api/instance_states"), "--insecure", "-f", "xml")
    assert r.code == 0
    assert r.err.startswith("cloudstates: warning: --insecure: the TLS certificate of 127.0.0.1:")
    assert len(r.err.splitlines()) == 1


def test_chunked_transfer_encoding(cli, raw):
    body = MOCK_STATES
    pieces = [body[:100], body[100:]]
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in pieces) + b"0\r\n\r\n"
    raw.routes["/chunked"] = (b"HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nTransfer-Encoding: chunked\r\n"
                              b"Connection: close\r\n\r\n" + chunked)
    r = cli("show", raw.url("/chunked"), "-f", "xml")
    assert r.code == 0, r.err
    assert r.out.encode() == MOCK_STATES


def test_endless_503_body_is_not_drained_before_a_retry(cli, raw):
    def handle(conn, request):
        conn.sendall(b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n"
                     b"overloaded\n")
        endless(raw, "/503-endless", limit=64 << 20)(conn, request)

    raw.routes["/503-endless"] = handle
    started = time.monotonic()
    r = cli("show", raw.url("/503-endless"))
    one_line_error(r, 4, "HTTP 503 Service Unavailable: overloaded")
    assert time.monotonic() - started < 5
    assert raw.hits("/503-endless") == 1


def test_endless_redirect_body_is_not_read(cli, raw):
    def handle(conn, request):
        conn.sendall(b"HTTP/1.1 302 Found\r\nLocation: /api/instance_states\r\nConnection: close\r\n\r\n")
        endless(raw, "/redirect-endless", limit=64 << 20)(conn, request)

    raw.routes["/redirect-endless"] = handle
    started = time.monotonic()
    r = cli("show", raw.url("/redirect-endless"), "-f", "xml")
    assert r.code == 0, r.err
    assert r.out.encode() == REFERENCE_STATES
    assert time.monotonic() - started < 5


def test_redirect_to_another_host_gets_no_credentials(cli, raw, monkeypatch):
    other = RawServer(routes={"/api/instance_states": response(200, MOCK_STATES)})
    try:
        monkeypatch.setenv("CLOUDSTATES_PASSWORD", SENTINEL)
        raw.routes["/away"] = response(302, "", "text/plain",
                                       {"Location": other.url("/api/instance_states").replace("127.0.0.1",
                                                                                              "localhost")})
        r = cli("show", raw.url("/away"), "--user", "kim", "-f", "xml")
        assert r.code == 0, r.err
        assert other.requests[-1].basic_auth() is None
    finally:
        other.close()
