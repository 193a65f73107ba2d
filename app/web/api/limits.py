"""Limits that keep one client from exhausting the server (README "HTTP API", limits).

- Request bodies: at most MAX_REQUEST_BYTES, refused by their Content-Length before a byte is read (413 in the
  API's error shape); waitress itself refuses bodies of SERVER_MAX_REQUEST_BYTES or more before reading them
  (its own plain 413) and never buffers more.
"""

from __future__ import annotations

import flask

from app.errors import AppError

MAX_REQUEST_BYTES = 2 * 1024 * 1024
SERVER_MAX_REQUEST_BYTES = 2 * MAX_REQUEST_BYTES


def install(server: flask.Flask) -> None:
    """Refuse large request bodies on `server` (Flask's MAX_CONTENT_LENGTH also stops a chunked body)."""
    server.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES
    server.before_request(_refuse_large_body)


def _refuse_large_body() -> None:
    length = flask.request.content_length
    if length is not None and length > MAX_REQUEST_BYTES:
        raise AppError(
            f"request body of {length:,} bytes is larger than {MAX_REQUEST_BYTES:,} bytes",
            f"请求体过大（{length:,} 字节，上限 {MAX_REQUEST_BYTES:,} 字节）",
            status=413,
        )
