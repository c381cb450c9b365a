"""tests/ mirrors src/dauys/: a test file is named after its subject, and every app has its tests.

``tests/<app>/.../test_<subject>.py`` or ``test_<subject>_<aspect>.py`` tests ``src/dauys/<app>/.../<subject>.py``
(or the package ``<subject>/``); ``tests/test_<subject>.py`` tests a module or package at the top of ``dauys``.
``tests/browser/`` is the exception: its journeys cross every app, in a real browser (and so is this file).
"""

from __future__ import annotations

from pathlib import Path

import pytest

TESTS = Path(__file__).parent
SOURCE = TESTS.parent / "src" / "dauys"
ACROSS_THE_APPS = {"browser"}


def subject_exists(folder: Path, stem: str) -> bool:
    """``stem`` is a module or package of ``folder``, or one followed by ``_<aspect>``."""
    parts = stem.split("_")
    for cut in range(len(parts), 0, -1):
        name = "_".join(parts[:cut])
        if (folder / f"{name}.py").is_file() or (folder / name / "__init__.py").is_file() or (folder / name).is_dir():
            return True
    return False


def _test_files() -> list[Path]:
    return sorted(
        p
        for p in TESTS.rglob("test_*.py")
        if p.relative_to(TESTS).parts[0] not in ACROSS_THE_APPS and p.name != "test_layout.py"
    )


@pytest.mark.parametrize("path", _test_files(), ids=lambda p: str(p.relative_to(TESTS)))
def test_each_test_file_is_named_after_its_subject(path: Path) -> None:
    folder = SOURCE / path.parent.relative_to(TESTS)
    assert folder.is_dir(), f"{path.relative_to(TESTS)}: src/dauys has no {folder.relative_to(SOURCE)}/ to mirror"
    stem = path.stem.removeprefix("test_")
    assert subject_exists(folder, stem), f"{path.relative_to(TESTS)}: no module named like {stem!r} in {folder}"


def test_every_app_has_its_tests() -> None:
    apps = {p.parent.name for p in SOURCE.glob("*/apps.py")}
    untested = sorted(app for app in apps if not any((TESTS / app).glob("**/test_*.py")))
    assert untested == []
