"""The log with real separate processes: several appending and numbering at once leave no gap, and a process
killed (SIGKILL) in the middle of numbering leaves a consistent log that the next pass completes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.core.test_tasks import dauys, instance_env  # noqa: F401 (the fixture)

WRITER = r"""
import sys
from dauys.ledger import canonical, sequencer
from dauys.ledger.models import Pending
k, n = int(sys.argv[-2]), int(sys.argv[-1])
for i in range(n):
    Pending.objects.create(data=canonical.dumps({"v": 1, "type": "test", "w": k, "i": i, "object": ""}))
    if i % 5 == 0:
        sequencer.sequence(batch=7)
sequencer.sequence_all()
print("wrote", n)
"""

CHECK = r"""
import json
from dauys.ledger import merkle, sequencer
from dauys.ledger.models import Entry, Pending
sequencer.sequence_all()
entries = list(Entry.objects.order_by("index").values_list("index", "data"))
size = sequencer.size()
print(json.dumps({
    "size": size,
    "indexes_ok": [i for i, _ in entries] == list(range(size)),
    "root_ok": size == 0 or merkle.root(sequencer.node_from_db, size) == merkle.mth([d.encode() for _, d in entries]),
    "pending": Pending.objects.count(),
    "distinct": len({d for _, d in entries}),
}))
"""


def _shell(env: dict[str, str], code: str, *args: str) -> subprocess.Popen[bytes]:
    # A file of its own for every process: rewriting a shared one while another process starts reading it would
    # hand that process an empty script (which "succeeds" doing nothing).
    script = Path(env["DAUYS_DATA_DIR"]).parent / f"script-{uuid.uuid4().hex}.py"
    script.write_text("import django, os\ndjango.setup()\n" + code)
    env = {**env, "DJANGO_SETTINGS_MODULE": "dauys.settings"}
    return subprocess.Popen(
        [sys.executable, str(script), *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def _check(env: dict[str, str]) -> dict[str, object]:
    proc = _shell(env, CHECK)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err.decode()
    return dict(json.loads(out.decode().strip().splitlines()[-1]))


@pytest.mark.slow
def test_several_processes_appending_at_once_leave_a_gap_free_log(instance_env: dict[str, str]) -> None:  # noqa: F811
    dauys(instance_env, "init")
    before = int(_check(instance_env)["size"])  # type: ignore[call-overload]
    writers = [_shell(instance_env, WRITER, str(k), "60") for k in range(4)]
    for proc in writers:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0 and b"wrote 60" in out, err.decode()[-2000:]
    result = _check(instance_env)
    assert result == {"size": before + 240, "indexes_ok": True, "root_ok": True, "pending": 0, "distinct": before + 240}


@pytest.mark.slow
def test_a_process_killed_while_numbering_leaves_a_consistent_log(instance_env: dict[str, str]) -> None:  # noqa: F811
    dauys(instance_env, "init")
    before = int(_check(instance_env)["size"])  # type: ignore[call-overload]
    victim = _shell(instance_env, WRITER, "9", "100000")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and int(_check_size(instance_env)) < before + 200:
        time.sleep(0.2)
    os.kill(victim.pid, signal.SIGKILL)  # in the middle of appending and numbering, as a power cut would
    victim.wait(timeout=30)
    result = _check(instance_env)  # the next pass numbers whatever the killed process left pending
    assert result["indexes_ok"] is True and result["root_ok"] is True and result["pending"] == 0
    assert result["distinct"] == result["size"] and int(result["size"]) >= before + 200  # type: ignore[call-overload]


def _check_size(env: dict[str, str]) -> int:
    proc = _shell(env, "from dauys.ledger.models import Entry\nprint(Entry.objects.count())")
    out, _ = proc.communicate(timeout=60)
    return int(out.decode().strip().splitlines()[-1] or 0)
