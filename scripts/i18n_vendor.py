"""Refresh src/dauys/locale_vendor/kk: Kazakh for the dependencies' strings that lack it.

allauth ships no Kazakh catalogue and Django's own Kazakh catalogues are incomplete, so Dauys ships the missing
translations. This script collects, for each dependency catalogue below, the messages that have no Kazakh
translation yet, merges them into the vendor .po (keeping translations already made), and drops messages the
dependencies no longer have. Translate the new entries, then run `dauys manage compilemessages`.
Usage: .venv/bin/python scripts/i18n_vendor.py
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "src/dauys/locale_vendor/kk/LC_MESSAGES/django.po"
# Features of allauth that Dauys does not enable: their strings are never shown.
SKIP_REFERENCES = (
    "socialaccount",
    "idp/",
    "openid",
    "usersessions",
    "webauthn",
    "phone",
    "headless",
    "saml",
    "provider",
    "code",
)


# Corrections of Django's own Kazakh: a month in a date is written in lower case ("25 қараша 2026"); Django's
# catalogue capitalises the names it uses inside dates (the "E" format). Standalone names keep their capital.
MONTHS = [
    *("қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым"),
    *("шілде", "тамыз", "қыркүйек", "қазан", "қараша", "желтоқсан"),
]
ENGLISH = [
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
]
OVERRIDES = {("alt. month", en): kk for en, kk in zip(ENGLISH, MONTHS, strict=True)}


def package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    assert spec and spec.origin
    return Path(spec.origin).parent


def sources() -> list[tuple[str, Path, Path | None]]:
    django = package_dir("django")
    allauth = package_dir("allauth")
    return [
        ("allauth", allauth / "locale/ru/LC_MESSAGES/django.po", None),
        (
            "django",
            django / "conf/locale/ru/LC_MESSAGES/django.po",
            django / "conf/locale/kk/LC_MESSAGES/django.po",
        ),
        (
            "django.contrib.auth",
            django / "contrib/auth/locale/ru/LC_MESSAGES/django.po",
            django / "contrib/auth/locale/kk/LC_MESSAGES/django.po",
        ),
    ]


def key(entry: polib.POEntry) -> tuple[str, str]:
    return (entry.msgctxt or "", entry.msgid)


def wanted() -> dict[tuple[str, str], polib.POEntry]:
    entries: dict[tuple[str, str], polib.POEntry] = {}
    for origin, reference, kazakh in sources():
        have = set()
        if kazakh and kazakh.exists():
            have = {key(e) for e in polib.pofile(str(kazakh)) if e.translated()}
        for e in polib.pofile(str(reference)):
            if e.obsolete or key(e) in have:
                continue
            refs = " ".join(path for path, _ in e.occurrences)
            if origin == "allauth" and refs and all(any(s in p for s in SKIP_REFERENCES) for p, _ in e.occurrences):
                continue
            new = polib.POEntry(
                msgctxt=e.msgctxt,
                msgid=e.msgid,
                msgid_plural=e.msgid_plural,
                msgstr="",
                msgstr_plural={0: "", 1: ""} if e.msgid_plural else {},
                comment=f"from {origin}; Russian: {e.msgstr or e.msgstr_plural.get(0, '')}",
            )
            entries.setdefault(key(e), new)
    return entries


def main() -> None:
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    old = {key(e): e for e in polib.pofile(str(TARGET))} if TARGET.exists() else {}
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": "dauys-vendor",
        "Language": "kk",
        "Language-Team": "Dauys <https://dauys.invalid/translations>",
        "Last-Translator": "Dauys contributors",
        "PO-Revision-Date": "2026-11-25 00:00+0000",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=2; plural=(n!=1);",
    }
    for k, entry in sorted(wanted().items(), key=lambda kv: (kv[1].comment, kv[0])):
        if k in old and (old[k].msgstr or any(old[k].msgstr_plural.values())):
            entry.msgstr, entry.msgstr_plural = old[k].msgstr, old[k].msgstr_plural
        po.append(entry)
    for (context, msgid), msgstr in OVERRIDES.items():
        po.append(polib.POEntry(msgctxt=context, msgid=msgid, msgstr=msgstr, comment="correction of Django's Kazakh"))
    po.save(str(TARGET))
    print(f"{TARGET.relative_to(ROOT)}: {len(po)} messages, {len(po.untranslated_entries())} untranslated")


if __name__ == "__main__":
    main()
