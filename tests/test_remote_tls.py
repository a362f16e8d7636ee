"""https URL sources against `serve` behind TLS with a self-signed certificate (made by openssl)."""

from __future__ import annotations

import shutil
import ssl
import subprocess

import pytest
from rawserver import LiveServer, bundled_machines

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl program")


@pytest.fixture(autouse=True)
def no_ca_settings(monkeypatch):
    for name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "SSL_CERT_FILE"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="module")
def tls(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out",
                    str(cert), "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True)
    machines = bundled_machines()
    with LiveServer({"mock": machines["mock"]}) as live:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        live.server.socket = context.wrap_socket(live.server.socket, server_side=True)
        yield f"https://127.0.0.1:{live.port}/api", cert


def test_self_signed_certificate_is_refused(cli, tls):
    url, _ = tls
    r = cli("show", url)
    assert r.code == 4
    assert r.err == (f"cloudstates: error: {url}: TLS failed with 127.0.0.1:{url.split(':')[2].split('/')[0]}: "
                     "certificate verify failed (self-signed certificate) "
                     "(--ca-bundle PATH for a private CA; --insecure skips verification)\n")


def test_ca_bundle_verifies(cli, tls):
    url, cert = tls
    r = cli("show", url, "--ca-bundle", str(cert), "-f", "yaml")
    assert r.code == 0, r.err
    assert r.err == ""
    assert f'  - url: "{url}/instance_states"\n' in r.out


def test_insecure_works_with_a_warning(cli, tls):
    url, _ = tls
    r = cli("show", url, "--insecure", "-f", "xml")
    assert r.code == 0
    assert r.out.startswith("<states>\n")
    assert r.err.startswith("cloudstates: warning: --insecure: the TLS certificate of 127.0.0.1:")
    assert len(r.err.splitlines()) == 1  # urllib3's own InsecureRequestWarning is silenced
