"""`dauys mirror PATH`: a real granian serving an export read-only — the same ledger (verify works against it),
the API's reads, pages in kk/ru/en; a tampered export is refused."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from dauys.accountability import reports
from dauys.cli import main
from dauys.discussions import services as discussions
from dauys.ledger import canonical, sequencer
from dauys.ledger.models import Pending


@pytest.fixture(autouse=True)
def own_key(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.DATA_DIR = tmp_path / "instance"


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def _start(path: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "DAUYS_TESTING"))}
    command = [sys.executable, "-m", "dauys", "mirror", str(path), "--port", str(port), "--processes", "1"]
    server = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            return server, base
        try:
            if _get(f"{base}/healthz")[0] == 200:
                return server, base
        except OSError:
            time.sleep(0.2)
    raise AssertionError("the mirror did not start")


@pytest.mark.slow
@pytest.mark.django_db
def test_a_mirror_serves_the_record_verifiably_and_read_only(  # type: ignore[no-untyped-def]
    make_problem, recorded_appeal, author, tmp_path, capsys
) -> None:
    problem = make_problem(title="Broken lights on Abai street")
    appeal = recorded_appeal(timezone.localdate() - timedelta(days=40), problem=problem)
    reports.write_due(timezone.localdate())  # this week's and month's reports are not due yet: the last ones are
    discussions.comment_post(target_key=f"problem:{problem.pk}", body="Still dark at night", author=author)
    for i in range(300):
        Pending.objects.create(data=canonical.dumps({"v": 1, "type": "test", "n": i, "object": f"/t/{i}"}))
    sequencer.sequence_all()
    export = tmp_path / "export"
    assert main(["export", str(export)]) == 0
    instance_tile = Client().get("/ledger/tile/0/000").content
    instance_checkpoint = Client().get("/ledger/checkpoint").content.decode()

    server, base = _start(export)
    try:
        assert server.poll() is None
        # The ledger is the instance's: a verifier cannot tell the mirror from the original.
        assert main(["verify", base, "--state", str(tmp_path / "state")]) == 0
        assert "OK" in capsys.readouterr().out
        assert _get(f"{base}/ledger/checkpoint")[1].decode() == instance_checkpoint
        assert _get(f"{base}/ledger/tile/0/000")[1] == instance_tile
        # The API's reads.
        status, body = _get(f"{base}/api/v1/problems/{problem.pk}")
        exported = json.loads((export / "data" / "problems.jsonl").read_text().splitlines()[0])
        assert status == 200 and json.loads(body) == exported
        status, body = _get(f"{base}/api/v1/problems/999999")
        assert status == 404 and json.loads(body)["error"]["code"] == "not_found"
        # Pages in each language, from the instance's own catalogues.
        status, body = _get(f"{base}/kk/problems/{problem.pk}/")
        page = body.decode()
        assert status == 200 and "Broken lights on Abai street" in page and "тек оқуға арналған айнасы" in page
        assert "Still dark at night" in page and "ашық" in page  # the comment, and the status in Kazakh
        assert "только для чтения" in _get(f"{base}/ru/")[1].decode()
        assert "read-only mirror" in _get(f"{base}/en/authorities/")[1].decode()
        # Scorecards (over the standard periods, as of the export) and reports, as the instance gives them.
        slug = appeal.authority.slug
        for query in ("?period=all", "?period=12m&scope=vertical", "?period=30d"):
            status, body = _get(f"{base}/api/v1/authorities/{slug}/scorecard{query}")
            instance = Client().get(f"/api/v1/authorities/{slug}/scorecard{query}").json()
            assert status == 200 and json.loads(body)["figures"] == instance["figures"], query
        assert json.loads(_get(f"{base}/api/v1/authorities/{slug}/scorecard?period=all")[1])["figures"]["received"] == 1
        assert json.loads(_get(f"{base}/api/v1/authorities/{slug}/scorecard?period=30d")[1])["figures"]["received"] == 0
        status, body = _get(f"{base}/api/v1/places/astana/scorecard?period=all")
        assert status == 200 and json.loads(body)["figures"]["received"] == 1
        status, body = _get(f"{base}/api/v1/authorities/{slug}/scorecard?period=custom&from=2026-01-01&to=2026-02-01")
        assert status == 400 and "30d, 90d, 12m and all" in json.loads(body)["error"]["message"]
        assert _get(f"{base}/api/v1/authorities/nobody/scorecard")[0] == 404
        assert _get(f"{base}/api/v1/places/astana/scorecard?scope=vertical")[0] == 400
        status, body = _get(f"{base}/kk/authorities/{slug}/scorecard/?period=all")
        page = body.decode()
        assert status == 200 and "Түскен өтініштер" in page and "тек оқуға арналған айнасы" in page, page
        assert f'href="/kk/authorities/{slug}/scorecard/"' in _get(f"{base}/kk/authorities/")[1].decode()
        assert _get(f"{base}/ru/places/astana/scorecard/?period=nonsense")[0] == 200  # shows the default period
        assert _get(f"{base}/en/authorities/nobody/scorecard/")[0] == 404
        instance_reports = Client().get("/api/v1/reports?limit=100").json()["items"]
        status, body = _get(f"{base}/api/v1/reports")
        mirrored = json.loads(body)["items"]
        assert status == 200 and len(mirrored) == len(instance_reports) == 2 * 21
        assert [(r["kind"], r["key"], r["place"]) for r in mirrored] == [
            (r["kind"], r["key"], r["place"]) for r in instance_reports
        ]
        monthly = next(r for r in mirrored if r["kind"] == "monthly" and r["place"] is None)
        status, body = _get(f"{base}/api/v1/reports/monthly/{monthly['key']}")
        assert status == 200 and json.loads(body) == monthly
        assert _get(f"{base}/api/v1/reports?kind=yearly")[0] == 400
        assert len(json.loads(_get(f"{base}/api/v1/reports?place=country")[1])["items"]) == 2
        status, body = _get(f"{base}/ru/reports/")
        assert status == 200 and f"/ru/reports/monthly/{monthly['key']}/" in body.decode()
        status, body = _get(f"{base}/ru/reports/monthly/{monthly['key']}/astana/")
        assert status == 200 and "Месячный отчёт" in body.decode() and "Астана" in body.decode()
        assert _get(f"{base}/ru/reports/monthly/1999-01/")[0] == 404
        # Read-only.
        request = urllib.request.Request(f"{base}/api/v1/problems", data=b"{}", method="POST")
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)
        assert refused.value.code == 405
    finally:
        server.terminate()
        server.wait(timeout=30)

    tampered = tmp_path / "tampered"
    shutil.copytree(export, tampered)
    problems = tampered / "data" / "problems.jsonl"
    problems.write_text(problems.read_text().replace("Broken lights", "Fixed lights"))
    refused_server, _ = _start(tampered)
    output = refused_server.communicate(timeout=30)[0].decode()
    assert refused_server.returncode == 1 and "does not verify" in output and "problems.jsonl" in output
