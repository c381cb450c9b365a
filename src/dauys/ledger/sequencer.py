"""Numbering pending leaves: gap-free, one sequencer at a time, many leaves per transaction, crash-safe.

Appending leaf ``i`` stores its hash as ``node(0, i)`` and every complete subtree it closes (while the index is
odd at a level, the pair below it is complete). Entries, nodes, the new head and the removal of the pending rows
commit together; a crash leaves the log as it was before the batch, with the leaves still pending.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from typing import TypeVar
from urllib.parse import urlsplit

from django.db import transaction
from django.db.models import Q

from dauys.ledger import merkle
from dauys.ledger.models import Entry, Head, KeyRotation, Node, Pending, SignedCheckpoint

BATCH = 5000
T = TypeVar("T")


def _head_for_update() -> Head:
    Head.objects.get_or_create(pk=1)
    return Head.objects.select_for_update().get(pk=1)


def sequence(*, batch: int = BATCH) -> int:
    """Number up to ``batch`` pending leaves; return how many were appended."""
    with transaction.atomic():
        head = _head_for_update()  # the lock: one sequencer at a time, in every process
        pending = list(Pending.objects.order_by("pk")[:batch])
        if not pending:
            return 0
        size = head.size
        known: dict[tuple[int, int], bytes] = {}

        def node(level: int, index: int) -> bytes:
            key = (level, index)
            if key not in known:
                known[key] = bytes(Node.objects.get(level=level, index=index).hash)
            return known[key]

        entries, nodes = [], []
        for row in pending:
            index = size
            data = row.data.encode("utf-8")
            h = merkle.leaf_hash(data)
            # Looked up by path, so that a change of the instance's base URL keeps old entries findable.
            obj = urlsplit(json.loads(row.data).get("object") or "").path
            entries.append(Entry(index=index, data=row.data, leaf_hash=h, object=obj))
            level, i = 0, index
            known[(0, i)] = h
            nodes.append(Node(level=0, index=i, hash=h))
            while i & 1:
                h = merkle.node_hash(node(level, i - 1), h)
                level, i = level + 1, i >> 1
                known[(level, i)] = h
                nodes.append(Node(level=level, index=i, hash=h))
            size += 1
        Entry.objects.bulk_create(entries)
        Node.objects.bulk_create(nodes)
        Pending.objects.filter(pk__in=[row.pk for row in pending]).delete()
        head.size = size
        head.save(update_fields=["size"])
        return len(entries)


def sequence_all() -> int:
    """Number every pending leaf, then sign a checkpoint of the new size."""
    total = 0
    while appended := sequence():
        total += appended
    if total or not SignedCheckpoint.objects.exists():
        sign_checkpoint()
    return total


def sign_checkpoint() -> SignedCheckpoint:
    """Sign the current tree head (unless the latest checkpoint already has this size)."""
    from dauys.ledger import notes

    with transaction.atomic():
        head = _head_for_update()
        latest = SignedCheckpoint.objects.order_by("-pk").first()
        if latest is not None and latest.size == head.size:
            return latest
        size = head.size
        root = with_stored_nodes(lambda node: merkle.root(node, size))
        name = notes.origin()
        _finish_rotation()
        note = notes.sign_note(notes.checkpoint_body(name, head.size, root), name, notes.load_or_create_key())
        return SignedCheckpoint.objects.create(size=head.size, root=root, note=note)


def node_from_db(level: int, index: int) -> bytes:
    return bytes(Node.objects.get(level=level, index=index).hash)


def size() -> int:
    head = Head.objects.filter(pk=1).first()
    return head.size if head else 0


def with_stored_nodes(compute: Callable[[merkle.Node], T]) -> T:
    """Run ``compute(node)`` with the stored subtree hashes it needs fetched in one query.

    The subtrees a root or a proof needs depend only on the sizes, never on the hashes, so a first pass with
    placeholder hashes lists them, one query fetches them all, and a second pass computes for real. ``compute``
    must therefore ask for the same thing both times (draw any random index before calling this).
    """
    needed: set[tuple[int, int]] = set()

    def record(level: int, index: int) -> bytes:
        needed.add((level, index))
        return bytes(32)

    compute(record)
    if not needed:
        return compute(node_from_db)
    query = Q()
    for level, index in needed:
        query |= Q(level=level, index=index)
    found = {(lv, ix): bytes(h) for lv, ix, h in Node.objects.filter(query).values_list("level", "index", "hash")}
    missing = needed - found.keys()
    if missing:
        raise LookupError(f"the stored tree lacks subtrees {sorted(missing)[:3]}")
    return compute(lambda level, index: found[(level, index)])


def rotate_key() -> KeyRotation:
    """Replace the log's signing key, keeping its history public.

    Under the head's lock (no leaf is numbered meanwhile), the current tree head is signed by the old and the new
    key together: that note, kept as a ``KeyRotation`` and served at ``/ledger/keys``, is the old key's
    endorsement of the new one, so a verifier that pinned the old key follows to the new one without trusting
    anything else. The old private key is moved to ``ledger-retired-keys/`` (delete it if the rotation is because
    it leaked); checkpoints from now on carry the new key only.
    """
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from dauys.ledger import notes

    with transaction.atomic():
        head = _head_for_update()
        old = notes.load_or_create_key()
        new = Ed25519PrivateKey.generate()
        name = notes.origin()
        size = head.size
        root = with_stored_nodes(lambda node: merkle.root(node, size))
        note = notes.sign_note(notes.checkpoint_body(name, size, root), name, old, new)
        old_vkey = notes.verifier_key(name, notes.public_bytes(old.public_key()))
        new_vkey = notes.verifier_key(name, notes.public_bytes(new.public_key()))
        rotation = KeyRotation.objects.create(size=size, old_key=old_vkey, new_key=new_vkey, note=note)
        SignedCheckpoint.objects.create(size=size, root=root, note=note)
        path = notes.key_path()
        stamp = f"{rotation.created_at:%Y%m%dT%H%M%S}-{old_vkey.split('+')[1]}"
        notes.write_key(path.parent / "ledger-retired-keys" / f"{stamp}.key", old)
        notes.write_key(notes.next_key_path(), new)
    # Only once the rotation is committed does the new key take over; a crash in between is finished (or undone,
    # if the rotation did not commit) before the next checkpoint is signed (``_finish_rotation``).
    _finish_rotation()
    return rotation


def _finish_rotation() -> None:
    from dauys.ledger import notes

    staged = notes.next_key_path()
    if not staged.exists():
        return
    public = notes.public_bytes(notes.read_key(staged).public_key())
    latest = KeyRotation.objects.order_by("-pk").first()
    if latest is not None and latest.new_key == notes.verifier_key(notes.origin(), public):
        os.replace(staged, notes.key_path())
    else:
        staged.unlink()  # a rotation that never committed
