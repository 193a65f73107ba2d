"""Request bodies against a real `gridscope serve`: a 50 MB body is refused at once, before it is read, and the
server goes on answering; a body over the app's limit but under waitress's gets the API's JSON 413."""

from __future__ import annotations

import shutil
import socket
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests

from app.web.api.limits import MAX_REQUEST_BYTES
from tests.server import running_server

HUGE = 50_000_000


@pytest.fixture(scope="module")
def base_url(demo_db: Path, tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("bodies") / "demo.duckdb"
    shutil.copy(demo_db, path)
    with running_server(path) as url:
        yield url


def _status_of_headers_only(base_url: str, length: int) -> tuple[int, float]:
    """Send a POST's headers announcing `length` bytes and none of them; the status line the server answers."""
    url = urlsplit(base_url)
    start = time.monotonic()
    with socket.create_connection((url.hostname, url.port), timeout=5) as s:
        s.sendall(
            f"POST /api/incidents HTTP/1.1\r\nHost: {url.netloc}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {length}\r\n\r\n".encode()
        )
        answer = s.recv(4096).decode("latin-1")
    return int(answer.split()[1]), time.monotonic() - start


def test_a_huge_body_is_refused_before_it_is_read(base_url: str):
    status, seconds = _status_of_headers_only(base_url, HUGE)
    assert status == 413 and seconds < 2


def test_a_huge_body_sent_whole_is_refused_quickly_and_the_server_stays_up(base_url: str):
    start = time.monotonic()
    r = requests.post(f"{base_url}/api/incidents", data=b"x" * HUGE, timeout=10)
    assert r.status_code == 413 and time.monotonic() - start < 2
    assert requests.get(f"{base_url}/api/health", timeout=5).status_code == 200


def test_a_body_over_the_apps_limit_gets_the_json_413(base_url: str):
    r = requests.post(f"{base_url}/api/incidents", data=b"[" + b" " * MAX_REQUEST_BYTES + b"]", timeout=10)
    assert r.status_code == 413
    assert set(r.json()) == {"error", "error_zh", "param", "value"} and "larger than" in r.json()["error"]
