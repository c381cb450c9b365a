"""`dauys verify` against a real HTTP server: a good log passes; a rewritten, truncated or re-keyed one fails."""

from __future__ import annotations

import pytest

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
