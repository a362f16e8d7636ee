"""Shared fixtures: an isolated environment and an in-process runner for the real entry point."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(autouse=True)
def isolated_env(monkeypatch, tmp_path_factory):
    """No user settings leak in; the definition cache lives in a fresh folder per test session."""
    for name in ("CLOUDSTATES_PATH", "CLOUDSTATES_URL", "CLOUDSTATES_USER", "CLOUDSTATES_PASSWORD",
                 "CLOUDSTATES_NO_CACHE", "NO_COLOR", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CLOUDSTATES_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))
    monkeypatch.setenv("COLUMNS", "100")
    # Requests to 127.0.0.1 go straight there, and no ~/.netrc of the person running the tests is read.
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("HOME", "/nonexistent-home-for-netrc")
    monkeypatch.delenv("NETRC", raising=False)


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys, monkeypatch):
    """Run ``cloudstates ARGS...`` through the console-script entry point, in process."""
    from cloudstates.cli import main

    def run(*args: str) -> Result:
        capsys.readouterr()
        monkeypatch.setattr(sys, "argv", ["cloudstates", *map(str, args)])
        try:
            main()
            code = 0
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run
