"""The one HTTP server of `backbone serve`: each platform's routes, a health check, a clean stop.

Waitress serves the WSGI app: a production server in pure Python, so the same server runs on a
laptop, in a container and behind a proxy. Slack (`/slack/events`, bot/slack/web.py) and Teams
(`/api/messages`, bot/teams/web.py) each bring a `Mount`: the paths it answers and the WSGI app
that answers them. Nothing here knows a platform.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Self

from waitress import wasyncore
from waitress.channel import HTTPChannel
from waitress.server import create_server

from bot.runtime import STOP_GRACE_SECONDS

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

MAX_BODY_BYTES = 1024 * 1024
NOT_FOUND = {"ok": False, "error": "not_found"}


@dataclass(frozen=True)
class Mount:
    """One platform's part of the server: which paths are its own, and what answers them."""

    claims: Callable[[str], bool]
    app: WSGIApplication


def answer(start_response: StartResponse, status: str, body: dict[str, Any]) -> list[bytes]:
    """Answer with a small JSON body and its length."""
    data = json.dumps(body).encode()
    headers = [("Content-Type", "application/json"), ("Content-Length", str(len(data)))]
    start_response(status, headers)
    return [data]


def refuse_length(environ: WSGIEnvironment, start_response: StartResponse) -> list[bytes] | None:
    """Refuse a body whose length is unreadable (400) or over the limit (413); None if fine."""
    length = str(environ.get("CONTENT_LENGTH") or "0")
    if not length.isdigit():
        return answer(start_response, "400 Bad Request", {"ok": False})
    if int(length) > MAX_BODY_BYTES:
        return answer(start_response, "413 Content Too Large", {"ok": False})
    return None


def read_body(environ: WSGIEnvironment) -> bytes:
    """Read the body whose length `refuse_length` accepted."""
    length = int(str(environ.get("CONTENT_LENGTH") or "0"))
    return environ["wsgi.input"].read(length) if length else b""


def make_server_app(mounts: Sequence[Mount], *, healthy: Callable[[], bool]) -> WSGIApplication:
    """Answer `/healthz`, hand each other path to the mount that claims it; 404 for the rest."""

    def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD", "")
        if path == "/healthz" and method in {"GET", "HEAD"}:
            ok = healthy()
            status = "200 OK" if ok else "503 Service Unavailable"
            return answer(start_response, status, {"ok": ok})
        for mount in mounts:
            if mount.claims(path):
                return mount.app(environ, start_response)
        return answer(start_response, "404 Not Found", NOT_FOUND)

    return application


class HttpServer:
    """A waitress server that can run in the foreground or in a thread, and stop cleanly."""

    def __init__(self, app: WSGIApplication, *, host: str, port: int, threads: int = 8) -> None:
        self._server: Any = create_server(
            app,
            host=host,
            port=port,
            threads=threads,
            max_request_body_size=MAX_BODY_BYTES,
            ident="backbone",
            clear_untrusted_proxy_headers=True,
        )
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        """The port the server listens on (useful with port 0)."""
        return int(self._server.effective_port)

    @property
    def base_url(self) -> str:
        """The server's address on this machine, without a path."""
        return f"http://127.0.0.1:{self.port}"

    def run(self) -> None:
        """Serve until stopped."""
        self._server.run()

    def start(self) -> Self:
        """Serve in a background thread."""
        self._thread = threading.Thread(target=self.run, name="backbone-http", daemon=True)
        self._thread.start()
        return self

    def stop(self, grace: float = STOP_GRACE_SECONDS) -> None:
        """Stop accepting, let requests in flight finish (even half-received ones), and close.

        Call it from another thread than the one in `run()`: that loop must keep reading and
        writing while requests finish.
        """
        deadline = time.monotonic() + grace
        # The listening socket is closed inside the server's own loop, which owns it; once the
        # loop has come round twice, bytes that had arrived are read and their requests seen.
        self._in_loop(lambda: wasyncore.dispatcher.close(self._server))
        self._in_loop(lambda: None)
        while self._busy() and time.monotonic() < deadline:
            time.sleep(0.01)
        left = max(deadline - time.monotonic(), 0.0)
        self._server.task_dispatcher.shutdown(cancel_pending=False, timeout=left)
        # Close every socket from inside the server's own loop, which then ends at once.
        self._server.trigger.pull_trigger(lambda: wasyncore.close_all(self._server._map))
        if self._thread is not None:
            self._thread.join(timeout=grace)

    def _in_loop(self, work: Callable[[], None]) -> None:
        """Run work inside the server's loop and wait (a little) until it has run."""
        done = threading.Event()

        def run() -> None:
            work()
            done.set()

        self._server.trigger.pull_trigger(run)
        done.wait(timeout=1)

    def _busy(self) -> bool:
        """Tell whether a connection is receiving, running or sending a request."""
        channels = [c for c in list(self._server._map.values()) if isinstance(c, HTTPChannel)]
        return any(c.request is not None or c.requests or c.total_outbufs_len for c in channels)
