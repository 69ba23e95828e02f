"""A stand-in for the bot's `/api/messages`: it checks each token with the Teams SDK's own
`TokenValidator` (pointed at the emulator's OpenID metadata), keeps what it accepted, and answers
with the next queued reply (default: 200, empty; 401 when the token is refused)."""

from __future__ import annotations

import asyncio
import json
import threading
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
from microsoft_teams.api.activities import ActivityTypeAdapter
from microsoft_teams.api.auth.cloud_environment import PUBLIC, with_overrides
from microsoft_teams.apps.auth import TokenValidator
from pydantic import ValidationError


class FakeBot:
    """Records validated activities; refuses (401) any request whose token does not validate."""

    def __init__(self, *, app_id: str, openid_url: str) -> None:
        cloud = with_overrides(PUBLIC, openid_metadata_url=openid_url)
        self.validator = TokenValidator.for_service(app_id, cloud=cloud)
        self.received: list[dict[str, Any]] = []
        self.refused: list[str] = []
        self.unparsed: list[str] = []  # activities the SDK's own models could not read
        self.replies: deque[tuple[int, Any]] = deque()
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )

    @property
    def url(self) -> str:
        """Return the bot's `/api/messages` URL."""
        return f"http://127.0.0.1:{self._server.server_address[1]}/api/messages"

    def reply_with(self, body: Any, status: int = 200) -> None:
        """Queue the answer to the next accepted activity (a dict is sent as JSON)."""
        self.replies.append((status, body))

    def start(self) -> FakeBot:
        """Serve in a daemon thread."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving."""
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def check(self, authorization: str, activity: dict[str, Any]) -> str | None:
        """Return why the token is refused, or None when the SDK's validator accepts it."""
        scheme, _, token = authorization.partition(" ")
        if scheme != "Bearer" or not token:
            return "no bearer token"
        try:
            asyncio.run(self.validator.validate_token(token, str(activity.get("serviceUrl"))))
        except jwt.PyJWTError as error:
            return f"{type(error).__name__}: {error}"
        return None

    def parse(self, activity: dict[str, Any]) -> None:
        """Read the activity with the SDK's models, as a bot built on the SDK would."""
        try:
            ActivityTypeAdapter.validate_python(activity)
        except ValidationError as error:
            self.unparsed.append(f"{activity.get('type')} {activity.get('name', '')}: {error}")

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        bot = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                activity = json.loads(self.rfile.read(length))
                problem = bot.check(self.headers.get("Authorization", ""), activity)
                with bot._lock:
                    if problem is not None:
                        bot.refused.append(problem)
                        status, body = 401, None
                    else:
                        bot.received.append(activity)
                        bot.parse(activity)
                        status, body = bot.replies.popleft() if bot.replies else (200, None)
                raw = b"" if body is None else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def log_message(self, format: str, *args: object) -> None:
                """Quiet."""

        return Handler
