"""`dauys export PATH` and `dauys verify PATH`: everything public with a signed manifest, checked offline; any change
to a file, an entry, the manifest or the end of the log fails and says where. Nothing private is exported."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from dauys.cli import main
from dauys.discussions import services as discussions
from dauys.ledger import canonical, sequencer, verify
from dauys.ledger.models import Entry, Pending

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def own_key(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.DATA_DIR = tmp_path / "instance"


@pytest.fixture
def exported(make_problem, author, tmp_path, capsys) -> Path:  # type: ignore[no-untyped-def]
    problem = make_problem(title="Broken lights on Abai street")
    make_problem(title="A draft nobody may see", publish=False)
    discussions.comment_post(target_key=f"problem:{problem.pk}", body="Still dark at night", author=author)
    guest = discussions.Guest(name="Passer-by", email="secret-guest@example.org", confirmed=False)
    discussions.comment_post(target_key=f"problem:{problem.pk}", body="Unconfirmed words", guest=guest)
    for i in range(300):  # more than one tile of entries
        Pending.objects.create(data=canonical.dumps({"v": 1, "type": "test", "n": i, "object": f"/t/{i}"}))
    sequencer.sequence_all()
    path = tmp_path / "export"
    assert main(["export", str(path)]) == 0
    assert "ledger entries" in capsys.readouterr().out
    return path


def _verify(path: Path, state: Path, capsys) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    code = main(["verify", str(path), "--state", str(state)])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_an_export_holds_the_public_record_and_verifies_offline(exported: Path, author, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out = _verify(exported, tmp_path / "state", capsys)
    size = Entry.objects.count()
    assert code == 0 and f"{size} entries, {size} new" in out
    problems = [json.loads(line) for line in (exported / "data" / "problems.jsonl").read_text().splitlines()]
    assert [p["title"] for p in problems] == ["Broken lights on Abai street"]  # no draft
    comments = [json.loads(line)["body"] for line in (exported / "data" / "comments.jsonl").read_text().splitlines()]
    assert comments == ["Still dark at night"]  # not the unconfirmed guest's
    everything = "".join(p.read_text(errors="replace") for p in exported.rglob("*") if p.is_file())
    assert author.email not in everything and "secret-guest@example.org" not in everything
    manifest = json.loads((exported / "manifest.json").read_text())
    assert manifest["tree_size"] == size and "data/problems.jsonl" in manifest["files"]


def test_a_changed_file_a_rewritten_entry_a_dropped_entry_or_manifest_each_fail_saying_where(  # type: ignore[no-untyped-def]
    exported: Path, tmp_path, capsys
) -> None:
    def copy(name: str) -> Path:
        target = tmp_path / name
        shutil.copytree(exported, target)
        return target

    data = copy("data-changed")
    problems = data / "data" / "problems.jsonl"
    problems.write_text(problems.read_text().replace("Broken lights", "Fixed lights"))
    code, out = _verify(data, tmp_path / "s1", capsys)
    assert code == 1 and "data/problems.jsonl was changed after the export was signed" in out

    entry = copy("entry-changed")
    lines = (entry / "ledger" / "entries.jsonl").read_text().splitlines()
    row = json.loads(lines[7])
    row["data"] = row["data"].replace('"v":1', '"v":2')
    lines[7] = json.dumps(row)
    (entry / "ledger" / "entries.jsonl").write_text("\n".join(lines) + "\n")
    code, out = _verify(entry, tmp_path / "s2", capsys)
    assert code == 1 and "FAILED (entry 7)" in out and "not the entry the log signed" in out

    dropped = copy("entry-dropped")
    lines = (dropped / "ledger" / "entries.jsonl").read_text().splitlines()
    (dropped / "ledger" / "entries.jsonl").write_text("\n".join(lines[:-1]) + "\n")
    code, out = _verify(dropped, tmp_path / "s3", capsys)
    assert code == 1 and f"FAILED (entry {len(lines) - 1})" in out and "missing" in out

    manifest = copy("manifest-changed")
    raw = json.loads((manifest / "manifest.json").read_text())
    raw["counts"]["problems"] = 0
    (manifest / "manifest.json").write_text(json.dumps(raw))
    code, out = _verify(manifest, tmp_path / "s4", capsys)
    assert code == 1 and "manifest.json is not the manifest the instance signed" in out

    code, out = _verify(tmp_path / "nowhere", tmp_path / "s5", capsys)
    assert code == 1 and "not a Dauys export" in out


def test_an_export_must_go_into_an_empty_directory(exported: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["export", str(exported)]) == 2
    assert "is not empty" in capsys.readouterr().err


@pytest.mark.django_db(transaction=True)
def test_an_entry_rewritten_in_the_database_is_named_by_a_first_time_verifier(live_server, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    """The instance stored each leaf hash when it numbered the entry; the level-0 tiles serve them, so even a
    verifier with no earlier state can name the entry whose data no longer matches."""
    for i in range(300):
        Pending.objects.create(data=canonical.dumps({"v": 1, "type": "test", "n": i, "object": f"/t/{i}"}))
    sequencer.sequence_all()
    Entry.objects.filter(index=270).update(data=canonical.dumps({"v": 1, "type": "test", "n": "rewritten"}))
    code = main(["verify", live_server.url, "--state", str(tmp_path / "fresh")])
    err = capsys.readouterr().err
    assert code == 1 and "FAILED (entry 270)" in err and "not the entry the log signed" in err


def test_tile_paths_follow_the_c2sp_encoding() -> None:
    assert [verify.tile_path(n) for n in (0, 5, 999, 1000, 1234067)] == [
        "000",
        "005",
        "999",
        "x001/000",
        "x001/x234/067",
    ]
