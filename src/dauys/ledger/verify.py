"""``dauys verify URL``: check an instance's log from outside, and that it never rewrote what it showed before.

The verifier fetches the verifier key, the signed checkpoint and every entry, recomputes the tree and checks the
signature and the root. It keeps, per origin, a state directory with the key it first saw, the last checkpoint it
verified and the hashes of the leaves it has seen, so a later run catches a log that was rewritten (an entry
changed: the first changed index is named), truncated, forked (a checkpoint that is not an extension of the last
one) or re-keyed. It needs no Django and no database: a mirror's operator or a journalist can run it anywhere.
"""

from __future__ import annotations

import base64
import json
import re
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from dauys.ledger import merkle, notes

PAGE = 1000


class VerifyError(Exception):
    def __init__(self, message: str, index: int | None = None) -> None:
        super().__init__(message)
        self.index = index


@dataclass
class Report:
    origin: str
    size: int
    new_entries: int
    root: bytes
    rotations: int = 0  # key rotations followed in this run


def _get(url: str, timeout: float = 30) -> bytes:
    if not url.startswith(("http://", "https://")):
        raise VerifyError(f"not an http(s) URL: {url}")
    request = urllib.request.Request(url, headers={"User-Agent": "dauys-verify", "Accept": "*/*"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) only, checked above
        return bytes(response.read())


def state_dir_for(base: Path, origin: str) -> Path:
    return base / re.sub(r"[^A-Za-z0-9._-]+", "_", origin)


def _follow_rotations(url: str, trusted: str, served: str) -> list[notes.Checkpoint]:
    """Walk the instance's key rotations from the key we trust to the one it serves; each must be a checkpoint
    signed by both the old and the new key. Return those checkpoints (their roots are checked against the log)."""
    rotations = json.loads(_get(f"{url}/ledger/keys"))["rotations"]
    key, found = trusted, []
    for rotation in rotations:
        if rotation["old"] != key:
            continue
        try:
            by_old = notes.open_checkpoint(rotation["note"], key)
            by_new = notes.open_checkpoint(rotation["note"], rotation["new"])
        except ValueError as exc:
            raise VerifyError(f"the key rotation at size {rotation['size']} does not verify: {exc}") from None
        if by_old != by_new:
            raise VerifyError(f"the key rotation at size {rotation['size']} is malformed")
        key = rotation["new"]
        found.append(by_old)
    if key != served:
        raise VerifyError(
            f"the log's key changed without a rotation signed by the key you trust: it was {trusted}, "
            f"it is now {served}"
        )
    return found


def verify_url(url: str, state_base: Path, *, pinned_key: str | None = None) -> Report:
    url = url.rstrip("/")
    served_key = _get(f"{url}/ledger/key").decode().strip()
    origin = (pinned_key or served_key).split("+", 1)[0]
    state = state_dir_for(state_base, origin)
    known_key = (state / "key").read_text().strip() if (state / "key").exists() else None
    trusted = pinned_key or known_key or served_key  # the first key seen is pinned
    rotations: list[notes.Checkpoint] = []
    if served_key != trusted:
        rotations = _follow_rotations(url, trusted, served_key)
    key = served_key
    note = _get(f"{url}/ledger/checkpoint").decode()
    try:
        checkpoint = notes.open_checkpoint(note, key)
    except ValueError as exc:
        raise VerifyError(f"the checkpoint does not verify: {exc}") from None

    seen = (state / "leaves").read_bytes() if (state / "leaves").exists() else b""
    seen_size = len(seen) // 32
    if checkpoint.size < seen_size:
        raise VerifyError(
            f"the log was truncated: it had {seen_size} entries, its checkpoint now says {checkpoint.size}",
            index=checkpoint.size,
        )
    tree = merkle.MemoryTree()
    hashes = bytearray()
    index = 0
    while index < checkpoint.size:
        end = min(index + PAGE, checkpoint.size)
        page = json.loads(_get(f"{url}/ledger/entries.json?start={index}&end={end}"))["entries"]
        if not page:
            raise VerifyError(
                f"the instance serves no entry {index} though its checkpoint has {checkpoint.size}", index
            )
        for entry in page:
            if entry["index"] != index:
                raise VerifyError(f"entry {index} is missing (the instance served {entry['index']})", index)
            h = merkle.leaf_hash(entry["data"].encode("utf-8"))
            if index < seen_size and seen[index * 32 : index * 32 + 32] != h:
                raise VerifyError(f"entry {index} was changed since it was last verified", index)
            tree.append_hash(h)
            hashes += h
            index += 1
    if tree.root() != checkpoint.root:
        raise VerifyError(
            f"the entries do not hash to the signed checkpoint; the first entry not verified before is {seen_size}",
            index=seen_size,
        )
    for rotation in rotations:  # each endorsement was signed over this very log
        if rotation.size > checkpoint.size or tree.root(rotation.size) != rotation.root:
            raise VerifyError(f"the key rotation at size {rotation.size} signed another tree than this log")
    if 0 < seen_size < checkpoint.size:
        # The instance's own consistency proof must agree too (what witnesses and light clients rely on).
        old_root = tree.root(seen_size)
        proof = json.loads(_get(f"{url}/ledger/proof/consistency.json?first={seen_size}&second={checkpoint.size}"))
        path = [base64.b64decode(h) for h in proof["hashes"]]
        if not merkle.verify_consistency(seen_size, checkpoint.size, old_root, checkpoint.root, path):
            raise VerifyError(f"the instance's consistency proof from {seen_size} does not verify", index=seen_size)
    state.mkdir(parents=True, exist_ok=True)
    (state / "key").write_text(key + "\n")
    (state / "checkpoint").write_text(note)  # the very checkpoint that was verified
    tmp = state / "leaves.tmp"
    tmp.write_bytes(bytes(hashes))
    tmp.replace(state / "leaves")
    return Report(origin, checkpoint.size, checkpoint.size - seen_size, checkpoint.root, len(rotations))


@dataclass
class Witnessed:
    key: str  # the witness's verifier key, for the log's operator to list
    accepted: bool
    message: str


def witness(url: str, state_base: Path, name: str, *, now: int | None = None) -> Witnessed:
    """Cosign the checkpoint ``verify_url`` just verified (and found consistent with every earlier one) and send
    the cosignature to the instance (``POST /ledger/witness``). The witness key lives in the state directory."""
    import time
    import urllib.error

    if not name or any(c.isspace() or c == "+" for c in name):
        raise VerifyError(f"a witness name has no spaces or '+': {name!r}")
    key = notes.load_or_create_witness_key(state_base / "witness" / f"{re.sub(r'[^A-Za-z0-9._-]+', '_', name)}.key")
    vkey = notes.witness_verifier_key(name, notes.public_bytes(key.public_key()))
    served = _get(f"{url.rstrip('/')}/ledger/key").decode().strip()
    note = (state_dir_for(state_base, served.split("+", 1)[0]) / "checkpoint").read_text()
    body, signatures = notes.note_signatures(note)
    line = notes.cosign(body, name, key, int(time.time()) if now is None else now)
    cosigned = body + "\n" + "".join(s[2] for s in signatures) + line
    request = urllib.request.Request(  # noqa: S310 - http(s) only (checked by _get above)
        f"{url.rstrip('/')}/ledger/witness",
        data=cosigned.encode(),
        headers={"User-Agent": "dauys-verify", "Content-Type": "text/plain; charset=utf-8"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            answer = json.loads(response.read())
            return Witnessed(vkey, True, f"cosigned size {answer['size']}")
    except urllib.error.HTTPError as exc:
        try:
            message = json.loads(exc.read())["error"]["message"]
        except (ValueError, KeyError):
            message = f"HTTP {exc.code}"
        return Witnessed(vkey, False, message)
