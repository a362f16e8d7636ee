"""Test servers on 127.0.0.1: a tiny raw-socket HTTP server for broken answers, and the project's
own ``serve`` in a thread.

The raw server answers each path with a handler that writes whatever bytes it likes to the
socket, so tests can send what no well-behaved framework would: hostile XML, endless bodies,
answers that drip or never come, redirect loops, connections closed mid-way.
"""

from __future__ import annotations

import base64
import io
import socket
import threading
import time
from dataclasses import dataclass, field
from typing import Callable

REASONS = {200: "OK", 302: "Found", 304: "Not Modified", 400: "Bad Request", 401: "Unauthorized",
           403: "Forbidden", 404: "Not Found", 500: "Internal Server Error", 502: "Bad Gateway",
           503: "Service Unavailable", 504: "Gateway Timeout"}


def response(status: int, body: bytes | str = b"", content_type: str = "application/xml",
             headers: dict[str, str] | None = None) -> bytes:
    """A complete HTTP/1.1 answer that closes the connection."""
    if isinstance(body, str):
        body = body.encode("utf-8")
    lines = [f"HTTP/1.1 {status} {REASONS.get(status, 'Status')}", f"Content-Type: {content_type}",
             f"Content-Length: {len(body)}", "Connection: close"]
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]

    def basic_auth(self) -> tuple[str, str] | None:
        value = self.headers.get("authorization", "")
        if not value.lower().startswith("basic "):
            return None
        user, _, password = base64.b64decode(value[6:]).decode("utf-8").partition(":")
        return user, password


Handler = Callable[[socket.socket, Request], None]


@dataclass
class RawServer:
    """``routes`` maps a path (without query) to bytes to send, or to a handler(conn, request)."""

    routes: dict[str, bytes | Handler] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)
    sent: dict[str, int] = field(default_factory=dict)  # bytes written per path by streaming handlers

    def __post_init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def hits(self, path: str) -> int:
        return sum(1 for r in self.requests if r.path.split("?")[0] == path)

    def _accept(self) -> None:
        while not self.stopping.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        conn.settimeout(10)
        try:
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = conn.recv(4096)
                if not chunk:
                    return
                data += chunk
                if not data[:1].isalpha():  # a TLS ClientHello, or other garbage: answer as HTTP servers do
                    conn.sendall(response(400, "not HTTP", "text/plain"))
                    return
            head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
            method, target, _ = head[0].split(" ", 2)
            headers = {}
            for line in head[1:]:
                key, _, value = line.partition(":")
                headers[key.strip().lower()] = value.strip()
            request = Request(method, target, headers)
            self.requests.append(request)
            route = self.routes.get(target.split("?")[0])
            if route is None:
                conn.sendall(response(404, "<html><head><title>Not here</title></head></html>", "text/html"))
            elif isinstance(route, bytes):
                conn.sendall(route)
            else:
                route(conn, request)
        except OSError:
            pass
        finally:
            try:
                conn.close()
            except OSError:
                pass

    def close(self) -> None:
        self.stopping.set()
        self.sock.close()


# ------------------------------------------------------------------ handlers for misbehaviour

def delayed(seconds: float, answer: bytes) -> Handler:
    """Answer only after ``seconds`` (past a client's read timeout, if it is short)."""

    def handle(conn, request):
        time.sleep(seconds)
        conn.sendall(answer)

    return handle


def dripping(interval: float, total: float = 30.0) -> Handler:
    """Headers at once, then one byte of body every ``interval`` seconds: each read is quick, the whole is not."""

    def handle(conn, request):
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nContent-Length: 100000\r\n"
                     b"Connection: close\r\n\r\n<states>")
        deadline = time.monotonic() + total
        while time.monotonic() < deadline:
            time.sleep(interval)
            conn.sendall(b" ")

    return handle


def endless(server: RawServer, path: str, *, content_length: int | None = None, limit: int = 64 << 20) -> Handler:
    """A body that goes on (up to ``limit`` bytes), counting what was written into ``server.sent[path]``."""

    def handle(conn, request):
        head = b"HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nConnection: close\r\n"
        if content_length is not None:
            head += f"Content-Length: {content_length}\r\n".encode()
        conn.sendall(head + b"\r\n<states>")
        chunk = b"<state name='x'></state>" * 2730  # ~64 KiB
        server.sent[path] = 0
        while server.sent[path] < limit:
            conn.sendall(chunk)
            server.sent[path] += len(chunk)

    return handle


def counting(answers: list[bytes]) -> Handler:
    """The i-th request gets answers[i] (the last one repeats)."""
    calls = {"n": 0}

    def handle(conn, request):
        i = min(calls["n"], len(answers) - 1)
        calls["n"] += 1
        conn.sendall(answers[i])

    return handle


def hang_up(conn, request) -> None:
    """Close the connection without a word."""


# ------------------------------------------------------------------ the project's own server, in a thread

class LiveServer:
    """``cloudstates serve`` in a thread: ``with LiveServer(machines) as live: live.url``."""

    def __init__(self, machines=None, **options):
        from cloudstates.server import make_server

        if machines is None:
            machines = bundled_machines()
        self.log = io.StringIO()
        self.server = make_server(machines, "127.0.0.1", 0, log=self.log, **options)
        self.url = self.server.url
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)

    def __enter__(self) -> "LiveServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def bundled_machines() -> dict:
    from cloudstates.sources import bundled_dir, load_file

    return {p.stem: load_file(p, provider=p.stem) for p in sorted(bundled_dir().glob("*.yaml"))}


def free_port() -> int:
    """A port nothing listens on (bound, then released): connecting to it is refused."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port
