"""Subcommands of ``dauys`` (core.commands): each app registers its own; the command line finds them."""

from __future__ import annotations

import subprocess
import sys

import pytest

from dauys.cli import build_parser
from dauys.core import commands


def test_the_apps_subcommands_are_found_and_named_once() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    names = list(sub.choices)  # type: ignore[union-attr]
    assert names[:4] == ["init", "serve", "demo", "worker"] and names[-1] == "manage"
    assert {"monitor", "createadmin", "token", "verify", "export", "mirror", "rotate-key"} <= set(names)
    assert commands.commands["monitor"].run.__module__ == "dauys.problems.commands"
    with pytest.raises(ValueError, match=r"subcommand 'monitor' is already registered"):
        commands.command("monitor", help="a second monitor")(lambda args: 0)


def test_help_needs_no_configuration(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # No data directory, no database: the help of every subcommand still answers.
    env = {"PATH": "/usr/bin:/bin", "DAUYS_DATA_DIR": str(tmp_path / "file")}
    (tmp_path / "file").write_text("not a directory")
    done = subprocess.run(
        [sys.executable, "-m", "dauys", "--help"], capture_output=True, text=True, env=env, timeout=60, check=False
    )
    assert done.returncode == 0 and "rotate-key" in done.stdout and "monitor" in done.stdout


@pytest.mark.django_db
def test_init_steps_run_in_the_order_of_the_apps() -> None:
    commands.discover()
    said = commands.run_init_steps()  # the reference data is there already: nothing is added twice
    assert said == ["0 places added", "0 authorities added", "0 categories added"]
