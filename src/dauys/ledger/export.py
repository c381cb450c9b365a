"""``dauys export PATH``: everything public, in files anyone can keep, check offline and serve again.

Layout (``dauys-export/1``)::

    manifest.json          {"format", "origin", "created_at", "tree_size", "files": {path: {"sha256", "size"}}}
    manifest.sig           a signed note by the log's key: "dauys-export/1\\n<origin>\\n<tree size>\\n<sha256 of
                           manifest.json>\\n" — the manifest, and through it every file, is the instance's word
    ledger/entries.jsonl   {"index", "data"} per line: the exact strings hashed into the log
    ledger/leaf-hashes     32 bytes per entry: the leaf hashes as the log stored them
    ledger/checkpoint      the signed checkpoint of ``tree_size`` (with witnesses' cosignatures)
    ledger/key             the verifier key; ledger/keys.json: its rotations
    data/<kind>.jsonl      problems (with appeals and answers), authorities, places, categories, routing rules,
                           comments, moderation actions, periodic reports — as the API shows them, one object per
                           line; scorecards: {"scope", "subject", "periods": {30d|90d|12m|all: the API's scorecard
                           as of the export}} for each authority (its own and its vertical) and each place
    data/labels.json       the words for statuses in kk/ru/en, for a mirror's pages
    media/photos/...       the photos of public problems (already stripped of metadata at upload)

Nothing private is exported: no e-mail address, no draft, no private scan, no account data beyond public names.
``dauys verify PATH`` checks it offline; ``dauys mirror PATH`` serves it read-only.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest
from django.utils import timezone

from dauys.core.seams import Registry
from dauys.ledger import notes, sequencer
from dauys.ledger.models import Entry, KeyRotation, SignedCheckpoint
from dauys.ledger.verify import EXPORT_FORMAT

CHUNK = 2000

# What each app exports, registered in its ``exports`` module (``core.seams``): the rows of ``data/<name>.jsonl``
# (as its API shows them, given a request for the public base URL), the words a mirror shows for its codes (in
# the active language), and the public files under MEDIA_ROOT to copy.
SECTIONS: Registry[Callable[[HttpRequest], Iterable[dict[str, Any]]]] = Registry("export section")
LABELS: Registry[Callable[[], dict[str, str]]] = Registry("export label group")
MEDIA: Registry[Callable[[], Iterable[str]]] = Registry("export media")


@dataclass
class Exported:
    path: Path
    tree_size: int
    files: int
    counts: dict[str, int]


def _request() -> HttpRequest:
    """A request for the public base URL, so that the API's serialisers write absolute page URLs."""
    base = urlsplit(settings.BASE_URL)
    request = HttpRequest()
    request.META = {
        "SERVER_NAME": base.hostname or "localhost",
        "SERVER_PORT": str(base.port or (443 if base.scheme == "https" else 80)),
        "HTTP_HOST": base.netloc,
        "wsgi.url_scheme": base.scheme,
    }
    return request


def chunks(queryset: Any) -> Iterator[Any]:
    """Every row of a queryset ordered by pk, CHUNK at a time (bounded memory, prefetches kept)."""
    last = 0
    while True:
        rows = list(queryset.filter(pk__gt=last).order_by("pk")[:CHUNK])
        if not rows:
            return
        yield from rows
        last = rows[-1].pk


def _write_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, cls=DjangoJSONEncoder, ensure_ascii=False, sort_keys=True))
            f.write("\n")
            count += 1
    return count


def _public_data(out: Path, request: HttpRequest) -> tuple[dict[str, int], list[str]]:
    counts = {name: _write_jsonl(out / "data" / f"{name}.jsonl", rows(request)) for name, rows in SECTIONS.items()}
    _labels(out)
    media: list[str] = []
    root = Path(settings.MEDIA_ROOT)
    for files in MEDIA.values():
        for name in files():
            source = root / name
            if source.is_file():
                target = out / "media" / name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)
                media.append(f"media/{name}")
    counts["photos"] = len(media)
    return counts, media


def _labels(out: Path) -> None:
    """The words a mirror shows for codes (statuses, kinds), in every language, as this instance translates them."""
    from django.utils import translation
    from django.utils.translation import gettext

    labels = {}
    for lang in ("kk", "ru", "en"):
        with translation.override(lang):
            labels[lang] = {name: words() for name, words in LABELS.items()}
            labels[lang]["words"] = {word: gettext(word) for word in ("Authority", "Status", "deadline")}
    (out / "data" / "labels.json").write_text(json.dumps(labels, ensure_ascii=False, indent=1), encoding="utf-8")


def _ledger(out: Path) -> SignedCheckpoint:
    sequencer.sequence_all()
    latest = SignedCheckpoint.objects.order_by("-pk").first() or sequencer.sign_checkpoint()
    ledger = out / "ledger"
    ledger.mkdir(parents=True, exist_ok=True)
    # The entries, and the leaf hashes the log stored when it numbered them (they name a rewritten entry).
    with (ledger / "entries.jsonl").open("w", encoding="utf-8") as f, (ledger / "leaf-hashes").open("wb") as h:
        last = -1
        while True:
            rows = list(
                Entry.objects.filter(index__gt=last, index__lt=latest.size)
                .order_by("index")
                .values_list("index", "data", "leaf_hash")[: CHUNK * 5]
            )
            if not rows:
                break
            for index, data, leaf_hash in rows:
                f.write(json.dumps({"index": index, "data": data}, ensure_ascii=False))
                f.write("\n")
                h.write(bytes(leaf_hash))
            last = rows[-1][0]
    (ledger / "checkpoint").write_text(latest.cosigned_note(), encoding="utf-8")
    (ledger / "key").write_text(notes.current_verifier_key() + "\n")
    (ledger / "keys.json").write_text(json.dumps({"rotations": KeyRotation.public_list()}, indent=1), encoding="utf-8")
    return latest


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def export(path: Path) -> Exported:
    """Write the export into ``path`` (a new or empty directory)."""
    if path.exists() and any(path.iterdir()):
        raise ValueError(f"{path} is not empty: export into a new directory")
    path.mkdir(parents=True, exist_ok=True)
    checkpoint = _ledger(path)
    counts, _media = _public_data(path, _request())
    files = {}
    for file in sorted(p for p in path.rglob("*") if p.is_file()):
        name = file.relative_to(path).as_posix()
        files[name] = {"sha256": _sha256(file), "size": file.stat().st_size}
    manifest = {
        "format": EXPORT_FORMAT,
        "origin": notes.origin(),
        "created_at": timezone.now().isoformat(),
        "tree_size": checkpoint.size,
        "counts": counts,
        "files": files,
    }
    raw = json.dumps(manifest, indent=1, sort_keys=True).encode()
    (path / "manifest.json").write_bytes(raw)
    body = f"{EXPORT_FORMAT}\n{notes.origin()}\n{checkpoint.size}\n{hashlib.sha256(raw).hexdigest()}\n"
    (path / "manifest.sig").write_text(notes.sign_note(body, notes.origin(), notes.load_or_create_key()))
    return Exported(path, checkpoint.size, len(files), counts)
