"""`dauys verify` against a real HTTP server: a good log passes; a rewritten, truncated or re-keyed one fails."""

from __future__ import annotations

import pytest
from django.test import Client

from dauys.cli import main
from dauys.ledger import canonical, merkle, sequencer
from dauys.ledger.models import Entry, Head, Node, Pending, SignedCheckpoint


@pytest.fixture(autouse=True)
def own_key(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.DATA_DIR = tmp_path / "instance"


def _append(n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        Pending.objects.create(data=canonical.dumps({"v": 1, "type": "test", "n": i, "object": f"/t/{i}"}))
    sequencer.sequence_all()


def _rebuild_and_resign() -> None:
    """What an operator rewriting history would do: recompute the stored tree and sign a fresh checkpoint."""
    Node.objects.all().delete()
    tree = merkle.MemoryTree()
    for entry in Entry.objects.order_by("index"):
        tree.append_hash(merkle.leaf_hash(entry.data.encode()))
        entry.leaf_hash = merkle.leaf_hash(entry.data.encode())
        entry.save()
    Node.objects.bulk_create(
        Node(level=level, index=i, hash=h) for level, hashes in enumerate(tree.levels) for i, h in enumerate(hashes)
    )
    Head.objects.filter(pk=1).update(size=tree.size)
    SignedCheckpoint.objects.all().delete()
    sequencer.sign_checkpoint()


def _verify(url: str, state, capsys) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    code = main(["verify", url, "--state", str(state)])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.mark.django_db(transaction=True)
def test_a_growing_log_verifies_and_a_rewritten_one_fails_naming_the_entry(live_server, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    state = tmp_path / "state"
    _append(30)
    code, out = _verify(live_server.url, state, capsys)
    assert code == 0 and "30 entries, 30 new" in out
    _append(12, start=30)
    code, out = _verify(live_server.url, state, capsys)
    assert code == 0 and "42 entries, 12 new" in out

    Entry.objects.filter(index=7).update(data=canonical.dumps({"v": 1, "type": "test", "n": "rewritten"}))
    _rebuild_and_resign()
    code, out = _verify(live_server.url, state, capsys)
    assert code == 1 and "FAILED (entry 7)" in out and "changed" in out


@pytest.mark.django_db(transaction=True)
def test_a_truncated_log_fails(live_server, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    state = tmp_path / "state"
    _append(20)
    assert _verify(live_server.url, state, capsys)[0] == 0
    Entry.objects.filter(index=19).delete()
    _rebuild_and_resign()
    code, out = _verify(live_server.url, state, capsys)
    assert code == 1 and "truncated" in out and "(entry 19)" in out


@pytest.mark.django_db(transaction=True)
def test_a_new_key_fails_and_an_unreachable_instance_is_an_error(live_server, settings, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    state = tmp_path / "state"
    _append(3)
    assert _verify(live_server.url, state, capsys)[0] == 0
    (settings.DATA_DIR / "ledger-ed25519.key").unlink()  # the operator (or a seizure) replaces the key
    SignedCheckpoint.objects.all().delete()
    sequencer.sign_checkpoint()
    code, out = _verify(live_server.url, state, capsys)
    assert code == 1 and "key changed" in out
    code, out = _verify("http://127.0.0.1:9", tmp_path / "other", capsys)
    assert code == 2 and "cannot read" in out


@pytest.mark.django_db(transaction=True)
def test_a_rotated_key_is_followed_when_the_old_key_endorsed_it(live_server, settings, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from dauys.ledger import notes
    from dauys.ledger.models import KeyRotation

    state = tmp_path / "state"
    _append(10)
    assert _verify(live_server.url, state, capsys)[0] == 0
    old_key = notes.verifier_key(notes.origin(), notes.public_bytes(notes.load_or_create_key().public_key()))
    assert main(["rotate-key"]) == 0
    rotation = KeyRotation.objects.get()
    assert (rotation.old_key, rotation.size) == (old_key, 10) and rotation.new_key != old_key
    assert sorted(p.name.split("-", 1)[1] for p in (settings.DATA_DIR / "ledger-retired-keys").iterdir()) == [
        old_key.split("+")[1] + ".key"
    ]
    _append(5, start=10)  # signed by the new key only from now on
    code, out = _verify(live_server.url, state, capsys)
    assert code == 0 and "15 entries, 5 new" in out and "rotated 1×" in out
    # The endorsement (signed by both keys) is public, and the next run trusts the new key directly.
    assert Client().get("/ledger/keys").json()["rotations"][0]["new"] == rotation.new_key
    code, out = _verify(live_server.url, state, capsys)
    assert code == 0 and "rotated" not in out

    # Whoever pinned the old key by hand follows the rotation too; a forged endorsement does not pass.
    assert main(["verify", live_server.url, "--state", str(tmp_path / "pinned"), "--key", old_key]) == 0
    capsys.readouterr()
    body, signatures = notes.note_signatures(rotation.note)
    KeyRotation.objects.update(note=body + "\n" + signatures[1][2])  # only the new key's signature is left
    assert main(["verify", live_server.url, "--state", str(tmp_path / "forged"), "--key", old_key]) == 1
    assert "the key rotation at size 10 does not verify" in capsys.readouterr().err


@pytest.mark.django_db
def test_a_crash_during_a_rotation_is_finished_or_undone_before_the_next_checkpoint(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from dauys.ledger import notes
    from dauys.ledger.models import KeyRotation

    settings.DATA_DIR = tmp_path / "instance"
    _append(2)
    old = notes.load_or_create_key()

    def vkey(key: Ed25519PrivateKey) -> str:
        return notes.verifier_key(notes.origin(), notes.public_bytes(key.public_key()))

    # The new key was staged but the rotation never committed: the old key goes on signing.
    notes.write_key(notes.next_key_path(), Ed25519PrivateKey.generate())
    _append(1, start=2)
    assert vkey(notes.load_or_create_key()) == vkey(old) and not notes.next_key_path().exists()
    latest = SignedCheckpoint.objects.order_by("-pk").first()
    assert latest is not None and notes.open_checkpoint(latest.note, vkey(old)).size == 3
    # The rotation committed but the process died before the new key took over: the next checkpoint finishes it.
    new = Ed25519PrivateKey.generate()
    notes.write_key(notes.next_key_path(), new)
    KeyRotation.objects.create(size=3, old_key=vkey(old), new_key=vkey(new), note="(as signed by both)")
    _append(1, start=3)
    latest = SignedCheckpoint.objects.order_by("-pk").first()
    assert latest is not None and notes.open_checkpoint(latest.note, vkey(new)).size == 4
