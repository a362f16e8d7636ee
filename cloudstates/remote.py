"""Instance states from a live Deltacloud-compatible API, over HTTP(S).

``load(url, ...)`` accepts an API root (``http://host:3001/api``, whose ``instance_states``
link is followed) or the collection itself (``…/api/instance_states``) and returns a Machine
whose single Source records where and when it was read (URL without credentials, driver,
provider, Server header, ETag).

Exit codes: everything about the transfer (cannot connect, TLS, timeout, redirect loop,
HTTP error status, authentication) is a RemoteError (4); a response that arrived but is not
Deltacloud's instance states (an HTML page, unsafe or malformed XML, other JSON, a body over
the 5 MiB limit) is a DefinitionError (3), as the same bytes in a file would be.

requests, urllib3 and rich are imported inside the functions that use them, never at import time.
"""

from __future__ import annotations

import datetime as _dt
import html
import json
import os
import re
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

from cloudstates import __version__
from cloudstates.errors import CloudstatesError, DefinitionError, RemoteError, report
from cloudstates.model import Machine, Source, replace

DEFAULT_TIMEOUT = 10.0
MAX_BODY = 5 * 1024 * 1024  # bytes; a larger response is abandoned as soon as it is seen to be larger
MAX_ERROR_BODY = 64 * 1024  # bytes read of an error response, to quote its message
DEADLINE_FACTOR = 3  # a whole load (redirects, retries, the link hop, reading) gives up after this × --timeout
RETRIES = 2  # on connection errors and 502/503/504 (read timeouts are not retried)
BACKOFF = 0.25  # seconds; urllib3 waits 0, then 2 × BACKOFF, …
MAX_REDIRECTS = 10
SPINNER_DELAY = 0.3  # seconds before a spinner appears (only when stderr is a terminal)
PASSWORD_ENV = "CLOUDSTATES_PASSWORD"
WIRE_MEDIA = {"xml": "application/xml", "json": "application/json"}


# ------------------------------------------------------------------ URLs and credentials

def split_credentials(url: str) -> tuple[str, str | None, str | None]:
    """(url without user:password@ or fragment, user, password) — the user and password percent-decoded."""
    parts = urlsplit(url)
    netloc = parts.netloc
    user = password = None
    if "@" in netloc:
        userinfo, netloc = netloc.rsplit("@", 1)
        name, colon, secret = userinfo.partition(":")
        user = unquote(name) or None
        password = unquote(secret) if colon else None
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, "")), user, password


_ARGV_CREDENTIALS: dict[str, tuple[str | None, str | None]] = {}


def take_credentials(args: list[str]) -> list[str]:
    """``args`` with user:password@ removed from every http(s) URL, the credentials kept aside for ``load``.

    main() calls this before any command sees its arguments, so a command that echoes a SOURCE
    (as a label, a column name, a JSON field) can never echo a password.
    """
    out = []
    for arg in args:
        if arg.lower().startswith(("http://", "https://")) and "@" in arg:
            clean, user, password = split_credentials(arg)
            if user is not None or password is not None:
                _ARGV_CREDENTIALS[clean] = (user, password)
                arg = clean
        out.append(arg)
    return out


def redact(url: str) -> str:
    """A URL fit to show: credentials removed."""
    return split_credentials(url)[0]


def host_port(url: str) -> str:
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        port = None
    if port is None:
        port = 443 if parts.scheme.lower() == "https" else 80
    host = parts.hostname or "?"
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme.lower(), host_port(url)


def _one_line(text: str, limit: int = 160) -> str:
    text = re.sub(r"[\x00-\x1f\x7f\s]+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def resolve_credentials(url: str, user: str | None, url_user: str | None,
                        url_password: str | None) -> tuple[str | None, str | None]:
    """(user, password) for HTTP Basic, or (None, None) for none.

    The password comes from the URL's user:password@, else CLOUDSTATES_PASSWORD, else ~/.netrc
    (requests' reader), else a hidden prompt when stdin is a terminal. There is no --password.
    """
    name = user or url_user
    if url_password is not None and (user is None or user == url_user):
        return name, url_password
    from requests.utils import get_netrc_auth

    netrc = get_netrc_auth(url)
    if name is None:
        return (netrc[0], netrc[1]) if netrc else (None, None)
    password = os.environ.get(PASSWORD_ENV)
    if password is not None:
        return name, password
    if netrc and netrc[0] == name:
        return name, netrc[1]
    if sys.stdin is not None and sys.stdin.isatty():
        import getpass

        try:
            return name, getpass.getpass(f"Password for {name} at {host_port(url)}: ")
        except EOFError:
            pass
    raise RemoteError(f"{url}: no password for user {name!r}",
                      hint=f"set {PASSWORD_ENV}, add the host to ~/.netrc, or run at a terminal to be asked")


# ------------------------------------------------------------------ the public entry point

def load(url: str, *, driver: str | None = None, provider: str | None = None, user: str | None = None,
         timeout: float = DEFAULT_TIMEOUT, wire: str = "xml", ca_bundle: Path | str | None = None,
         insecure: bool = False) -> Machine:
    """The instance-states machine served at ``url`` (an API root or its instance_states collection)."""
    shown, url_user, url_password = split_credentials(url)
    if url_user is None and url_password is None:
        url_user, url_password = _ARGV_CREDENTIALS.get(shown, (None, None))
    parts = urlsplit(shown)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise RemoteError(f"{shown}: not an http(s) URL with a host", hint="e.g. http://localhost:3001/api")
    if ca_bundle is not None and not Path(ca_bundle).is_file():
        raise RemoteError(f"--ca-bundle {ca_bundle}: no such file", hint="give a PEM file of CA certificates")
    password = None
    try:
        name, password = resolve_credentials(shown, user, url_user, url_password)
        if insecure:
            report(f"--insecure: the TLS certificate of {host_port(shown)} is not verified; anyone in between can "
                   "read and change the answer", kind="warning")
        client = _Client(shown, auth=(name, password) if name is not None else None, driver=driver,
                         provider=provider, timeout=timeout, wire=wire,
                         verify=False if insecure else (str(ca_bundle) if ca_bundle else True))
        with spinner(f"Reading {shown}"):
            return client.machine()
    except CloudstatesError as error:
        _scrub(error, password)
        raise


def _scrub(error: CloudstatesError, password: str | None) -> None:
    """Last line of defence: the password never leaves in a message, whatever a server echoed."""
    if not password:
        return
    for attr in ("message", "hint"):
        value = getattr(error, attr, None)
        if value and password in value:
            setattr(error, attr, value.replace(password, "***"))
    error.args = (error.message,)


# ------------------------------------------------------------------ the client

class _Client:
    def __init__(self, url: str, *, auth, driver, provider, timeout: float, wire: str, verify):
        import requests
        from requests.adapters import HTTPAdapter
        from urllib3.util.retry import Retry

        self.url = url
        self.auth = auth
        self.driver = driver
        self.provider = provider
        self.timeout = timeout
        self.verify = verify
        self.api_driver: str | None = None
        self.deadline = time.monotonic() + DEADLINE_FACTOR * timeout
        if verify is False:
            import urllib3

            urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
        retry = _bounded_retry_class(Retry)(total=None, connect=RETRIES, read=0, status=RETRIES, other=0, redirect=False,
                      status_forcelist=(502, 503, 504), allowed_methods=frozenset({"GET"}),
                      backoff_factor=BACKOFF, backoff_max=2.0, respect_retry_after_header=False,
                      raise_on_status=False)
        self.session = requests.Session()
        adapter = HTTPAdapter(max_retries=retry)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.session.headers.update({
            "User-Agent": f"cloudstates/{__version__}",
            "Accept": f"{WIRE_MEDIA.get(wire, 'application/xml')}",
            "Accept-Encoding": "identity",  # no decompression bombs
        })
        if driver:
            self.session.headers["X-Deltacloud-Driver"] = driver
        if provider:
            self.session.headers["X-Deltacloud-Provider"] = provider

    def machine(self) -> Machine:
        try:
            return self._machine()
        finally:
            self.session.close()

    def _machine(self) -> Machine:
        url = self.url
        for hop in range(2):
            response, body, final_url = self._get(url)
            kind = _body_kind(response.headers.get("Content-Type", ""), body)
            shown = redact(final_url)
            if kind == "html":
                raise DefinitionError(shown, f"the server sent an HTML page{_title_part(body)}, not instance states",
                                      hint="give the Deltacloud API's URL, e.g. http://host:3001/api")
            if kind is None:
                ctype = _one_line(response.headers.get("Content-Type", ""), 60) or "an unlabelled body"
                raise DefinitionError(shown, f"the server sent {ctype}, neither XML nor JSON",
                                      hint="give the Deltacloud API's URL, e.g. http://host:3001/api")
            doc = _decode(body, kind, shown)
            link, api_driver = _api_link(doc, kind, shown)
            if link is None:
                return self._build(response, doc, kind, shown)
            if hop:
                raise DefinitionError(shown, "the instance_states link leads to another API entry point")
            url = _same_server(urljoin(final_url, link), final_url)
            self.api_driver = api_driver
        raise AssertionError("unreachable")

    def _build(self, response, doc, kind: str, shown: str) -> Machine:
        from cloudstates.formats import dcjson, dcxml

        headers = response.headers
        query_driver = _query_value(shown, "driver")
        driver = _header(headers, "X-Deltacloud-Driver") or self.api_driver or self.driver \
            or query_driver
        if kind == "xml":
            machine = dcxml.from_root(doc, shown, driver or "remote")
        else:
            machine = dcjson.from_doc(doc, shown, driver or "remote")
        read = _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
        source = Source(url=shown, read=read, driver=driver,
                        provider=_header(headers, "X-Deltacloud-Provider") or self.provider,
                        server=_header(headers, "Server"), etag=_header(headers, "ETag"))
        extra = {"sources": (source,)}
        initial = _header(headers, "X-Cloudstates-Initial")
        if initial is not None:  # sent by cloudstates serve: the wire formats carry no initial/final states
            extra["initial"] = unquote(initial)
        final = headers.get("X-Cloudstates-Final")
        if final is not None:
            extra["final"] = tuple(unquote(f) for f in final.split(",") if f.strip())
        return replace(machine, **extra)

    # -------------------------------------------------------------- one GET

    def _get(self, url: str):
        """(response, body, final URL) for a 2xx answer; RemoteError for anything else.

        Redirects are followed here, not by requests, whose redirect handling reads each
        redirect's whole body into memory; here it is closed unread. Credentials go only to
        the scheme, host and port the user named.
        """
        first = url
        for _ in range(MAX_REDIRECTS + 1):
            response = self._request(url)
            if not response.is_redirect:
                break
            location = urljoin(url, response.headers.get("Location", ""))
            response.close()
            if urlsplit(location).scheme.lower() not in ("http", "https"):
                raise RemoteError(f"{redact(url)}: redirected to a URL that is not http(s): "
                                  f"{_one_line(redact(location), 80)}")
            url = location
        else:
            response.close()
            raise RemoteError(f"{redact(first)}: more than {MAX_REDIRECTS} redirects (a redirect loop?)",
                              hint="give the final URL of the API")
        with response:
            final = redact(url)
            if not 200 <= response.status_code < 300:
                body = self._read(response, final, MAX_ERROR_BODY, strict=False)
                raise self._status_error(response, body, final)
            body = self._read(response, final, MAX_BODY, strict=True)
        return response, body, url

    def _request(self, url: str):
        """One GET (urllib3 retrying connection errors and 502/503/504), its body not yet read."""
        import requests

        shown = redact(url)
        where = host_port(url)
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise RemoteError(f"{shown}: timed out after {self._total()} s in all", hint="raise --timeout")
        per_read = min(self.timeout, max(remaining, 0.05))
        auth = self.auth if _origin(url) == _origin(self.url) else None
        try:
            return self.session.get(url, auth=auth, timeout=(per_read, per_read), stream=True, verify=self.verify,
                                    allow_redirects=False)
        except requests.exceptions.SSLError as exc:
            raise RemoteError(f"{shown}: TLS failed with {where}: {_tls_reason(exc)}",
                              hint="--ca-bundle PATH for a private CA; --insecure skips verification") from None
        except requests.exceptions.ConnectTimeout:
            raise RemoteError(f"{shown}: cannot connect to {where}: timed out after {_secs(self.timeout)} s",
                              hint="check the host and port, or raise --timeout") from None
        except requests.exceptions.ReadTimeout:
            raise self._read_timeout(shown, where) from None
        except requests.exceptions.ConnectionError as exc:
            from urllib3.exceptions import ReadTimeoutError

            reason = getattr(exc.args[0] if exc.args else None, "reason", None)
            if isinstance(reason, ReadTimeoutError):  # read=0 in Retry: urllib3 wraps it in MaxRetryError
                raise self._read_timeout(shown, where) from None
            raise RemoteError(f"{shown}: {_connection_reason(exc, where)}",
                              hint="check the URL, and that the server is running") from None
        except (requests.exceptions.InvalidURL, requests.exceptions.InvalidSchema,
                requests.exceptions.MissingSchema, ValueError) as exc:
            raise RemoteError(f"{shown}: not a usable URL ({_one_line(str(exc), 80)})") from None
        except requests.exceptions.RequestException as exc:
            raise RemoteError(f"{shown}: request failed ({type(exc).__name__})") from None

    def _read_timeout(self, shown: str, where: str) -> RemoteError:
        return RemoteError(f"{shown}: timed out after {_secs(self.timeout)} s waiting for {where} to answer",
                           hint="raise --timeout if the server is just slow")

    def _read(self, response, shown: str, limit: int, *, strict: bool) -> bytes:
        """The body, streamed; past ``limit`` bytes a DefinitionError (strict) or the first ``limit`` bytes."""
        length = response.headers.get("Content-Length", "")
        if strict and length.strip().isdigit() and int(length) > limit:
            raise DefinitionError(shown, f"the response is {int(length):,} bytes, more than the "
                                         f"{limit // (1024 * 1024)} MiB limit; not instance states")
        from urllib3.exceptions import HTTPError as Urllib3Error
        from urllib3.exceptions import ReadTimeoutError

        chunks, size = [], 0
        try:
            while True:
                # read1: whatever has arrived (up to 64 KiB), so a body that drips byte by byte still
                # meets the deadline check below instead of blocking until 64 KiB have come.
                chunk = response.raw.read1(64 * 1024)
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
                if size > limit:
                    if strict:
                        raise DefinitionError(shown, f"the response is larger than the {limit // (1024 * 1024)} "
                                                     "MiB limit; abandoned it unread")
                    break
                if time.monotonic() > self.deadline:
                    if not strict:
                        break
                    raise RemoteError(f"{shown}: timed out after {self._total()} s in all while reading the answer",
                                      hint="raise --timeout if the server is just slow")
        except (Urllib3Error, OSError) as exc:
            if not strict:
                return b"".join(chunks)
            if isinstance(exc, (ReadTimeoutError, TimeoutError)):
                raise RemoteError(f"{shown}: timed out after {_secs(self.timeout)} s in the middle of the answer",
                                  hint="raise --timeout if the server is just slow") from None
            raise RemoteError(f"{shown}: the connection broke in the middle of the answer",
                              hint="try again; check the server") from None
        return b"".join(chunks)[:limit]

    def _status_error(self, response, body: bytes, shown: str) -> RemoteError:
        code = response.status_code
        user = self.auth[0] if self.auth and _origin(shown) == _origin(self.url) else None
        if code == 401:
            if user is None:
                return RemoteError(f"{shown}: the server asks for authentication (HTTP 401)",
                                   hint=f"give --user USER (or set CLOUDSTATES_USER); the password comes from "
                                        f"{PASSWORD_ENV}, ~/.netrc or a prompt")
            return RemoteError(f"{shown}: authentication failed for user {user!r} (HTTP 401)",
                               hint=f"check --user and the password ({PASSWORD_ENV}, ~/.netrc)")
        if code == 403:
            who = f"user {user!r}" if user else "anonymous requests"
            return RemoteError(f"{shown}: access denied for {who} (HTTP 403)",
                               hint="check --user, --driver and --provider")
        if code == 404:
            return RemoteError(f"{shown}: no instance_states collection there (HTTP 404)",
                               hint="check the URL (an API root such as http://host:3001/api, or …/api/instance_states)"
                                    ", or the driver has none")
        reason = _one_line(response.reason or "", 40)
        message = _short_message(body, response.headers.get("Content-Type", ""))
        text = f"{shown}: HTTP {code}" + (f" {reason}" if reason else "") + (f": {message}" if message else "")
        hint = "the server failed; try again later or ask its operator" if code >= 500 else None
        return RemoteError(text, hint=hint)

    def _total(self) -> str:
        return _secs(DEADLINE_FACTOR * self.timeout)


# ------------------------------------------------------------------ helpers

def _bounded_retry_class(retry_class):
    """urllib3's Retry, except that an answer is retried only when its body is small and of known length.

    Before retrying, urllib3 drains the failed answer's body into memory; a 503 with an endless body
    would never end. Such an answer is given up on at once (and its first bytes quoted in the error).
    """
    from urllib3.exceptions import MaxRetryError, ResponseError

    class BoundedRetry(retry_class):
        def increment(self, method=None, url=None, response=None, error=None, _pool=None, _stacktrace=None):
            if response is not None and error is None:
                length = (response.headers.get("Content-Length") or "").strip()
                if not (length.isdigit() and int(length) <= MAX_ERROR_BODY):
                    raise MaxRetryError(_pool, url, ResponseError("not retried: body of unknown or large size"))
            return super().increment(method, url, response, error, _pool, _stacktrace)

    return BoundedRetry


def _secs(value: float) -> str:
    return f"{value:g}"


def _header(headers, name: str) -> str | None:
    value = headers.get(name)
    return _one_line(value, 200) or None if value else None


def _query_value(url: str, key: str) -> str | None:
    from urllib.parse import parse_qs

    values = parse_qs(urlsplit(url).query).get(key)
    return values[0] if values else None


def _same_server(link: str, base: str) -> str:
    """The link's path and query on the server we actually talked to.

    Deltacloud builds its links from the Host header it saw, which behind a proxy names a host
    the client cannot reach (http://localhost:3001/…); and credentials must not follow a link
    to some other host.
    """
    l_parts, b_parts = urlsplit(link), urlsplit(base)
    return urlunsplit((b_parts.scheme, b_parts.netloc, l_parts.path, l_parts.query, ""))


def _body_kind(content_type: str, body: bytes) -> str | None:
    media = content_type.split(";", 1)[0].strip().lower()
    head = body[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if "html" in media or head.startswith((b"<!doctype html", b"<html")):
        return "html"
    if media.endswith(("/xml", "+xml")):
        return "xml"
    if media.endswith(("/json", "+json")):
        return "json"
    if media in ("", "text/plain", "application/octet-stream"):
        if head.startswith(b"<"):
            return "xml"
        if head.startswith((b"[", b"{")):
            return "json"
    return None


def _decode(body: bytes, kind: str, shown: str):
    """The body parsed once: an XML element (through defusedxml) or a JSON document."""
    if kind == "xml":
        from cloudstates.formats.dcxml import parse_xml

        return parse_xml(body, shown)
    try:
        return json.loads(body)
    except (UnicodeDecodeError, ValueError, RecursionError):
        from cloudstates.formats import dcjson

        dcjson.parse(body, shown)  # says what is wrong, as for a file
        raise


def _api_link(doc, kind: str, shown: str) -> tuple[str | None, str | None]:
    """(href of the instance_states link, driver) when the document is an API entry point, else (None, None)."""
    if kind == "xml":
        root = doc
        if root.tag != "api":
            return None, None
        for link in root.iter("link"):
            if link.get("rel") == "instance_states" and link.get("href"):
                return link.get("href"), root.get("driver")
        raise RemoteError(f"{shown}: no instance_states collection there (the API lists no such link)",
                          hint="the driver has none, or pick another with --driver")
    api = doc.get("api") if isinstance(doc, dict) else None
    if not isinstance(api, dict):
        return None, None
    links = api.get("links") if isinstance(api.get("links"), list) else []
    for link in links:
        if isinstance(link, dict) and link.get("rel") == "instance_states" and isinstance(link.get("href"), str):
            driver = api.get("driver")
            return link["href"], driver if isinstance(driver, str) else None
    raise RemoteError(f"{shown}: no instance_states collection there (the API lists no such link)",
                      hint="the driver has none, or pick another with --driver")


def _title_part(body: bytes) -> str:
    text = body[:MAX_ERROR_BODY].decode("utf-8", "replace")
    found = re.search(r"<title[^>]*>(.*?)</title>", text, re.I | re.S) or re.search(r"<h1[^>]*>(.*?)</h1>", text,
                                                                                     re.I | re.S)
    if not found:
        return ""
    title = _one_line(html.unescape(re.sub(r"<[^>]+>", "", found.group(1))), 80)
    return f" titled {title!r}" if title else ""


def _short_message(body: bytes, content_type: str) -> str:
    """The server's own short explanation of an error, from HTML, Deltacloud's XML, JSON or text."""
    text = body[:MAX_ERROR_BODY].decode("utf-8", "replace")
    kind = _body_kind(content_type, body)
    if kind == "html":
        return _title_part(body)[len(" titled "):].strip("'\"")
    if kind == "xml":
        found = re.search(r"<message>\s*(?:<!\[CDATA\[)?(.*?)(?:\]\]>)?\s*</message>", text, re.S)
        return _one_line(html.unescape(found.group(1)), 300) if found else ""
    if kind == "json":
        try:
            doc = json.loads(text)
        except (ValueError, RecursionError):
            doc = None
        if isinstance(doc, dict):
            err = doc.get("error", doc)
            if isinstance(err, dict):
                err = err.get("message")
            if isinstance(err, str):
                return _one_line(err, 300)
        return ""
    for line in text.splitlines():
        if line.strip():
            return _one_line(line)
    return ""


def _chain(exc: BaseException) -> str:
    seen, parts = set(), []
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        parts.append(f"{type(exc).__name__} {exc}")
        parts.extend(str(a) for a in getattr(exc, "args", ()) if isinstance(a, BaseException))
        exc = exc.__cause__ or exc.__context__ or (exc.args[0] if exc.args and isinstance(exc.args[0], BaseException)
                                                   else None)
    return " ".join(parts)


def _connection_reason(exc: BaseException, where: str) -> str:
    detail = _chain(exc)
    lower = detail.lower()
    if "proxyerror" in lower or "unable to connect to proxy" in lower:
        return f"cannot connect to {where} through the proxy (HTTP(S)_PROXY)"
    if any(s in lower for s in ("name or service not known", "nodename nor servname", "getaddrinfo failed",
                                "temporary failure in name resolution", "no address associated",
                                "name resolution")):
        return f"cannot resolve the host name of {where}"
    if "refused" in lower:
        return f"cannot connect to {where}: connection refused"
    if "timed out" in lower or "timeout" in lower:
        return f"cannot connect to {where}: timed out"
    if "remotedisconnected" in lower or "aborted" in lower or "reset" in lower:
        return f"{where} closed the connection without a complete answer"
    if "unreachable" in lower:
        return f"cannot connect to {where}: network unreachable"
    return f"cannot connect to {where}"


def _tls_reason(exc: BaseException) -> str:
    lower = _chain(exc).lower()
    if "certificate_verify_failed" in lower or "certificate verify failed" in lower:
        if "self-signed" in lower or "self signed" in lower:
            return "certificate verify failed (self-signed certificate)"
        if "hostname mismatch" in lower or "doesn't match" in lower:
            return "certificate verify failed (the certificate names another host)"
        if "expired" in lower:
            return "certificate verify failed (expired)"
        return "certificate verify failed"
    if "wrong_version_number" in lower or "wrong version number" in lower or "record layer failure" in lower:
        return "the server does not speak TLS there (try http://)"
    return "handshake failed"


# ------------------------------------------------------------------ the spinner

@contextmanager
def spinner(text: str):
    """A spinner on stderr, only when stderr is a terminal and only once the wait passes SPINNER_DELAY."""
    stream = sys.stderr
    if stream is None or not stream.isatty():
        yield
        return
    import threading

    from cloudstates.render.console import stderr_console

    console = stderr_console()
    lock = threading.Lock()
    state: dict = {"done": False, "status": None}

    def start() -> None:
        with lock:
            if state["done"]:
                return
            status = console.status(text, spinner="dots")
            status.start()
            state["status"] = status

    timer = threading.Timer(SPINNER_DELAY, start)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        with lock:
            state["done"] = True
            if state["status"] is not None:
                state["status"].stop()
