"""The ledger's endpoints: a signed C2SP checkpoint, its verifier key, entries and proofs that check against it."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import stat

import pytest
from django.test import Client

from dauys.ledger import canonical, merkle, notes, sequencer
from dauys.ledger.models import Pending

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def own_key(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.DATA_DIR = tmp_path
    settings.BASE_URL = "https://dauys.example.org"


def _log(n: int) -> list[bytes]:
    for i in range(n):
        Pending.objects.create(data=canonical.dumps({"v": 1, "type": "test", "n": i, "object": f"/t/{i}"}))
    sequencer.sequence_all()
    return [canonical.dumpb({"v": 1, "type": "test", "n": i, "object": f"/t/{i}"}) for i in range(n)]


def test_checkpoint_is_a_signed_note_by_the_published_key(client: Client, tmp_path) -> None:  # type: ignore[no-untyped-def]
    data = _log(21)
    note = client.get("/ledger/checkpoint")
    assert note["Content-Type"] == "text/plain; charset=utf-8"
    vkey = client.get("/ledger/key").content.decode().strip()
    name, hash_hex, b64 = vkey.split("+", 2)
    assert name == "dauys.example.org/ledger"
    public = base64.b64decode(b64)[1:]
    # C2SP: key hash = SHA-256(name || 0x0A || 0x01 || key)[:4]; the signature line starts with it.
    assert hash_hex == hashlib.sha256(name.encode() + b"\n\x01" + public).digest()[:4].hex()
    text = note.content.decode()
    body, signature_line = text.split("\n\n")
    assert body.split("\n") == [name, "21", base64.b64encode(merkle.mth(data)).decode()]
    assert signature_line.startswith(f"\u2014 {name} ") and text.endswith("\n")
    assert base64.b64decode(signature_line.rsplit(" ", 1)[1])[:4].hex() == hash_hex
    checkpoint = notes.open_checkpoint(text, vkey)
    assert (checkpoint.size, checkpoint.root) == (21, merkle.mth(data))
    key_file = tmp_path / "ledger-ed25519.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_a_changed_or_foreign_checkpoint_is_refused(client: Client) -> None:
    _log(3)
    text = client.get("/ledger/checkpoint").content.decode()
    vkey = client.get("/ledger/key").content.decode().strip()
    with pytest.raises(ValueError, match="does not verify"):
        notes.open_checkpoint(text.replace("\n3\n", "\n2\n", 1), vkey)
    other = notes.verifier_key("dauys.example.org/ledger", bytes(32))
    with pytest.raises(ValueError):
        notes.open_checkpoint(text, other)


def test_entries_and_proofs_check_against_the_checkpoint(client: Client) -> None:
    data = _log(45)
    vkey = client.get("/ledger/key").content.decode().strip()
    head = notes.open_checkpoint(client.get("/ledger/checkpoint").content.decode(), vkey)
    page = client.get("/ledger/entries.json?start=40&end=60").json()["entries"]
    assert [e["index"] for e in page] == [40, 41, 42, 43, 44]
    assert [e["data"].encode() for e in page] == data[40:]
    for i in (0, 17, 44):
        proof = client.get(f"/ledger/proof/inclusion.json?leaf_index={i}&tree_size=45").json()
        hashes = [base64.b64decode(h) for h in proof["hashes"]]
        assert merkle.verify_inclusion(merkle.leaf_hash(data[i]), i, 45, hashes, head.root)
    old_root = merkle.mth(data[:13])
    proof = client.get("/ledger/proof/consistency.json?first=13&second=45").json()
    assert proof["first"] == 13 and proof["second"] == 45
    assert merkle.verify_consistency(13, 45, old_root, head.root, [base64.b64decode(h) for h in proof["hashes"]])


def test_bad_queries_get_precise_errors(client: Client) -> None:
    _log(5)
    cases = {
        "/ledger/proof/inclusion.json?leaf_index=x&tree_size=5": (400, "leaf_index must be a whole number"),
        "/ledger/proof/inclusion.json?tree_size=5": (400, "leaf_index is required"),
        "/ledger/proof/inclusion.json?leaf_index=5&tree_size=5": (400, "leaf_index must be smaller than tree_size"),
        "/ledger/proof/inclusion.json?leaf_index=1&tree_size=6": (404, "larger than the latest checkpoint"),
        "/ledger/proof/consistency.json?first=0&second=5": (400, "first must be at least 1"),
        "/ledger/entries.json?start=4&end=2": (400, "end must not be before start"),
    }
    for url, (status, message) in cases.items():
        response = client.get(url)
        assert response.status_code == status, url
        assert message in response.json()["error"]["message"], url


def test_entries_come_at_most_a_thousand_a_page(client: Client) -> None:
    _log(1005)
    body = client.get("/ledger/entries.json?start=0&end=1005").json()
    assert len(body["entries"]) == 1000 and body["entries"][-1]["index"] == 999
    assert json.loads(body["entries"][0]["data"])["n"] == 0


def test_verifier_keys_whose_base64_holds_a_plus_sign_parse() -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    for _ in range(200):
        public = notes.public_bytes(Ed25519PrivateKey.generate().public_key())
        vkey = notes.verifier_key("example.org/log", public)
        if "+" in vkey.split("+", 2)[2]:
            assert notes.parse_verifier_key(vkey) == (
                "example.org/log",
                notes.key_hash("example.org/log", public),
                public,
            )
            return
    pytest.fail("no key with a '+' in its base64 in 200 tries")


def test_tiles_in_the_c2sp_layout(client: Client) -> None:
    data = _log(600)
    leaf_hashes = [merkle.leaf_hash(d) for d in data]
    full = client.get("/ledger/tile/0/000")
    assert full.status_code == 200 and full["Cache-Control"].endswith("immutable")
    assert full.content == b"".join(leaf_hashes[:256])
    assert client.get("/ledger/tile/0/001").content == b"".join(leaf_hashes[256:512])
    partial = client.get("/ledger/tile/0/002.p/88")
    assert partial.status_code == 200 and partial.content == b"".join(leaf_hashes[512:600])
    assert client.get("/ledger/tile/0/002").status_code == 404  # not full yet
    assert client.get("/ledger/tile/0/002.p/89").status_code == 404  # beyond the log
    # Level 1 holds the roots of the 256-leaf subtrees.
    assert client.get("/ledger/tile/1/000.p/2").content == merkle.mth(data[:256]) + merkle.mth(data[256:512])
    bundle = client.get("/ledger/tile/entries/000").content
    first = int.from_bytes(bundle[:2], "big")
    assert bundle[2 : 2 + first] == data[0]
    assert client.get("/ledger/tile/entries/x001/000").status_code == 404  # the x-grouped index 1000
    assert client.get("/ledger/tile/0/12").status_code == 404  # not a tile path


def test_tile_indexes_are_read_in_groups_of_three_digits() -> None:
    from dauys.ledger.views import _tile_index

    assert _tile_index("x001/x234/067") == 1234067 and _tile_index("000") == 0 and _tile_index("x001/000") == 1000


@pytest.mark.django_db
def test_every_public_page_links_to_its_record_with_its_entries_and_proofs(  # type: ignore[no-untyped-def]
    make_problem, author, yesil_akimat, settings, tmp_path
) -> None:
    from django.test import Client

    from dauys.authorities import services as authorities
    from dauys.discussions import services as discussions
    from dauys.ledger import sequencer

    settings.DATA_DIR = tmp_path
    problem = make_problem()
    comment = discussions.comment_post(target_key=f"problem:{problem.pk}", body="On the record", author=author)
    authorities.authority_save(authority=yesil_akimat, changed=["email"])
    sequencer.sequence_all()
    client = Client()
    slug, place = yesil_akimat.slug, yesil_akimat.place.slug
    pages = {
        f"/en/problems/{problem.pk}/": (f"/en/problems/{problem.pk}/record/", "published"),
        f"/en/comments/{comment.pk}/": (f"/en/comments/{comment.pk}/record/", "comment posted"),
        f"/en/authorities/{slug}/": (f"/en/authorities/{slug}/record/", "changed by the operators"),
        f"/en/places/{place}/": (f"/en/places/{place}/record/", "No entry yet"),
    }
    for page, (record, expected) in pages.items():
        assert record in client.get(page).content.decode(), page
        html = client.get(record).content.decode()
        assert expected in html, record
        if expected != "No entry yet":
            assert "/ledger/proof/inclusion.json?leaf_index=" in html
            # Signed in UTC, shown in Kazakhstan's time as every other time (the clock stands at 10:00 in Almaty).
            shown = re.search(r"<time[^>]*>[^<]*</time>", html)
            assert shown, html[html.find("ledger-entries") :][:600]
            local = r'<time datetime="2026-06-10T10:0\d:\d\d(\.\d+)?\+05:00">10 Jun 2026, 10:0\d \(UTC\+5\)</time>'
            assert re.fullmatch(local, shown[0]), shown[0]
    discussions.comment_delete(comment=comment, user=author)
    assert client.get(f"/en/comments/{comment.pk}/record/").status_code == 200  # a tombstone keeps its record
    assert client.get("/en/comments/999999/record/").status_code == 404
