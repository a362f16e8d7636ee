"""Definition files: strict loading, one-line errors with file:line and a hint."""

import pytest

from cloudstates.errors import DefinitionError
from cloudstates.formats.definition import emit
from cloudstates.sources import load_file, resolve

GOOD = """\
provider: tiny
states:
  start:
    transitions:
      - {to: running, action: create}
  running:
    transitions:
      - {to: finish, action: destroy}
  finish: {}
"""


def write(tmp_path, text, name="tiny.yaml"):
    path = tmp_path / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


def error_for(tmp_path, text, name="tiny.yaml"):
    with pytest.raises(DefinitionError) as info:
        load_file(write(tmp_path, text, name))
    return str(info.value)


def test_good_file_loads_with_defaults(tmp_path):
    machine = load_file(write(tmp_path, GOOD))
    assert machine.provider == "tiny"
    assert machine.initial == "start" and machine.final == ("finish",)
    assert [(t.source, t.target, t.action) for t in machine.transitions] == [
        ("start", "running", "create"), ("running", "finish", "destroy")]


def test_duplicate_state_is_an_error_with_both_lines(tmp_path):
    text = GOOD + "  running:\n    transitions: []\n"
    message = error_for(tmp_path, text)
    assert message.endswith("tiny.yaml:10: duplicate key 'running' (first defined on line 6) "
                            "(each key may appear once; merge the two entries)")


def test_unknown_field_suggests_the_close_one(tmp_path):
    message = error_for(tmp_path, GOOD.replace("  finish: {}", "  finish: {transitons: []}"))
    assert "tiny.yaml:9: unknown field 'transitons' in state 'finish' (did you mean 'transitions'?)" in message


def test_unknown_top_level_field(tmp_path):
    message = error_for(tmp_path, "colour: red\n" + GOOD)
    assert "tiny.yaml:1: unknown field 'colour' in the definition" in message


def test_wrong_type_names_the_line_and_the_quoting_hint(tmp_path):
    message = error_for(tmp_path, GOOD.replace("to: finish", "to: off"))
    assert "tiny.yaml:8: 'to' in a transition of state 'running' must be text, not the boolean false" in message
    assert "quote names" in message


def test_transition_needs_exactly_one_of_action_or_auto(tmp_path):
    message = error_for(tmp_path, GOOD.replace("{to: finish, action: destroy}", "{to: finish}"))
    assert "tiny.yaml:8: a transition of state 'running' needs exactly one of 'action' or 'auto: true'" in message
    message = error_for(tmp_path, GOOD.replace("action: destroy", "action: destroy, auto: true"))
    assert "needs exactly one of" in message


def test_auto_must_be_true(tmp_path):
    assert "'auto' in a transition of state 'running' must be true" in error_for(
        tmp_path, GOOD.replace("action: destroy", "auto: false"))


def test_malformed_yaml_gives_line(tmp_path):
    message = error_for(tmp_path, GOOD.replace("  finish: {}", "  finish: {"))
    assert message.startswith(f"{tmp_path / 'tiny.yaml'}:") and "malformed YAML" in message


def test_object_constructing_tags_are_refused(tmp_path):
    message = error_for(tmp_path, "provider: !!python/object/apply:os.system ['echo hi']\nstates: {a: {}}\n")
    assert "YAML tag not allowed" in message and "python/object/apply:os.system" in message


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(DefinitionError, match="no such file"):
        load_file(tmp_path / "nope.yaml")
    (tmp_path / "dir.yaml").mkdir()
    with pytest.raises(DefinitionError, match="is a folder"):
        load_file(tmp_path / "dir.yaml")


def test_empty_and_non_utf8_files(tmp_path):
    assert "the file is empty" in error_for(tmp_path, "")
    assert "not UTF-8 text (byte 0xff at offset 10)" in error_for(tmp_path, b"provider: \xff\nstates: {}\n")


def test_bom_and_crlf_are_fine(tmp_path):
    machine = load_file(write(tmp_path, b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode()))
    assert machine.state_names == ("start", "running", "finish")


def test_unknown_extension(tmp_path):
    path = write(tmp_path, GOOD, "tiny.txt")
    with pytest.raises(DefinitionError, match="cannot tell the format of a '.txt' file"):
        resolve(str(path))


def test_legacy_names_load_as_written():
    machine = resolve("deltacloud-docs")
    assert "shutting_down" in machine.state_names


def test_unknown_provider_suggests_close_names():
    with pytest.raises(DefinitionError) as info:
        resolve("rhevn")
    assert info.value.exit_code == 3
    assert str(info.value) == "rhevn: no such provider, file or URL (did you mean rhevm?)"


def test_cache_is_never_stale(tmp_path, monkeypatch):
    monkeypatch.setenv("CLOUDSTATES_CACHE_DIR", str(tmp_path / "cache"))
    path = write(tmp_path, GOOD)
    assert load_file(path).state_names == ("start", "running", "finish")
    assert len(list((tmp_path / "cache").glob("*.json"))) == 1
    # Same size, same modification time: only the content differs.
    stat = path.stat()
    path.write_text(GOOD.replace("running", "runnin2"))
    import os

    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert load_file(path).state_names == ("start", "runnin2", "finish")
    # An invalid edit is reported, not masked by the earlier good cache entry.
    path.write_text(GOOD.replace("  finish: {}", "  finish: {bad: 1}"))
    with pytest.raises(DefinitionError, match="unknown field 'bad'"):
        load_file(path)


def test_emit_then_load_is_identity_for_every_bundled_machine(tmp_path):
    from cloudstates.sources import catalog

    for name in catalog():
        machine = resolve(name)
        path = write(tmp_path, emit(machine), f"{name}.yaml")
        assert load_file(path) == machine


def test_emit_quotes_what_yaml_would_misread(tmp_path):
    from cloudstates.model import Machine, State, Transition

    odd = ["off", "yes", "null", "123", "1e3", "-x", "a: b", "#x", "x #y", "  pad", "tab\there", 'q"uote',
           "new\nline", "a\u2028b", "emoji \U0001F600", "back\\slash", "2026-12-03", "~", "*alias", "&anchor",
           "!tag", "%", "@", "`", "[x]", "{x}", "x,y", "é"]
    states = tuple(State(n, (Transition(n, odd[(i + 1) % len(odd)], n),), note=n) for i, n in enumerate(odd))
    machine = Machine(provider="odd: one", states=states, initial="off", final=("~",), title="a: b",
                      description="multi\nline\n", notes="x\n  indented\n\n")
    path = write(tmp_path, emit(machine), "odd.yaml")
    assert load_file(path) == machine
    for text in ("a\nb", "a\nb\n", "a\nb\n\n", "a\n\nb\n", " lead\nx", "tail \nx", "\nx"):
        one = Machine(provider="t", states=(State("s"),), initial="s", final=("s",), description=text)
        assert load_file(write(tmp_path, emit(one), "t.yaml")).description == text, repr(text)
