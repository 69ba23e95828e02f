"""`SlackEmulator`: a tiny Slack workspace over real HTTP, for tests and `backbone shell`.

Point `WebClient(base_url=emu.api_url)` at it and set `emu.request_url` to the app's
`/slack/events` URL; then act as people (`send_command`, `post_message`, `edit_message`,
`delete_message`, `react`, `click`, ...) and read what the app did (`calls`, `messages`,
`ephemerals`, `responses`). All reads return snapshots.

The bot's own posts and reactions are not echoed back to the app as events (Slack would send
them, and Bolt would drop them as the bot's own), so a test sees only what people do.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import Any

from bot.sandbox.driver import PeopleDriver
from bot.sandbox.edits import EditsDriver
from bot.sandbox.httpd import EmulatorHTTPServer, Routes
from bot.sandbox.interactions import InteractionsDriver
from bot.sandbox.oauth import OAuthDriver
from bot.sandbox.recorder import CallLog, Fault
from bot.sandbox.sender import AppResponse
from bot.sandbox.socket_mode import DEFAULT_APP_TOKEN, SocketMode, SocketModeDriver
from bot.sandbox.state import (
    Channel,
    Ephemeral,
    Message,
    ResponseUrl,
    UploadedFile,
    User,
    View,
    Workspace,
)

__all__ = ["AppResponse", "SlackEmulator"]


class SlackEmulator(SocketModeDriver, PeopleDriver, EditsDriver, InteractionsDriver, OAuthDriver):
    """One emulated workspace with its own HTTP server; several can run at once.

    An app connected over Socket Mode (`socket_mode`) gets every request as an envelope on its
    WebSocket instead of an HTTP POST to `request_url`. Emulators `link`ed together are the
    workspaces of one Slack: each one's Web API answers for all (see sandbox/oauth.py).
    """

    def __init__(
        self,
        *,
        team_id: str = "T0SANDBOX",
        team_name: str = "Sandbox",
        bot_user_id: str = "UBACKBONE",
        bot_id: str = "BBACKBONE",
        bot_token: str = "xoxb-sandbox",
        signing_secret: str = "sandbox-signing-secret",
        request_url: str | None = None,
        app_token: str = DEFAULT_APP_TOKEN,
        latency: float = 0.0,
    ) -> None:
        self.state = Workspace(team_id, team_name, bot_user_id, bot_id, bot_token=bot_token)
        self.state.users[bot_user_id] = User(bot_user_id, "backbone", "Backbone", is_bot=True)
        self.request_url = request_url
        self.app_timeout = 10.0
        self._signing_secret = signing_secret
        self._log = CallLog(self.state.lock)
        self._server: EmulatorHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.socket_mode = SocketMode(self.state, app_token=app_token)
        self._linked: list[SlackEmulator] = []
        self._latency = latency

    @property
    def latency(self) -> float:
        """Seconds every Web API and response_url answer takes (0: at once, the default)."""
        return self._latency

    @latency.setter
    def latency(self, seconds: float) -> None:
        self._latency = seconds
        if self._server is not None:
            self._server.routes.latency = seconds

    @contextmanager
    def holding(self, *methods: str) -> Iterator[None]:
        """Hold every call of `methods` unanswered (and unrecorded) until the block ends.

        What Slack being stuck looks like to the app: its threads wait inside those calls.
        """
        self._log.hold(methods)
        try:
            yield
        finally:
            self._log.release(methods)

    @property
    def signing_secret(self) -> str:
        """Return the secret requests to the app are signed with."""
        return self._signing_secret

    @property
    def bot_token(self) -> str:
        """Return the only token the Web API accepts."""
        return self.state.bot_token

    @property
    def app_token(self) -> str:
        """Return the app-level token `apps.connections.open` accepts (Socket Mode)."""
        return self.socket_mode.app_token

    def start(self) -> SlackEmulator:
        """Serve on 127.0.0.1 at a free port, in a daemon thread."""
        if self._server is not None:
            raise RuntimeError("the emulator is already running")
        routes = Routes(self.state, self._log, self.socket_mode, peers=self._peer_routes)
        routes.latency = self._latency
        self._server = EmulatorHTTPServer(routes)
        self.state.base_url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(
            target=self._server.serve_until_stopped,
            name=f"slack-emulator-{self._server.server_address[1]}",
            daemon=True,
        )
        self._thread.start()
        self.socket_mode.start()
        return self

    def stop(self) -> None:
        """Stop serving, release held answers, and wait for the server thread to end."""
        if self._server is None or self._thread is None:
            return
        self.socket_mode.close()
        self._log.release()
        self._server.stop_serving()
        self._thread.join()
        self._server.server_close()
        self._server = self._thread = None

    def link(self, *others: SlackEmulator) -> None:
        """Make these emulators workspaces of one Slack: any one's Web API serves all of them."""
        group = {id(e): e for e in (self, *others, *self._linked)}
        for emulator in group.values():
            emulator._linked[:] = [e for e in group.values() if e is not emulator]

    def _peer_routes(self) -> list[Routes]:
        return [e._server.routes for e in self._linked if e._server is not None]

    def __enter__(self) -> SlackEmulator:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def api_url(self) -> str:
        """Return the Web API base URL, ending with '/' as `WebClient` needs."""
        if not self.state.base_url:
            raise RuntimeError("start() the emulator first")
        return f"{self.state.base_url}/api/"

    def add_user(
        self,
        user_id: str,
        name: str,
        *,
        tz: str = "America/New_York",
        is_admin: bool = False,
        is_owner: bool = False,
        deleted: bool = False,
        real_name: str | None = None,
    ) -> User:
        """Add (or replace) a person in the workspace."""
        user = User(user_id, name, real_name or name.title(), tz, is_admin, is_owner, deleted)
        with self.state.lock:
            self.state.users[user_id] = user
            return copy.deepcopy(user)

    def add_channel(
        self,
        channel_id: str,
        name: str,
        *,
        members: tuple[str, ...] | list[str] | set[str] = (),
        is_private: bool = False,
        is_archived: bool = False,
        bot_is_member: bool = True,
    ) -> Channel:
        """Add (or replace) a channel; the bot user is listed as a member when it is one."""
        channel = Channel(channel_id, name, is_private, is_archived, set(members), bot_is_member)
        if bot_is_member:
            channel.members.add(self.state.bot_user_id)
        with self.state.lock:
            self.state.channels[channel_id] = channel
            return copy.deepcopy(channel)

    def calls(self, method: str | None = None) -> list[dict[str, Any]]:
        """Return the decoded params of each answered call of `method` (all calls when None)."""
        return self._log.calls(method)

    def answered(self) -> int:
        """Return how many Web API calls were answered (cheap: nothing is copied)."""
        return self._log.count()

    def failed_calls(self, method: str | None = None) -> list[dict[str, Any]]:
        """Return attempts a fault answered, shaped like `calls`."""
        return self._log.failed(method)

    def refusals(self) -> list[dict[str, Any]]:
        """Return every message and view Slack would have refused, with Slack's detail lines."""
        return self._log.refusals()

    def clear_calls(self) -> None:
        """Forget recorded calls, failed attempts and response_url posts."""
        self._log.clear()

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[dict[str, Any]]:
        """Block until `count` calls of `method` were answered; return that method's calls."""
        if not self._log.wait_until(lambda: len(self._log.calls(method)) >= count, timeout):
            seen = [call["method"] for call in self._log.calls(None)]
            raise AssertionError(
                f"expected {count} {method} call(s) within {timeout}s, "
                f"got {len(self._log.calls(method))}; calls so far: {seen}"
            )
        return self._log.calls(method)

    def wait_until(
        self, predicate: Callable[[], bool], timeout: float = 5.0, what: str = "condition"
    ) -> None:
        """Block until `predicate()` is true, re-checking on every change to the workspace."""
        if not self._log.wait_until(predicate, timeout):
            raise AssertionError(f"{what} did not hold within {timeout}s")

    def fail_next(
        self,
        method: str,
        *,
        status: int = 429,
        retry_after: int = 1,
        error: str | None = None,
        times: int = 1,
        delay: float | None = None,
        reset: bool = False,
    ) -> None:
        """Make the next `times` calls of `method` fail, in order.

        `reset` drops the connection unanswered; otherwise `error` answers HTTP 200 with
        `ok: false`, and `status` answers that HTTP status (429 with `Retry-After`). `delay`
        holds the answer that long first. `status=200` with a delay serves the call for real
        and only holds the answer: Slack did it, but the client may have given up waiting.
        """
        self._log.add_fault(method, Fault(status, retry_after, error, delay, reset), times)

    def new_response_url(self, *, channel: str, user: str) -> str:
        """Register and return a response_url for a message to `user` in `channel`."""
        with self.state.lock:
            return self._register_url(ResponseUrl(self.state.new_id("R"), channel, user))

    def new_trigger_id(self, user: str) -> str:
        """Register and return a trigger_id that views.open accepts once, as if `user` clicked."""
        with self.state.lock:
            return self.state.new_trigger(user)

    def responses(self) -> list[dict[str, Any]]:
        """Return every response_url post: {"url_id", "channel", "user", "body"}."""
        return self._log.responses()

    def messages(self, channel: str, *, thread_ts: str | None = None) -> list[Message]:
        """Return a conversation's top-level messages, or one thread's replies, oldest first."""
        with self.state.lock:
            channel_id = self.dm_channel(channel) if channel in self.state.users else channel
            found = [m for m in self.state.messages if m.channel == channel_id]
            if thread_ts is None:
                found = [m for m in found if m.thread_ts in (None, m.ts) or m.reply_broadcast]
            else:
                found = [m for m in found if m.thread_ts == thread_ts and m.ts != thread_ts]
            return copy.deepcopy(found)

    def ephemerals(self, user: str | None = None) -> list[Ephemeral]:
        """Return the ephemeral messages shown (to `user`, or to anyone), oldest first."""
        with self.state.lock:
            found = [e for e in self.state.ephemerals if not e.deleted]
            return copy.deepcopy([e for e in found if user is None or e.user == user])

    def dm_channel(self, user_id: str) -> str:
        """Return the id (`D` + user id) of the bot's DM with a user, as conversations.open does."""
        with self.state.lock:
            self._user(user_id)
            return self.state.dm_for(user_id).id

    def views(self, user: str | None = None) -> list[View]:
        """Return open modals and Home tabs (of `user`, or of anyone)."""
        with self.state.lock:
            found = [v for v in self.state.views.values() if not v.closed]
            return copy.deepcopy([v for v in found if user is None or v.user == user])

    def files(self) -> list[UploadedFile]:
        """Return every file the app uploaded, completed or not."""
        with self.state.lock:
            return copy.deepcopy(list(self.state.files.values()))
