"""Every UI string is translated into Kazakh and Russian, and the catalogues match the code."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "dauys"
LANGS = ["kk", "ru"]


def po_path(lang: str, base: Path = SRC / "locale") -> Path:
    return base / lang / "LC_MESSAGES" / "django.po"


def keys(po: polib.POFile) -> set[tuple[str, str]]:
    return {(e.msgctxt or "", e.msgid) for e in po if not e.obsolete}


@pytest.mark.parametrize("path", [po_path("kk"), po_path("ru"), po_path("kk", SRC / "locale_vendor")], ids=str)
def test_catalogue_is_complete_and_well_formed(path: Path) -> None:
    po = polib.pofile(str(path))
    untranslated = [e.msgid for e in po.untranslated_entries() if not e.obsolete]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert untranslated == []
    assert fuzzy == []
    # msgfmt --check: placeholders (python-format) and plural forms agree with the source.
    result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("path", [po_path("kk"), po_path("ru"), po_path("kk", SRC / "locale_vendor")], ids=str)
def test_compiled_catalogue_matches_its_source(path: Path) -> None:
    def table(entries: list[polib.POEntry] | polib.MOFile) -> dict[tuple[str, str], tuple[str, ...]]:
        out = {}
        for e in entries:
            if e.msgid:
                forms = tuple(v for _, v in sorted((int(k), v) for k, v in e.msgstr_plural.items()))
                out[(e.msgctxt or "", e.msgid)] = (e.msgstr, *forms)
        return out

    po = polib.pofile(str(path))
    mo = polib.mofile(str(path.with_suffix(".mo")))
    stale = table(mo) != table(po.translated_entries())
    assert not stale, f"{path.with_suffix('.mo')} is stale: run `make messages`"


def test_catalogues_hold_exactly_the_strings_of_the_code(tmp_path: Path) -> None:
    """makemessages on a copy of the code gives the same messages as the committed catalogues."""
    copy = tmp_path / "dauys"
    shutil.copytree(SRC, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "-l",
            "kk",
            "-l",
            "ru",
            "-i",
            "migrations/*",
            "--no-wrap",
            "--no-location",
            "--settings=dauys.settings",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    for lang in LANGS:
        fresh = keys(polib.pofile(str(po_path(lang, copy / "locale"))))
        committed = keys(polib.pofile(str(po_path(lang))))
        assert sorted(fresh - committed) == [], (
            f"{lang}: strings in the code missing from the catalogue (make messages)"
        )
        assert sorted(committed - fresh) == [], f"{lang}: catalogue strings no longer in the code (make messages)"


def test_vendor_catalogue_covers_the_installed_dependencies() -> None:
    spec = importlib.util.spec_from_file_location("i18n_vendor", ROOT / "scripts" / "i18n_vendor.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    wanted = set(module.wanted())
    have = keys(polib.pofile(str(po_path("kk", SRC / "locale_vendor"))))
    assert sorted(wanted - have) == [], "run scripts/i18n_vendor.py and translate the new messages"


def test_kazakh_dates_write_the_month_in_lower_case() -> None:
    """Django's Kazakh capitalises a month inside a date; ours follows Kazakh spelling ("25 қараша 2026")."""
    from datetime import date

    from django.utils import dateformat, translation

    with translation.override("kk"):
        assert dateformat.format(date(2026, 11, 25), "j E Y") == "25 қараша 2026"
        assert dateformat.format(date(2026, 1, 1), "j E") == "1 қаңтар"
        assert dateformat.format(date(2026, 11, 1), "F Y") == "Қараша 2026"  # a month on its own keeps its capital
