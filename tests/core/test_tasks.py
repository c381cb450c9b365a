"""Background tasks survive a worker killed with SIGKILL: the task runs again, it is never lost."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from dauys.core.tasks import periodic_jobs

ROOT = Path(__file__).resolve().parents[2]


def wait_for(predicate, timeout: float) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def instance_env(tmp_path: Path) -> Iterator[dict[str, str]]:
    """An environment for a separate Dauys instance: its own data dir and database, real async tasks."""
    env = {k: v for k, v in os.environ.items() if k != "DAUYS_TESTING"}
    env.update(
        DAUYS_DATA_DIR=str(tmp_path / "data"),
        DAUYS_DEBUG="1",
        DAUYS_TASK_RETRY="4",
        DAUYS_TASK_WORKERS="1",
        PYTHONPATH=str(ROOT),
    )
    pg_name = None
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        import psycopg

        pg_name = f"dauys_tasktest_{uuid.uuid4().hex[:8]}"
        admin = os.environ["DATABASE_URL"]
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{pg_name}"')
        env["DATABASE_URL"] = admin.rsplit("/", 1)[0] + "/" + pg_name
    else:
        env.pop("DATABASE_URL", None)
    yield env
    if pg_name:
        import psycopg

        with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')


def dauys(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dauys", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


def start_worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "dauys", "worker"],
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, so the whole cluster can be killed at once
    )


def kill_group(proc: subprocess.Popen[bytes]) -> None:
    """SIGKILL the worker and every process it started, as an out-of-memory killer or a power cut would."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=30)
    finally:
        kill_group(proc)


@pytest.mark.slow
def test_task_running_when_the_worker_is_killed_runs_again(instance_env: dict[str, str], tmp_path: Path) -> None:
    dauys(instance_env, "init")
    marker = tmp_path / "marker"
    dauys(
        instance_env,
        "manage",
        "shell",
        "-c",
        f"from dauys.core.tasks import enqueue; enqueue('tests.core.tasks_for_test.slow_marker', {str(marker)!r}, 2)",
    )
    started = Path(f"{marker}.started")
    done = Path(f"{marker}.done")
    log = tmp_path / "worker.log"

    worker = start_worker(instance_env, log)
    try:
        assert wait_for(started.exists, 60), log.read_text()
    finally:
        kill_group(worker)
    assert not done.exists(), "the task finished before the kill; the test proves nothing"

    worker = start_worker(instance_env, log)
    try:
        assert wait_for(done.exists, 60), log.read_text()
    finally:
        stop(worker)
    assert started.read_text().count("started") == 2


@pytest.mark.slow
def test_worker_installs_the_periodic_jobs(instance_env: dict[str, str], tmp_path: Path) -> None:
    dauys(instance_env, "init")
    out = dauys(
        instance_env,
        "manage",
        "shell",
        "-c",
        "from django_q.models import Schedule; print(sorted(Schedule.objects.values_list('name', 'minutes')))",
    )
    expected = sorted((job.name, job.minutes) for job in periodic_jobs())
    assert expected
    assert out.stdout.strip().splitlines()[-1] == str(expected)


@pytest.mark.django_db(transaction=True)
def test_queueing_a_task_from_a_request_keeps_its_database_connection(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """django-q2's stock broker closes "old" connections each time it is used outside a transaction (twice per
    task): with SQLite (no persistent connections) that reopened the database file for every task a request
    queued, on PostgreSQL it forced a health check. Ours queues on the connection the request has. (The test
    database itself is never closed, so the check is on the call.)"""
    import django.db
    from django_q.models import OrmQ
    from django_q.signing import SignedPackage

    from dauys.core.tasks import _enqueue_broker

    closings: list[int] = []
    monkeypatch.setattr(django.db, "close_old_connections", lambda **kw: closings.append(1))
    broker = _enqueue_broker()
    before = OrmQ.objects.filter(key=broker.list_key).count()
    broker.enqueue(SignedPackage.dumps({"id": "t", "name": "t", "func": "math.floor", "args": (1.5,)}))
    assert closings == []
    assert OrmQ.objects.filter(key=broker.list_key).count() == before + 1


@pytest.mark.django_db(transaction=True)
def test_a_task_queued_on_commit_is_written_with_the_change_or_not_at_all(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """With the queue in the same database, the task's row is written inside the transaction: a process killed
    after the commit has queued it already, and a rollback queues nothing."""
    from django.db import transaction
    from django_q.conf import Conf
    from django_q.models import OrmQ

    from dauys.core import tasks

    monkeypatch.setattr(Conf, "SYNC", False)  # as in production: the worker runs it, not the caller
    assert tasks.queued_in_database()
    before = OrmQ.objects.count()
    with transaction.atomic():
        tasks.enqueue_on_commit("math.floor", 1.5)
        assert OrmQ.objects.count() == before + 1  # in the transaction, before any on-commit hook
    assert [q.func() for q in OrmQ.objects.all()[before:]] == ["math.floor"]
    with pytest.raises(RuntimeError), transaction.atomic():
        tasks.enqueue_on_commit("math.floor", 2.5)
        raise RuntimeError("rolled back")
    assert OrmQ.objects.count() == before + 1
