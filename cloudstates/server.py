"""A read-only, Deltacloud-compatible HTTP server over definitions (``cloudstates serve``).

Routes (GET and HEAD; anything else is 405):

- ``/api`` — the entry point: ``<api driver='…' version='1.1.1'>`` with ``<link rel='instance_states'>``
  and ``<link rel='drivers'>`` (JSON: ``{"api": {"driver", "version", "links": [{"href", "rel"}]}}``).
- ``/api/instance_states`` — XML (default, byte for byte as Deltacloud 1.1 sends it), JSON for
  ``Accept: application/json`` or ``?format=json``, Graphviz for ``?format=gv``, and a small HTML page
  for browsers (``Accept: text/html`` or ``?format=html``).
- ``/api/drivers`` and ``/api/drivers/NAME`` — the drivers served.

The driver comes from the ``X-Deltacloud-Driver`` header, else ``?driver=``, else the default; an
unknown one is a 400 naming the known ones. Every answer carries ``X-Deltacloud-Driver`` (when a
driver applies) and an ETag; a matching ``If-None-Match`` gets 304. With a user and password set,
every request needs HTTP Basic, else 401 with ``WWW-Authenticate``.

Only the standard library's http.server is used; one line per request is logged.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import html
import json
import re
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TextIO
from urllib.parse import parse_qs, quote, urlsplit

from cloudstates import __version__
from cloudstates.model import Machine
from cloudstates.render import plural

API_VERSION = "1.1.1"  # the Deltacloud API release whose documents we reproduce
FORMATS = {"xml": "application/xml", "json": "application/json", "gv": "text/vnd.graphviz; charset=utf-8",
           "html": "text/html; charset=utf-8"}
_ACCEPT = {"application/xml": "xml", "text/xml": "xml", "application/json": "json", "text/html": "html",
           "application/xhtml+xml": "html", "text/vnd.graphviz": "gv"}
_HOST_RE = re.compile(r"\A(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?\Z")


def xml_attr(value: str) -> str:
    return html.escape(value, quote=True).replace("&#x27;", "&apos;")


def xml_text(value: str) -> str:
    return html.escape(value, quote=False)


class DefinitionServer(ThreadingHTTPServer):
    """The machines to serve, the default driver, optional Basic credentials, and the log stream."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], machines: dict[str, Machine], *, default: str | None = None,
                 user: str | None = None, password: str | None = None, log: TextIO | None = None):
        if not machines:
            raise ValueError("nothing to serve")
        self.machines = dict(machines)
        self.default = default if default in self.machines else ("mock" if "mock" in self.machines
                                                                    else next(iter(self.machines)))
        self.user, self.password = user, password
        self.log = log
        self.log_lock = threading.Lock()
        self.cache: dict[tuple[str, str], bytes] = {}
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, Handler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{port}/api"

    def body(self, driver: str, fmt: str) -> bytes:
        """A machine's representation, computed once (the SVG for HTML needs a Graphviz run)."""
        key = (driver, fmt)
        cached = self.cache.get(key)
        if cached is None:
            machine = self.machines[driver]
            if fmt == "html":
                text = html_page(machine, driver)
            else:
                from cloudstates import formats

                text = formats.emit(machine, {"gv": "dot"}.get(fmt, fmt))
            cached = self.cache[key] = text.encode("utf-8")
        return cached


class Handler(BaseHTTPRequestHandler):
    server: DefinitionServer
    server_version = f"cloudstates/{__version__}"
    sys_version = ""
    protocol_version = "HTTP/1.1"
    timeout = 30  # seconds a client may stay silent before its connection is dropped

    def version_string(self) -> str:
        return self.server_version

    # -------------------------------------------------------------- dispatch

    def do_GET(self) -> None:
        self._started = time.monotonic()
        self._handle(head=False)

    def do_HEAD(self) -> None:
        self._started = time.monotonic()
        self._handle(head=True)

    def _not_allowed(self) -> None:
        self._started = time.monotonic()
        self.close_connection = True
        self._error(405, f"{self.command} is not supported: this server is read-only", "xml", head=False,
                    extra={"Allow": "GET, HEAD"})

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _not_allowed

    def _handle(self, head: bool) -> None:
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        path = parts.path.rstrip("/") or "/"
        try:
            fmt = self._format(query, ("xml", "json", "gv", "html"))
        except ValueError as exc:
            return self._error(400, str(exc), "xml", head)
        err_fmt = "json" if fmt == "json" else "xml"
        if not self._authorized():
            return self._error(401, "authentication required", err_fmt, head,
                               extra={"WWW-Authenticate": 'Basic realm="cloudstates", charset="UTF-8"'})
        if path == "/":
            return self._send(302, b"", "text/plain; charset=utf-8", head, extra={"Location": "/api"})
        if path == "/api/drivers":
            return self._drivers(None, fmt, head)
        if path.startswith("/api/drivers/"):
            return self._drivers(path[len("/api/drivers/"):], fmt, head)
        if path not in ("/api", "/api/instance_states"):
            return self._error(404, f"no such resource: {parts.path}; this server answers /api, "
                                    "/api/instance_states and /api/drivers", err_fmt, head)
        driver, by_query = self._driver(query)
        if driver is None:
            return
        if path == "/api":
            return self._entry_point(driver, by_query, "json" if fmt == "json" else "xml", head)
        body = self.server.body(driver, fmt)
        self._send(200, body, FORMATS[fmt], head, driver=driver, etag=True)

    # -------------------------------------------------------------- pieces

    def _format(self, query: dict, offers: tuple[str, ...]) -> str:
        """?format= wins; else the Accept header's best offer (q-values honoured); else XML."""
        asked = query.get("format")
        if asked:
            name = asked[-1].lower()
            name = {"dot": "gv"}.get(name, name)
            if name not in offers:
                raise ValueError(f"unknown format {asked[-1]!r}: use one of {', '.join(offers)}")
            return name
        best = None
        for order, item in enumerate((self.headers.get("Accept") or "").split(",")):
            media, _, params = item.strip().partition(";")
            media = media.strip().lower()
            q = 1.0
            for param in params.split(";"):
                key, _, value = param.strip().partition("=")
                if key.strip().lower() == "q":
                    try:
                        q = float(value)
                    except ValueError:
                        q = 0.0
            fmt = _ACCEPT.get(media)
            if fmt is None or fmt not in offers or q <= 0:
                continue
            rank = (-q, order)
            if best is None or rank < best[0]:
                best = (rank, fmt)
        return best[1] if best else "xml"

    def _authorized(self) -> bool:
        if self.server.user is None:
            return True
        header = self.headers.get("Authorization") or ""
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "basic":
            return False
        try:
            decoded = base64.b64decode(token.strip(), validate=True)
        except (binascii.Error, ValueError):
            return False
        user, _, password = decoded.partition(b":")
        ok_user = hmac.compare_digest(user, self.server.user.encode("utf-8"))
        ok_password = hmac.compare_digest(password, (self.server.password or "").encode("utf-8"))
        return ok_user and ok_password

    def _driver(self, query: dict) -> tuple[str | None, bool]:
        """(driver name, chosen by ?driver=); None after answering 400 for an unknown one."""
        header = (self.headers.get("X-Deltacloud-Driver") or "").strip()
        by_query = False
        asked = header
        if not asked and query.get("driver"):
            asked, by_query = query["driver"][-1].strip(), True
        if not asked:
            return self.server.default, False
        machines = self.server.machines
        if asked in machines:
            return asked, by_query
        folded = {name.lower(): name for name in machines}
        if asked.lower() in folded:
            return folded[asked.lower()], by_query
        self._error(400, f"unknown driver {asked!r}; this server has: {', '.join(machines)}",
                    "json" if self._wants_json(query) else "xml", self.command == "HEAD")
        return None, by_query

    def _wants_json(self, query: dict) -> bool:
        try:
            return self._format(query, ("xml", "json", "gv", "html")) == "json"
        except ValueError:
            return False

    def _base(self) -> str:
        host = (self.headers.get("Host") or "").strip()
        if not _HOST_RE.match(host):
            h, port = self.server.server_address[:2]
            host = f"[{h}]:{port}" if ":" in h else f"{h}:{port}"
        return f"http://{host}"

    def _entry_point(self, driver: str, by_query: bool, fmt: str, head: bool) -> None:
        suffix = f"?driver={quote(driver, safe='')}" if by_query else ""
        base = self._base()
        links = [(f"{base}/api/instance_states{suffix}", "instance_states"), (f"{base}/api/drivers", "drivers")]
        if fmt == "json":
            doc = {"api": {"driver": driver, "version": API_VERSION,
                           "links": [{"href": href, "rel": rel} for href, rel in links]}}
            body = (json.dumps(doc, separators=(",", ":"), ensure_ascii=False) + "\n").encode()
        else:
            lines = [f"<api driver='{xml_attr(driver)}' version='{API_VERSION}'>"]
            for href, rel in links:
                lines += [f"  <link href='{xml_attr(href)}' rel='{rel}'>", "  </link>"]
            lines.append("</api>")
            body = ("\n".join(lines) + "\n").encode()
        self._send(200, body, FORMATS[fmt], head, driver=driver, etag=True)

    def _drivers(self, name: str | None, fmt: str, head: bool) -> None:
        machines = self.server.machines
        if name is not None and name not in machines:
            return self._error(404, f"no driver {name!r}; this server has: {', '.join(machines)}",
                               "json" if fmt == "json" else "xml", head)
        base = self._base()
        names = [name] if name is not None else list(machines)
        rows = [(n, machines[n].title or n, f"{base}/api/drivers/{quote(n, safe='')}") for n in names]
        if fmt == "json":
            items = [{"id": n, "name": title, "href": href} for n, title, href in rows]
            doc = items[0] if name is not None else {"drivers": items}
            body = (json.dumps(doc, separators=(",", ":"), ensure_ascii=False) + "\n").encode()
        elif fmt == "html":
            items = "".join(
                f"<li><a href='/api/instance_states?driver={xml_attr(quote(n, safe=''))}&amp;format=html'>"
                f"{xml_text(n)}</a> — {xml_text(title)}</li>\n" for n, title, _ in rows)
            body = _page("cloudstates: drivers", f"<h1>Drivers</h1>\n<ul>\n{items}</ul>\n").encode()
        else:
            lines = [] if name is not None else ["<drivers>"]
            pad = "" if name is not None else "  "
            for n, title, href in rows:
                lines += [f"{pad}<driver href='{xml_attr(href)}' id='{xml_attr(n)}'>",
                          f"{pad}  <name>{xml_text(title)}</name>", f"{pad}</driver>"]
            if name is None:
                lines.append("</drivers>")
            body = ("\n".join(lines) + "\n").encode()
            fmt = "xml"
        self._send(200, body, FORMATS.get(fmt, FORMATS["xml"]), head, etag=True)

    # -------------------------------------------------------------- answers

    def _error(self, code: int, message: str, fmt: str, head: bool, extra: dict | None = None) -> None:
        if fmt == "json":
            body = json.dumps({"error": {"status": code, "message": message}}, ensure_ascii=False) + "\n"
            ctype = FORMATS["json"]
        else:
            body = (f"<error status='{code}' url='{xml_attr(self.path)}'>\n"
                    f"  <message>{xml_text(message)}</message>\n</error>\n")
            ctype = FORMATS["xml"]
        self._send(code, body.encode(), ctype, head, extra=extra)

    def _send(self, code: int, body: bytes, ctype: str, head: bool, *, driver: str | None = None,
              etag: bool = False, extra: dict | None = None) -> None:
        headers = {"Content-Type": ctype, "Vary": "Accept, X-Deltacloud-Driver", "Cache-Control": "no-cache"}
        if driver is not None:
            headers["X-Deltacloud-Driver"] = driver
            machine = self.server.machines[driver]
            # Deltacloud's wire formats carry no initial or final states; these let a cloudstates
            # client rebuild them (names percent-encoded, finals comma-separated).
            headers["X-Cloudstates-Initial"] = quote(machine.initial, safe="")
            headers["X-Cloudstates-Final"] = ",".join(quote(f, safe="") for f in machine.final)
            provider = (self.headers.get("X-Deltacloud-Provider") or "").strip()
            if provider and _HOST_RE.match(provider.replace("_", "-")):
                headers["X-Deltacloud-Provider"] = provider
        if etag:
            tag = '"' + hashlib.sha256(body + ctype.encode()).hexdigest()[:24] + '"'
            headers["ETag"] = tag
            if code == 200 and _etag_matches(self.headers.get("If-None-Match"), tag):
                code, body = 304, b""
        headers.update(extra or {})
        self.send_response(code)
        for key, value in headers.items():
            self.send_header(key, value)
        if code != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        # Logged before the body goes out: once a client has its answer, the line is written.
        self._log(code, 0 if head or code == 304 else len(body), driver)
        if not head and code != 304:
            self.wfile.write(body)

    # -------------------------------------------------------------- logging

    def log_request(self, code="-", size="-") -> None:
        pass  # _send logs one line per request, with the size and the driver

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (the base class's name)
        self._write(f"{self.address_string()} {_printable(format % args)}")

    def _log(self, code: int, size: int, driver: str | None) -> None:
        took = (time.monotonic() - getattr(self, "_started", time.monotonic())) * 1000
        line = f'{self.address_string()} "{_printable(self.requestline)}" {code} {size}'
        if driver:
            line += f" driver={driver}"
        self._write(f"{line} {took:.1f}ms")

    def _write(self, line: str) -> None:
        stream = self.server.log
        if stream is None:
            return
        stamp = time.strftime("%H:%M:%S")
        with self.server.log_lock:
            try:
                stream.write(f"{stamp} {line}\n")
                stream.flush()
            except (OSError, ValueError):
                pass


def _printable(text: str) -> str:
    return "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in text)[:300]


def _etag_matches(header: str | None, tag: str) -> bool:
    if not header:
        return False
    for item in header.split(","):
        item = item.strip()
        if item == "*" or item.removeprefix("W/") == tag:
            return True
    return False


# ------------------------------------------------------------------ the HTML page

_STYLE = ("body{font-family:system-ui,sans-serif;margin:2em;max-width:60em}"
          "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}"
          ".auto{font-style:italic;color:#666}svg{max-width:100%;height:auto}")


def _page(title: str, body: str) -> str:
    return (f"<!DOCTYPE html>\n<html lang='en'>\n<head><meta charset='utf-8'><title>{xml_text(title)}</title>"
            f"<style>{_STYLE}</style></head>\n<body>\n{body}</body>\n</html>\n")


def html_page(machine: Machine, driver: str) -> str:
    rows = []
    for state in machine.states:
        if not state.transitions:
            rows.append(f"<tr><td>{xml_text(state.name)}</td><td></td><td></td></tr>")
        for i, t in enumerate(state.transitions):
            label = "<span class='auto'>auto</span>" if t.auto else xml_text(t.action)
            name = xml_text(state.name) if i == 0 else ""
            rows.append(f"<tr><td>{name}</td><td>{label}</td><td>{xml_text(t.target)}</td></tr>")
    parts = [f"<h1>{xml_text(machine.title or driver)}</h1>",
             f"<p>Driver <code>{xml_text(driver)}</code>: {len(machine.states)} states, "
             f"{machine.transition_count} transitions; initial <code>{xml_text(machine.initial)}</code>, final "
             + ", ".join(f"<code>{xml_text(f)}</code>" for f in machine.final) + ".</p>"]
    if machine.description:
        parts.append(f"<p>{xml_text(machine.description)}</p>")
    parts.append("<table>\n<tr><th>State</th><th>Action</th><th>Goes to</th></tr>\n" + "\n".join(rows) + "\n</table>")
    svg = _svg(machine)
    if svg:
        parts.append(f"<figure>{svg}</figure>")
    d = xml_attr(quote(driver, safe=""))
    parts.append(f"<p>Also as <a href='?driver={d}&amp;format=xml'>XML</a>, "
                 f"<a href='?driver={d}&amp;format=json'>JSON</a>, <a href='?driver={d}&amp;format=gv'>Graphviz</a>; "
                 f"<a href='/api/drivers?format=html'>all drivers</a>.</p>")
    return _page(f"{machine.title or driver} — instance states", "\n".join(parts) + "\n")


def _svg(machine: Machine) -> str | None:
    """The diagram as inline SVG, when Graphviz's dot is installed."""
    import shutil

    if shutil.which("dot") is None:
        return None
    from cloudstates.errors import CloudstatesError
    from cloudstates.formats import image

    try:
        svg = image.render(machine, "svg").decode("utf-8", "replace")
    except CloudstatesError:
        return None
    start = svg.find("<svg")
    return svg[start:] if start >= 0 else None


# ------------------------------------------------------------------ running

def make_server(machines: dict[str, Machine], host: str = "127.0.0.1", port: int = 3001, **options) -> DefinitionServer:
    return DefinitionServer((host, port), machines, **options)


def run(server: DefinitionServer, *, announce: TextIO | None = None) -> None:
    """Serve until Ctrl-C or SIGTERM, then close the socket and return; ``announce`` gets start and stop lines."""
    import signal

    def terminate(signum, frame):
        raise KeyboardInterrupt

    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, terminate)
    try:
        if announce is not None:
            count = len(server.machines)
            announce.write(f"cloudstates: serving {plural(count, 'definition')} at {server.url} "
                           f"(default driver {server.default}"
                           f"{', HTTP Basic for ' + repr(server.user) if server.user else ''}); Ctrl-C stops\n")
            announce.flush()
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    if announce is not None:
        announce.write("cloudstates: stopped\n")
        announce.flush()
