"""C2SP signed notes and tlog checkpoints, with the instance's Ed25519 key.

A checkpoint (C2SP tlog-checkpoint) is the text ``<origin>\\n<tree size>\\n<base64 root hash>\\n``; as a signed
note (C2SP signed-note) it is followed by a blank line and one line per signature:
``— <key name> <base64(4-byte key hash || 64-byte Ed25519 signature over the text)>``. The key hash is the first
4 bytes of SHA-256(<key name> || 0x0A || 0x01 || <32-byte public key>), and the verifier key that clients pin is
``<key name>+<8 hex digits of the key hash>+<base64(0x01 || public key)>``.

The key lives in the data directory (``ledger-ed25519.key``, made at ``dauys init``); the key name is the log's
origin (``DAUYS_LEDGER_ORIGIN``, by default the host of the base URL followed by ``/ledger``).
"""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

ALG_ED25519 = b"\x01"
DASH = "\u2014 "


def origin() -> str:
    from django.conf import settings

    configured = os.environ.get("DAUYS_LEDGER_ORIGIN", "").strip()
    return configured or f"{urlsplit(settings.BASE_URL).netloc}/ledger"


def key_path() -> Path:
    from django.conf import settings

    return Path(settings.DATA_DIR) / "ledger-ed25519.key"


def next_key_path() -> Path:
    """Where a rotation stages the new key until the rotation is committed."""
    return key_path().with_name("ledger-ed25519.next.key")


def read_key(path: Path) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path} does not hold an Ed25519 key")
    return key


_loaded: dict[tuple[str, int, int], Ed25519PrivateKey] = {}


def load_or_create_key() -> Ed25519PrivateKey:
    """The instance's signing key, parsed once per process (again only if the file is replaced)."""
    path = key_path()
    if path.exists():
        st = path.stat()
        cache_key = (str(path), st.st_ino, st.st_mtime_ns)
        if cache_key not in _loaded:
            key = read_key(path)
            _loaded.clear()
            _loaded[cache_key] = key
        return _loaded[cache_key]
    key = Ed25519PrivateKey.generate()
    if not write_key(path, key, replace=False):
        return load_or_create_key()  # another process made the key first: everyone signs with that one
    return key


def write_key(path: Path, key: Ed25519PrivateKey, *, replace: bool = True) -> bool:
    """Write a private key atomically, readable by its owner only. With ``replace=False`` a key already there is
    kept (two processes making the first key at once end up with one): False when it was."""
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(pem)
            f.flush()
            os.fsync(f.fileno())
        if replace:
            os.replace(tmp, path)
            return True
        try:
            os.link(tmp, path)  # fails if the file exists: the first writer wins
        except FileExistsError:
            return False
        return True
    finally:
        tmp.unlink(missing_ok=True)


def current_verifier_key() -> str:
    """The verifier key of the log's current signing key (``/ledger/key``)."""
    return verifier_key(origin(), public_bytes(load_or_create_key().public_key()))


def public_bytes(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_hash(name: str, public: bytes) -> bytes:
    return hashlib.sha256(name.encode() + b"\n" + ALG_ED25519 + public).digest()[:4]


def verifier_key(name: str, public: bytes) -> str:
    return f"{name}+{key_hash(name, public).hex()}+{base64.b64encode(ALG_ED25519 + public).decode()}"


def parse_verifier_key(vkey: str) -> tuple[str, bytes, bytes]:
    """(name, key hash, public key) of a verifier key; ValueError if it is malformed."""
    name, hash_hex, b64 = vkey.strip().split("+", 2)  # a name has no "+"; base64 may
    raw = base64.b64decode(b64, validate=True)
    if raw[:1] != ALG_ED25519 or len(raw) != 33:
        raise ValueError("not an Ed25519 verifier key")
    if key_hash(name, raw[1:]).hex() != hash_hex:
        raise ValueError("the verifier key's hash does not match its name and key")
    return name, bytes.fromhex(hash_hex), raw[1:]


def checkpoint_body(name: str, size: int, root: bytes) -> str:
    return f"{name}\n{size}\n{base64.b64encode(root).decode()}\n"


def sign_note(body: str, name: str, *keys: Ed25519PrivateKey) -> str:
    """A signed note: the text, a blank line, one signature line per key (all under the same name)."""
    if not body.endswith("\n"):
        raise ValueError("a note's text ends with a newline")
    lines = []
    for key in keys:
        public = public_bytes(key.public_key())
        signature = key.sign(body.encode())
        lines.append(f"{DASH}{name} {base64.b64encode(key_hash(name, public) + signature).decode()}\n")
    return f"{body}\n{''.join(lines)}"


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    size: int
    root: bytes


def open_note(note: str, vkey: str) -> str:
    """The text of a note signed by ``vkey`` (other signers' lines are ignored); ValueError if it is not."""
    name, khash, public = parse_verifier_key(vkey)
    body, signatures = note_signatures(note)
    for signer, raw, _line in signatures:
        if signer != name or raw[:4] != khash:
            continue
        try:
            Ed25519PublicKey.from_public_bytes(public).verify(raw[4:], body.encode())
        except InvalidSignature:
            raise ValueError("the signature does not verify") from None
        return body
    raise ValueError(f"the note carries no signature by {name}")


def open_checkpoint(note: str, vkey: str) -> Checkpoint:
    """Check the note's signature by ``vkey`` and parse its checkpoint; ValueError names what is wrong."""
    name, khash, public = parse_verifier_key(vkey)
    body, sep, signatures = note.partition("\n\n")
    if not sep:
        raise ValueError("not a signed note: no blank line before the signatures")
    body += "\n"
    for line in signatures.splitlines():
        if not line.startswith(DASH):
            raise ValueError(f"malformed signature line: {line!r}")
        signer, _, b64 = line[len(DASH) :].rpartition(" ")
        raw = base64.b64decode(b64, validate=True)
        if signer != name or raw[:4] != khash:
            continue  # another signer (a witness): not ours to check here
        try:
            Ed25519PublicKey.from_public_bytes(public).verify(raw[4:], body.encode())
        except InvalidSignature:
            raise ValueError("the checkpoint's signature does not verify") from None
        lines = body.split("\n")
        if len(lines) < 4 or lines[0] != name:
            raise ValueError(f"the checkpoint is for origin {lines[0]!r}, not {name!r}")
        return Checkpoint(lines[0], int(lines[1]), base64.b64decode(lines[2], validate=True))
    raise ValueError(f"the note carries no signature by {name}")


# Witnesses (C2SP tlog-witness / tlog-cosignature): a witness that verified a checkpoint, and that it is
# consistent with every earlier one it saw, adds its own line to the note:
# ``— <witness name> <base64(4-byte key id || 8-byte big-endian UNIX time || 64-byte Ed25519 signature)>``, the
# signature being over ``cosignature/v1\ntime <time>\n<checkpoint text>``. Its key id uses the signature type 0x04
# (timestamped Ed25519 cosignature), so it can never be mistaken for a log's own signature.
ALG_COSIGNATURE = b"\x04"


def cosignature_key_hash(name: str, public: bytes) -> bytes:
    return hashlib.sha256(name.encode() + b"\n" + ALG_COSIGNATURE + public).digest()[:4]


def witness_verifier_key(name: str, public: bytes) -> str:
    encoded = base64.b64encode(ALG_COSIGNATURE + public).decode()
    return f"{name}+{cosignature_key_hash(name, public).hex()}+{encoded}"


def parse_witness_key(vkey: str) -> tuple[str, bytes, bytes]:
    """(name, key id, public key) of a witness's verifier key; ValueError if it is malformed."""
    try:
        name, hash_hex, b64 = vkey.strip().split("+", 2)
        raw = base64.b64decode(b64, validate=True)
    except ValueError:
        raise ValueError(f"not a witness verifier key: {vkey[:60]!r}") from None
    if not name or raw[:1] != ALG_COSIGNATURE or len(raw) != 33:
        raise ValueError(f"not an Ed25519 cosignature key (type 0x04): {vkey[:60]!r}")
    if cosignature_key_hash(name, raw[1:]).hex() != hash_hex:
        raise ValueError(f"the witness key's hash does not match its name and key: {vkey[:60]!r}")
    return name, bytes.fromhex(hash_hex), raw[1:]


def cosignature_message(body: str, timestamp: int) -> bytes:
    return f"cosignature/v1\ntime {timestamp}\n{body}".encode()


def cosign(body: str, name: str, key: Ed25519PrivateKey, timestamp: int) -> str:
    """The witness's signature line for a checkpoint text it verified."""
    public = public_bytes(key.public_key())
    signature = key.sign(cosignature_message(body, timestamp))
    raw = cosignature_key_hash(name, public) + timestamp.to_bytes(8, "big") + signature
    return f"{DASH}{name} {base64.b64encode(raw).decode()}\n"


def note_signatures(note: str) -> tuple[str, list[tuple[str, bytes, str]]]:
    """The text of a signed note and its signature lines as (signer name, raw bytes, the whole line)."""
    body, sep, rest = note.partition("\n\n")
    if not sep:
        raise ValueError("not a signed note: no blank line before the signatures")
    found = []
    for line in rest.splitlines():
        if not line.startswith(DASH):
            raise ValueError(f"malformed signature line: {line[:80]!r}")
        signer, _, b64 = line[len(DASH) :].rpartition(" ")
        try:
            found.append((signer, base64.b64decode(b64, validate=True), line + "\n"))
        except ValueError:
            raise ValueError(f"malformed signature line: {line[:80]!r}") from None
    return body + "\n", found


def open_cosignature(body: str, raw: bytes, public: bytes) -> int:
    """The time of a witness's valid cosignature of ``body``; ValueError if it does not verify."""
    if len(raw) != 4 + 8 + 64:
        raise ValueError("a cosignature is 76 bytes")
    timestamp = int.from_bytes(raw[4:12], "big")
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(raw[12:], cosignature_message(body, timestamp))
    except InvalidSignature:
        raise ValueError("the cosignature does not verify") from None
    return timestamp


def load_or_create_witness_key(path: Path) -> Ed25519PrivateKey:
    """A witness's own key, made on first use (mode 0600)."""
    if path.exists():
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError(f"{path} does not hold an Ed25519 key")
        return key
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(pem)
    return key
