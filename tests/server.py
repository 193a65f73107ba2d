"""Start a real `gridscope serve` process on a free loopback port, for app and browser tests."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import requests


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_server(db: Path, timeout: float = 60.0, args: Sequence[str] = (), port: int | None = None) -> Iterator[str]:
    """Yield the base URL of a server on `db` (with extra `serve` arguments, on `port` or a free one); stop it
    afterwards. Fails with the server's output if it does not answer /api/health in time; its output is drained
    (and dropped) while it runs."""
    from tests.access import ensure_access

    ensure_access(db)
    port = port or free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "app", "serve", "--db", str(db), "--port", str(port), *args],
        cwd=Path(__file__).resolve().parent.parent,  # this checkout's app
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"server exited with {proc.returncode}: {proc.stdout.read()}")
            try:
                if requests.get(f"{base}/api/health", timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("server did not answer /api/health in time")
            time.sleep(0.25)
        # Keep reading the server's output: a full pipe would block its next log line (waitress warns of
        # queued requests under load) and, with it, every thread that logs.
        tail: deque[str] = deque(maxlen=200)
        threading.Thread(target=tail.extend, args=(proc.stdout,), daemon=True).start()
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def server_pid(port: int) -> int:
    """The pid of the process listening on `port` (the server started by running_server)."""
    inode = None
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            cols = line.split()
            if int(cols[1].split(":")[1], 16) == port and cols[3] == "0A":
                inode = cols[9]
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            for fd in (proc / "fd").iterdir():
                if fd.readlink().as_posix() == f"socket:[{inode}]":
                    return int(proc.name)
        except (PermissionError, FileNotFoundError, ProcessLookupError):
            continue
    raise RuntimeError(f"no process listens on {port}")
