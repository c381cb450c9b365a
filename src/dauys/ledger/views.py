"""The ledger's public endpoints (DESIGN section 6), in the formats transparency-log tools read."""

from __future__ import annotations

import base64
import json
import re
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from dauys.core.errors import error_format
from dauys.ledger import leaves, merkle, notes, sequencer
from dauys.ledger.models import Cosignature, Entry, KeyRotation, Node, SignedCheckpoint
from dauys.pages.cache import shared_page

MAX_ENTRIES = 1000


class BadQuery(ValueError):
    pass


ERROR_CODES = {400: "invalid", 403: "forbidden", 404: "not_found", 409: "conflict", 413: "too_large"}


def _error(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": {"code": ERROR_CODES.get(status, "error"), "message": message}}, status=status)


error_format("/ledger/", lambda request, status, message: _error(message, status))


def _int(request: HttpRequest, name: str, *, default: int | None = None) -> int:
    raw = request.GET.get(name)
    if raw is None or raw == "":
        if default is None:
            raise BadQuery(f"{name} is required")
        return default
    if not raw.isdigit():
        raise BadQuery(f"{name} must be a whole number ≥ 0, not {raw[:20]!r}")
    return int(raw)


def _text(body: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["Access-Control-Allow-Origin"] = "*"  # mirrors and witnesses read it from anywhere
    return response


def _json(data: dict[str, Any]) -> JsonResponse:
    response = JsonResponse(data)
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _latest() -> SignedCheckpoint:
    latest = SignedCheckpoint.objects.order_by("-pk").first()
    return latest if latest is not None else sequencer.sign_checkpoint()


@require_GET
def checkpoint(request: HttpRequest) -> HttpResponse:
    """The latest signed checkpoint, with the cosignatures witnesses sent for it (extra signature lines)."""
    return _text(_latest().cosigned_note())


@require_GET
def keys(request: HttpRequest) -> JsonResponse:
    """The current verifier key and every rotation: the checkpoint at which the key changed, signed by both keys."""
    return _json({"key": notes.current_verifier_key(), "rotations": KeyRotation.public_list()})


MAX_NOTE = 16 * 1024


@csrf_exempt
@require_POST
def witness(request: HttpRequest) -> JsonResponse:
    """A witness sends one of our checkpoints with its cosignature line added (C2SP tlog-cosignature)."""
    from datetime import UTC, datetime

    from django.conf import settings

    if len(request.body) > MAX_NOTE:
        return _error(f"a cosigned checkpoint is at most {MAX_NOTE} bytes", 413)
    try:
        note = request.body.decode("utf-8")
        body, signatures = notes.note_signatures(note)
        lines = body.split("\n")
        origin, size, root = lines[0], int(lines[1]), base64.b64decode(lines[2], validate=True)
    except (UnicodeDecodeError, ValueError, IndexError) as exc:
        return _error(f"not a cosigned checkpoint: {exc}")
    if origin != notes.origin():
        return _error(f"this log's origin is {notes.origin()!r}, not {origin!r}")
    ours = SignedCheckpoint.objects.filter(size=size).first()
    if ours is None or bytes(ours.root) != root:
        # A checkpoint of this origin that we never signed, or another root for a size we did: a fork or a forgery.
        return _error(f"this log never signed a checkpoint of size {size} with that root", 409)
    known = {}
    for vkey in settings.LEDGER_WITNESSES:
        name, key_id, public = notes.parse_witness_key(vkey)
        known[(name, key_id)] = (vkey, public)
    accepted = []
    for signer, raw, line in signatures:
        if (signer, raw[:4]) not in known:
            continue  # our own signature, or a witness this instance does not list
        vkey, public = known[(signer, raw[:4])]
        try:
            timestamp = notes.open_cosignature(body, raw, public)
        except ValueError as exc:
            return _error(f"{signer}: {exc}")
        Cosignature.objects.update_or_create(
            witness_key=vkey,
            size=size,
            defaults={
                "witness": signer,
                "root": root,
                "signed_at": datetime.fromtimestamp(timestamp, UTC),
                "line": line,
            },
        )
        accepted.append(signer)
    if not accepted:
        return _error(
            "no cosignature by a witness this instance lists (the operator adds witnesses' keys to "
            "DAUYS_LEDGER_WITNESSES)",
            403,
        )
    return _json({"accepted": accepted, "size": size})


@require_GET
def key(request: HttpRequest) -> HttpResponse:
    return _text(notes.current_verifier_key() + "\n")


@require_GET
def entries(request: HttpRequest) -> JsonResponse:
    size = _latest().size
    try:
        start = _int(request, "start", default=0)
        end = _int(request, "end", default=min(size, start + MAX_ENTRIES))
    except BadQuery as exc:
        return _error(str(exc))
    if end < start:
        return _error("end must not be before start")
    end = min(end, size, start + MAX_ENTRIES)
    rows = Entry.objects.filter(index__gte=start, index__lt=end).order_by("index").values_list("index", "data")
    return _json({"entries": [{"index": i, "data": data} for i, data in rows]})


@require_GET
def inclusion(request: HttpRequest) -> JsonResponse:
    try:
        index = _int(request, "leaf_index")
        size = _int(request, "tree_size")
    except BadQuery as exc:
        return _error(str(exc))
    if size > _latest().size:
        return _error(f"tree_size {size} is larger than the latest checkpoint", status=404)
    if index >= size:
        return _error("leaf_index must be smaller than tree_size")
    hashes = sequencer.with_stored_nodes(lambda node: merkle.inclusion_proof(node, index, size))
    return _json({"leaf_index": index, "tree_size": size, "hashes": [base64.b64encode(h).decode() for h in hashes]})


@require_GET
def consistency(request: HttpRequest) -> JsonResponse:
    try:
        first = _int(request, "first")
        second = _int(request, "second")
    except BadQuery as exc:
        return _error(str(exc))
    if second > _latest().size:
        return _error(f"second ({second}) is larger than the latest checkpoint", status=404)
    if not 0 < first <= second:
        return _error("first must be at least 1 and at most second")
    hashes = sequencer.with_stored_nodes(lambda node: merkle.consistency_proof(node, first, second))
    return _json({"first": first, "second": second, "hashes": [base64.b64encode(h).decode() for h in hashes]})


TILE_WIDTH = 256
TILE_PATH = re.compile(r"^(?P<level>entries|\d{1,2})/(?P<n>(?:x\d{3}/)*\d{3})(?:\.p/(?P<w>\d{1,3}))?$")


def _tile_index(encoded: str) -> int:
    return int("".join(part.lstrip("x") for part in encoded.split("/")))


@require_GET
def tile(request: HttpRequest, path: str) -> HttpResponse:
    """C2SP tlog-tiles: hash tiles ``<L>/<N>[.p/<W>]`` and entry bundles ``entries/<N>[.p/<W>]``.

    A tile of level L holds the hashes of the stored subtrees of height 8L (256 at most); an entry bundle holds the
    entries, each as a big-endian uint16 length and the data. Full tiles never change, so they are cached for good;
    any static web server holding these files can mirror the log.
    """
    match = TILE_PATH.match(path)
    if match is None:
        return _error("not a tile path", 404)
    n = _tile_index(match["n"])
    width = int(match["w"]) if match["w"] else TILE_WIDTH
    if not 0 < width <= TILE_WIDTH or (match["w"] and width == TILE_WIDTH):
        return _error("a partial tile has 1 to 255 entries", 404)
    size = _latest().size
    start = n * TILE_WIDTH
    if match["level"] == "entries":
        if start + width > size:
            return _error("no such tile yet", 404)
        rows = Entry.objects.filter(index__gte=start, index__lt=start + width).order_by("index")
        body = b"".join(len(d := data.encode()).to_bytes(2, "big") + d for data in rows.values_list("data", flat=True))
    else:
        level = int(match["level"])
        height = 8 * level
        if start + width > size >> height:
            return _error("no such tile yet", 404)
        nodes = Node.objects.filter(level=height, index__gte=start, index__lt=start + width).order_by("index")
        body = b"".join(bytes(h) for h in nodes.values_list("hash", flat=True))
    response = HttpResponse(body, content_type="application/octet-stream")
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=31536000, immutable" if width == TILE_WIDTH else "no-cache"
    return response


def _moment_of(text: object) -> datetime | None:
    """A leaf's time (ISO 8601 in UTC, as signed), to be shown in the reader's time like every other time."""
    if not isinstance(text, str):
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def record_page(request: HttpRequest, *, object_url: str, title: str, back: str) -> HttpResponse:
    """The entries of one public object in the log, with their proofs against the latest checkpoint."""
    from django.conf import settings
    from django.shortcuts import render

    path = urlsplit(object_url).path
    rows = Entry.objects.filter(object=path).order_by("index").values_list("index", "data")
    entries = []
    for index, data in rows:
        leaf = json.loads(data)
        kind = leaf.get("type", "")
        entries.append(
            {
                "index": index,
                "type": kind,
                "label": leaves.label_of(kind),
                "at": _moment_of(leaf.get("at")),
                "actor": leaf.get("actor"),
            }
        )
    context = {
        "entries": entries,
        "checkpoint": SignedCheckpoint.objects.order_by("-pk").first(),
        "title": title,
        "back": back,
        "base_url": settings.BASE_URL,
    }
    return render(request, "ledger/record.html", context)


@shared_page
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    """The public log at a glance: its size, key, the witnesses and what they have seen, how to check it."""
    from django.conf import settings
    from django.db.models import Max
    from django.shortcuts import render

    latest = SignedCheckpoint.objects.order_by("-pk").first()
    seen = {
        row["witness_key"]: row
        for row in Cosignature.objects.values("witness_key", "witness").annotate(size=Max("size"), at=Max("signed_at"))
    }
    witnesses = []
    for vkey in settings.LEDGER_WITNESSES:
        name = vkey.split("+", 1)[0]
        row = seen.get(vkey)
        witnesses.append(
            {"name": name, "key": vkey, "size": row["size"] if row else None, "at": row["at"] if row else None}
        )
    context = {
        "checkpoint": latest,
        "key": notes.current_verifier_key(),
        "origin": notes.origin(),
        "witnesses": witnesses,
        "base_url": settings.BASE_URL,
    }
    return render(request, "ledger/overview.html", context)
