"""The hostile corpus (tests/hostile/): every file through the real command line in a subprocess with
limited memory and CPU time. Each case: the expected exit code and message, one line on stderr and no
traceback, no file read outside the input (a sentinel's content never appears), nothing executed."""

import os
import resource
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

HOSTILE = Path(__file__).resolve().parent / "hostile"
SENTINEL = "SECRET-SENTINEL-7f3a9c"
MEMORY = 1024 * 1024 * 1024  # address space, bytes
CPU_SECONDS = 20
WALL_SECONDS = 30

# file -> (exit code, fragment of stderr on failure or of stdout on success)
CASES = {
    "yaml-tag-python-object.yaml": (3, "YAML tag not allowed: tag:yaml.org,2002:python/object/apply:os.system"),
    "yaml-alias-bomb.yaml": (3, ":4: YAML anchors and aliases (&name, *name) are not allowed in definition files"),
    "yaml-merge-bomb.yaml": (3, ":5: YAML merge keys (<<) are not allowed in definition files"),
    "yaml-recursive-alias.yaml": (3, "YAML anchors and aliases"),
    "yaml-deep-nesting.yaml": (3, "malformed YAML: exceeded maximum nesting depth"),
    "yaml-deep-mapping.yaml": (3, "malformed YAML: exceeded maximum nesting depth"),
    "yaml-huge-number.yaml": (3, "a number with more digits than Python reads (4300)"),
    "yaml-duplicate-keys.yaml": (3, ":6: duplicate key 'start' (first defined on line 4)"),
    "yaml-non-utf8.yaml": (3, "not UTF-8 text (byte 0xe9 at offset 90) (save the file as UTF-8)"),
    "yaml-bom-crlf.yaml": (0, '[{"name":"start","transitions":[{"to":"finish","action":"destroy"}]},'),
    "yaml-multi-document.yaml": (3, ":4: malformed YAML: but found another document"),
    "yaml-non-text-key.yaml": (3, ":4: a mapping key must be a plain name"),
    "yaml-control-names.yaml": (0, '"name":"\\u001b]0;pwned\\u0007"'),
    "yaml-surrogate-escape.yaml": (3, "malformed YAML: found invalid Unicode character escape code"),
    "xml-xxe-local-file.xml": (3, "refused unsafe XML: a DTD (<!DOCTYPE …>) is not allowed"),
    "xml-parameter-entity.xml": (3, "refused unsafe XML: a DTD (<!DOCTYPE …>) is not allowed"),
    "xml-billion-laughs.xml": (3, "refused unsafe XML: a DTD (<!DOCTYPE …>) is not allowed"),
    "xml-deep-nesting.xml": (3, "state 'x' may only hold <transition to='…'>, found <a>"),
    "xml-not-well-formed.xml": (3, "not well-formed XML: no element found: line 3, column 0"),
    "xml-unknown-encoding.xml": (3, "cannot read the XML's declared encoding: unknown encoding: TF-8 (save it as UTF-8)"),
    "xml-multibyte-encoding.xml": (3, "cannot read the XML's declared encoding: multi-byte encodings are not supported"),
    "xml-wrong-root.xml": (3, "expected Deltacloud's <states> document, found <api>"),
    "scxml-xxe.scxml": (3, "refused unsafe XML: a DTD (<!DOCTYPE …>) is not allowed"),
    "scxml-xinclude.scxml": (0, '[{"name":"start","transitions":[{"to":"done","action":"go"}]},'),
    "scxml-script.scxml": (0, '[{"name":"start","transitions":[{"to":"done","action":"go"}]},'),
    "scxml-parallel.scxml": (3, "<parallel> states are not supported"),
    "scxml-injected-ids.scxml": (0, '[{"name":"<script>","transitions":[{"to":"\\"q","action":"\\u001bx"}]}'),
    "json-wrong-shape.json": (3, "expected Deltacloud's instance states: a JSON list of states"),
    "json-huge-number.json": (3, "not valid JSON: a number with more digits than Python reads (4300)"),
    "json-huge-float.json": (3, "state #1 must be an object with a text 'name'"),
    "json-deep-nesting.json": (3, "not valid JSON: nested too deeply"),
    "json-empty-name.json": (3, "a state name is empty"),
    "json-lone-surrogate.json": (3, "the state name 'a\\ud800' is not valid Unicode (a lone surrogate)"),
    "json-transitions-not-list.json": (3, "'transitions' of state 'start' must be a list"),
    "json-duplicate-state.json": (3, "state 'start' is listed twice"),
    "json-control-names.json": (0, '"name":"\\u001b[2Jstart\\u0000"'),
}


def _limits():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))


def run(args, cwd):
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLOUDSTATES_")}
    env.update(CLOUDSTATES_NO_CACHE="1", NO_COLOR="1", COLUMNS="100")
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "cloudstates", *args], cwd=cwd, env=env, capture_output=True,
                          timeout=WALL_SECONDS, preexec_fn=_limits, stdin=subprocess.DEVNULL)
    return done.returncode, done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace"), \
        time.monotonic() - started


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(HOSTILE, folder)
    (folder / "sentinel.txt").write_text(SENTINEL + "\n")
    return folder


def check(code, out, err, expected_code, fragment, folder):
    assert "Traceback" not in err and "Traceback" not in out
    assert SENTINEL not in out and SENTINEL not in err  # no file read outside the input
    assert not (folder / "hostile-marker").exists()  # nothing executed
    assert code == expected_code, err
    if code:
        assert fragment in err, err
        assert err.startswith("cloudstates: error: ") and err.count("\n") == 1, err  # one line
        assert out == ""
    else:
        assert fragment in out


def test_every_corpus_file_has_a_case_and_a_comment():
    files = sorted(p.name for p in HOSTILE.iterdir() if p.name != "README.md")
    assert files == sorted([*CASES, "xml-external-dtd.xml"])
    readme = (HOSTILE / "README.md").read_text()
    for name in files:
        head = (HOSTILE / name).read_bytes()[:200]
        if name.endswith(".json"):
            assert f"`{name}`" in readme, name  # JSON has no comments: the README says what it attacks
        else:
            assert b"Attacks:" in head or b"# " in head, name


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_input(name, corpus):
    expected_code, fragment = CASES[name]
    code, out, err, seconds = run(["show", name, "-f", "json"], corpus)
    check(code, out, err, expected_code, fragment, corpus)
    assert seconds < WALL_SECONDS


def test_external_dtd_is_never_fetched(corpus):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    listener.setblocking(False)
    port = listener.getsockname()[1]
    path = corpus / "xml-external-dtd.xml"
    path.write_text(path.read_text().replace("PORT", str(port)))
    try:
        code, out, err, _ = run(["show", path.name, "-f", "json"], corpus)
        check(code, out, err, 3, "refused unsafe XML: a DTD (<!DOCTYPE …>) is not allowed", corpus)
        with pytest.raises(BlockingIOError):
            listener.accept()  # nobody connected
    finally:
        listener.close()


@pytest.mark.parametrize("name", ["yaml-control-names.yaml", "json-control-names.json", "scxml-injected-ids.scxml"])
def test_names_with_control_characters_in_every_view(name, corpus):
    for args in (["show", name], ["show", name, "--view", "tree"], ["validate", name]):
        code, out, err, _ = run(args, corpus)
        assert code in (0, 1) and "Traceback" not in err, err
        assert not any(c in out for c in "\x1b\x00\x07\u202e"), (args, out)
    for fmt in ("yaml", "scxml", "dot", "mermaid", "json"):
        code, out, err, _ = run(["show", name, "-f", fmt], corpus)
        assert code == 0 and "Traceback" not in err, (fmt, err)
    code, out, err, _ = run(["show", name, "-f", "xml"], corpus)
    check(code, out, err, 2, "contains a character XML cannot carry (U+001B)", corpus)


def test_a_file_over_the_size_limit_is_not_read(tmp_path):
    path = tmp_path / "huge.yaml"
    with open(path, "wb") as handle:
        handle.write(b"provider: huge\nnotes: ")
        handle.write(b"x" * (5 * 1024 * 1024))
    code, out, err, _ = run(["show", str(path)], tmp_path)
    check(code, out, err, 3, "larger than 5 MiB; not a definition", tmp_path)


def test_a_huge_scalar_within_the_limit_loads_in_bounded_time(tmp_path):
    path = tmp_path / "big.yaml"
    name = "s" * (4 * 1024 * 1024)
    path.write_text(f"provider: big\nstates:\n  start: {{note: {name}}}\n")
    code, out, err, seconds = run(["show", str(path), "-f", "yaml"], tmp_path)
    check(code, out, err, 0, "  start:\n    note: sss", tmp_path)
    assert seconds < 15


# ------------------------------------------------------------------ writing files (-o)

def test_output_is_not_clobbered_without_force_and_replaced_with_it(cli, tmp_path):
    target = tmp_path / "out.yaml"
    target.write_text("precious\n")
    target.chmod(0o640)
    r = cli("show", "rhevm", "-o", str(target))
    assert r.code == 2 and f"{target}: already exists (add --force to replace it)" in r.err
    assert target.read_text() == "precious\n"
    r = cli("show", "rhevm", "-o", str(target), "--force")
    assert r.code == 0 and target.read_text().startswith("provider: rhevm\n")
    assert target.stat().st_mode & 0o777 == 0o640  # the replaced file keeps its permissions
    assert [p.name for p in tmp_path.iterdir()] == ["out.yaml"]  # no temporary file left


def _full_disk(limit):
    def limits():
        import signal

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write fails with EFBIG instead of killing us
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return limits


def test_a_failed_write_keeps_the_original_and_leaves_no_temporary_file(tmp_path):
    """A full disk, simulated with a file-size limit: the temporary file cannot be completed."""
    target = tmp_path / "gce.yaml"
    target.write_text("original\n")
    done = subprocess.run([sys.executable, "-m", "cloudstates", "show", "gce", "-o", str(target), "--force"],
                          capture_output=True, text=True, timeout=WALL_SECONDS, preexec_fn=_full_disk(2000),
                          env={**os.environ, "CLOUDSTATES_NO_CACHE": "1"})
    assert done.returncode == 2, done.stderr
    assert done.stderr == f"cloudstates: error: {target}: cannot write: File too large\n"
    assert target.read_text() == "original\n"
    assert [p.name for p in tmp_path.iterdir()] == ["gce.yaml"]


def test_writing_into_a_full_device_reports_it_and_never_replaces_the_device(cli, tmp_path):
    device = tmp_path / "full"
    try:
        os.mknod(device, 0o666 | __import__("stat").S_IFCHR, os.stat("/dev/full").st_rdev)
    except (OSError, AttributeError):
        pytest.skip("cannot make a device node here (needs root)")
    r = cli("show", "rhevm", "-f", "yaml", "-o", str(device), "--force")
    assert r.code == 2 and f"{device}: cannot write: No space left on device" in r.err
    assert __import__("stat").S_ISCHR(os.stat(device).st_mode)  # still the device, not a regular file


def test_writing_into_a_fifo_writes_through_it(cli, tmp_path):
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text()))
    reader.start()
    r = cli("show", "rhevm", "-f", "json", "-o", str(fifo))  # no --force needed: nothing is clobbered
    reader.join(10)
    assert r.code == 0 and got and got[0].startswith('[{"name":"start"')
    assert __import__("stat").S_ISFIFO(os.stat(fifo).st_mode)


def test_output_into_a_missing_or_impossible_folder(cli, tmp_path):
    (tmp_path / "file").write_text("x")
    r = cli("show", "rhevm", "-f", "yaml", "-o", str(tmp_path / "file" / "out.yaml"))
    assert r.code == 2 and "cannot write: Not a directory" in r.err
    r = cli("show", "rhevm", "-f", "yaml", "-o", str(tmp_path / "nope" / "out.yaml"))
    assert r.code == 2 and "cannot write: No such file or directory" in r.err
    r = cli("show", "rhevm", "-f", "yaml", "-o", str(tmp_path))
    assert r.code == 2 and ("already exists" in r.err or "is a folder" in r.err)
