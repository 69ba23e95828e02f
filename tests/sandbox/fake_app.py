"""A stand-in for the app's `/slack/events` endpoint that keeps every request it receives."""

from __future__ import annotations

import json
import threading
from collections import deque
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs


@dataclass(frozen=True)
class Received:
    """One request as the app saw it."""

    path: str
    headers: dict[str, str]
    body: str

    def form(self) -> dict[str, str]:
        """Return the form fields of a form-encoded body."""
        return {key: values[-1] for key, values in parse_qs(self.body).items()}

    def payload(self) -> dict[str, Any]:
        """Return the JSON `payload` field of an interaction."""
        decoded: dict[str, Any] = json.loads(self.form()["payload"])
        return decoded

    def json(self) -> dict[str, Any]:
        """Return a JSON body."""
        decoded: dict[str, Any] = json.loads(self.body)
        return decoded


class FakeApp:
    """Records requests and answers each with the next queued reply (default: 200, empty)."""

    def __init__(self) -> None:
        self.received: list[Received] = []
        self.replies: deque[tuple[int, str]] = deque()
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )

    @property
    def url(self) -> str:
        """Return the URL the emulator should deliver to."""
        return f"http://127.0.0.1:{self._server.server_address[1]}/slack/events"

    def reply_with(self, body: dict[str, Any] | str, status: int = 200) -> None:
        """Queue the answer to the next request."""
        self.replies.append((status, body if isinstance(body, str) else json.dumps(body)))

    def start(self) -> FakeApp:
        """Serve in a daemon thread."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and wait for the thread."""
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def last(self) -> Received:
        """Return the latest request."""
        with self._lock:
            return self.received[-1]

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        app = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode("utf-8")
                with app._lock:
                    app.received.append(Received(self.path, dict(self.headers.items()), body))
                    status, reply = app.replies.popleft() if app.replies else (200, "")
                raw = reply.encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def log_message(self, format: str, *args: object) -> None:
                """Stay quiet."""

        return Handler
