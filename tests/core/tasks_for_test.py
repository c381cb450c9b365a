"""Task functions that the worker subprocesses of the task tests import."""

import time
from pathlib import Path


def slow_marker(path: str, seconds: float) -> str:
    base = Path(path)
    with open(f"{base}.started", "a") as fh:
        fh.write("started\n")
    time.sleep(seconds)
    Path(f"{base}.done").write_text("done")
    return "ok"
