"""Witnesses: `dauys verify --witness` cosigns a verified checkpoint (C2SP tlog-cosignature) and sends it to the
instance, which keeps it only from witnesses its operator lists, serves it with the checkpoint and shows it."""

from __future__ import annotations

import base64
import re

import pytest
from django.test import Client

from dauys.cli import main
from dauys.ledger import canonical, notes, sequencer
from dauys.ledger.models import Cosignature, Pending, SignedCheckpoint


@pytest.fixture(autouse=True)
def own_key(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.DATA_DIR = tmp_path / "instance"
    settings.LEDGER_WITNESSES = []


def _append(n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        Pending.objects.create(data=canonical.dumps({"v": 1, "type": "test", "n": i, "object": f"/t/{i}"}))
    sequencer.sequence_all()


def _run(*args: str, capsys) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.mark.django_db(transaction=True)
def test_a_listed_witness_cosigns_what_it_verified_and_the_instance_serves_and_shows_it(  # type: ignore[no-untyped-def]
    live_server, tmp_path, capsys, settings
) -> None:
    state = str(tmp_path / "witness-state")
    _append(20)
    code, out = _run("verify", live_server.url, "--state", state, "--witness", "observer.example", capsys=capsys)
    assert code == 3 and "DAUYS_LEDGER_WITNESSES" in out  # not listed: refused, and told which key to give
    vkey = re.search(r"(observer\.example\+[0-9a-f]{8}\+\S+)", out).group(1)  # type: ignore[union-attr]
    assert notes.parse_witness_key(vkey)[0] == "observer.example"
    assert not Cosignature.objects.exists()

    settings.LEDGER_WITNESSES = [vkey]  # the operator lists it
    _append(5, start=20)
    code, out = _run("verify", live_server.url, "--state", state, "--witness", "observer.example", capsys=capsys)
    assert code == 0 and "witnessed — cosigned size 25" in out
    cosignature = Cosignature.objects.get()
    assert (cosignature.witness, cosignature.size) == ("observer.example", 25)

    # The checkpoint now carries the witness's line; a C2SP client can check it with the witness key alone.
    note = Client().get("/ledger/checkpoint").content.decode()
    body, signatures = notes.note_signatures(note)
    assert [signer for signer, _, _ in signatures] == [notes.origin(), "observer.example"]
    _name, key_id, public = notes.parse_witness_key(vkey)
    raw = signatures[1][1]
    assert raw[:4] == key_id and notes.open_cosignature(body, raw, public) > 0
    # The log's own verification is untouched by the extra line.
    assert notes.open_checkpoint(note, Client().get("/ledger/key").content.decode()).size == 25

    page = Client().get("/en/record/").content.decode()
    assert "observer.example" in page and ">25<" in page


@pytest.mark.django_db
def test_the_instance_refuses_bad_cosignatures_forks_and_strangers(tmp_path, settings) -> None:  # type: ignore[no-untyped-def]
    _append(3)
    latest = SignedCheckpoint.objects.order_by("-pk").first()
    assert latest is not None
    key = notes.load_or_create_witness_key(tmp_path / "w.key")
    vkey = notes.witness_verifier_key("w.example", notes.public_bytes(key.public_key()))
    settings.LEDGER_WITNESSES = [vkey]
    body, _ = notes.note_signatures(latest.note)

    def send(text: str) -> tuple[int, str]:
        response = Client().post("/ledger/witness", text, content_type="text/plain")
        return response.status_code, response.json()["error"]["message"] if response.status_code != 200 else ""

    good = latest.note + notes.cosign(body, "w.example", key, 1_790_000_000)
    assert send(good) == (200, "")
    # A signature byte flipped.
    line = notes.cosign(body, "w.example", key, 1_790_000_001)
    raw = bytearray(base64.b64decode(line.split()[-1]))
    raw[-1] ^= 1
    forged = latest.note + f"{notes.DASH}w.example {base64.b64encode(bytes(raw)).decode()}\n"
    assert send(forged) == (400, "w.example: the cosignature does not verify")
    # A checkpoint of this origin with a root this log never signed: somebody was shown a fork.
    fork_body = notes.checkpoint_body(notes.origin(), latest.size, bytes(32))
    fork = notes.sign_note(fork_body, notes.origin(), notes.load_or_create_key())
    code, message = send(fork + notes.cosign(fork_body, "w.example", key, 1_790_000_002))
    assert code == 409 and "never signed" in message
    # A witness the operator does not list.
    stranger = notes.load_or_create_witness_key(tmp_path / "s.key")
    code, message = send(latest.note + notes.cosign(body, "s.example", stranger, 1_790_000_003))
    assert code == 403 and "DAUYS_LEDGER_WITNESSES" in message
    malformed = "not a cosigned checkpoint: not a signed note: no blank line before the signatures"
    assert send("not a note") == (400, malformed)
    assert Cosignature.objects.count() == 1


def test_a_malformed_witness_key_in_the_configuration_names_itself(settings) -> None:  # type: ignore[no-untyped-def]
    from django.apps import apps

    from dauys import config

    settings.LEDGER_WITNESSES = ["w.example+00000000+AQID"]
    with pytest.raises(config.ConfigError, match=r"^DAUYS_LEDGER_WITNESSES: not an Ed25519 cosignature key"):
        apps.get_app_config("ledger").ready()  # what the start runs
