"""`TeamsEmulator`: a Teams tenant over real HTTP, for tests and the sandbox.

Point the bot at it (`openid_url`, `login_url` or `login_url_https` with `ca_file`, and its
`tenant_id`, `app_id`, `app_password`), set `bot_url` to the bot's `/api/messages`, then act as
people (driver.py: `say`, `say_personal`, `edit`, `press`, `fetch_dialog`, `submit_dialog`,
`message_action`, installs) and read what the bot did (`posts`, `dms`, `replies`, `calls`,
`refusals`). All reads return snapshots.

msal takes only https authorities: give it `login_url_https` and a requests session that trusts
`ca_file` with `trust_env = False` (requests lets REQUESTS_CA_BUNDLE override a session's
`verify`). The SDK's `TokenValidator` may raise `jwt.PyJWKClientError` (a `PyJWTError`, not an
`InvalidTokenError`) for a token whose key id the JWKS lacks.

Operation names in `calls`, `fail_next` and `refusals`: `token`, `conversations.create`,
`activities.send`, `activities.reply`, `activities.update`, `activities.delete`,
`members.list`, `members.get`, `members.paged`, `teams.conversations`, `teams.get`, and
`invoke:<name>` for invoke answers Teams would not take.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import Any

from bot.sandbox.recorder import CallLog, Fault
from bot.sandbox.sender import AppResponse
from bot.sandbox.teams.driver import Delivery, TeamsDriver, Who
from bot.sandbox.teams.httpd import TeamsHTTPServer, TeamsRoutes
from bot.sandbox.teams.keys import SigningKey
from bot.sandbox.teams.sender import Forgery, bot_token, deliver
from bot.sandbox.teams.state import Json, Post, Tenant, new_guid
from bot.sandbox.teams.tls import Certificate

__all__ = ["AppResponse", "Delivery", "Forgery", "TeamsEmulator"]


class TeamsEmulator(TeamsDriver):
    """One emulated tenant with one bot, served on an http and an https port of 127.0.0.1."""

    def __init__(
        self,
        *,
        tenant_id: str | None = None,
        app_id: str | None = None,
        app_password: str = "sandbox-app-password",
        bot_name: str = "Backbone",
        bot_url: str | None = None,
    ) -> None:
        self.state = Tenant(tenant_id or new_guid(), app_id or new_guid(), app_password, bot_name)
        self.bot_url = bot_url
        self.app_timeout = 15.0  # Teams gives a bot 15 s to answer
        self._bot_keys = [SigningKey()]  # published; the newest signs
        self._entra_key, self._stranger = SigningKey(), SigningKey()
        self._log = CallLog(self.state.lock)
        self._servers: list[tuple[TeamsHTTPServer, threading.Thread]] = []
        self._certificate: Certificate | None = None
        self._routes = TeamsRoutes(self.state, self._log, self._bot_keys, self._entra_key)

    @property
    def check_pictures(self) -> bool:
        """Whether posted cards' local pictures are fetched, as Teams does (on by default)."""
        return self._routes.connector.check_pictures

    @check_pictures.setter
    def check_pictures(self, on: bool) -> None:
        self._routes.connector.check_pictures = on

    def start(self) -> TeamsEmulator:
        """Serve on two free ports (http and https) of 127.0.0.1, in daemon threads."""
        if self._servers:
            raise RuntimeError("the emulator is already running")
        self._certificate = Certificate()
        for tls in (None, self._certificate.context):
            server = TeamsHTTPServer(self._routes, tls)
            thread = threading.Thread(
                target=server.serve_until_stopped, name=f"teams-emulator-{server.url}", daemon=True
            )
            thread.start()
            self._servers.append((server, thread))
        self.state.base_url = self._servers[0][0].url
        return self

    def stop(self) -> None:
        """Stop serving (releasing held calls) and wait for the server threads to end."""
        self._log.release()
        for server, thread in self._servers:
            server.stop_serving()
            thread.join()
            server.server_close()
        self._servers = []
        if self._certificate is not None:
            self._certificate.close()
            self._certificate = None

    def __enter__(self) -> TeamsEmulator:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    # --- what the bot is configured with -------------------------------------------------

    @property
    def tenant_id(self) -> str:
        """Return the tenant's id (a GUID), the core's workspace id on Teams."""
        return self.state.id

    @property
    def app_id(self) -> str:
        """Return the bot's app id (a GUID)."""
        return self.state.app_id

    @property
    def app_password(self) -> str:
        """Return the bot's client secret, the only one the token endpoint takes."""
        return self.state.app_password

    @property
    def bot_id(self) -> str:
        """Return the bot's Teams id, `28:<app id>`."""
        return self.state.bot_id

    @property
    def base_url(self) -> str:
        """Return the http base URL (identity documents, token endpoint, connector)."""
        if not self.state.base_url:
            raise RuntimeError("start() the emulator first")
        return self.state.base_url

    @property
    def service_url(self) -> str:
        """Return the connector's service URL (with its trailing slash, as Teams sends it)."""
        return f"{self.base_url}/amer/"

    @property
    def openid_url(self) -> str:
        """Return the Bot Framework OpenID metadata URL (its keys are at the sibling `/keys`)."""
        return f"{self.base_url}/v1/.well-known/openidconfiguration"

    @property
    def login_url(self) -> str:
        """Return the Entra login base URL over http (tokens at `/<tenant>/oauth2/v2.0/token`)."""
        return self.base_url

    @property
    def login_url_https(self) -> str:
        """Return the Entra login base URL over https, for msal (trust `ca_file`)."""
        if len(self._servers) < 2:
            raise RuntimeError("start() the emulator first")
        return self._servers[1][0].url

    @property
    def ca_file(self) -> str:
        """Return the PEM file of the https listener's self-signed certificate."""
        if self._certificate is None:
            raise RuntimeError("start() the emulator first")
        return str(self._certificate.ca_file)

    @property
    def token_url(self) -> str:
        """Return the tenant's token endpoint (http)."""
        return f"{self.base_url}/{self.tenant_id}/oauth2/v2.0/token"

    # --- sending to the bot ----------------------------------------------------------------

    def send(self, activity: Json, *, forgery: Forgery | None = None) -> AppResponse:
        """Sign a token for `activity` and POST it to the bot; return the bot's answer."""
        if self.bot_url is None:
            raise RuntimeError("set bot_url to the bot's /api/messages first")
        token = bot_token(
            self._bot_keys[-1],
            app_id=self.app_id,
            service_url=str(activity.get("serviceUrl") or self.service_url),
            forgery=forgery,
            stranger=self._stranger,
        )
        return deliver(self.bot_url, activity, token, timeout=self.app_timeout)

    def activity_token(
        self, *, service_url: str | None = None, forgery: Forgery | None = None
    ) -> str | None:
        """Return a token as `send` would put on an activity (for tests of the validator)."""
        return bot_token(
            self._bot_keys[-1],
            app_id=self.app_id,
            service_url=service_url or self.service_url,
            forgery=forgery,
            stranger=self._stranger,
        )

    def rotate_signing_key(self, *, keep_old: bool = True) -> None:
        """Sign activities with a new key, published beside the old one (or instead of it).

        The SDK's key client (PyJWT's PyJWKClient) refetches the JWKS for an unknown key id
        only after a cooldown (30 s) since its last fetch: a running bot meets the new key
        late, as it would if Microsoft signed with a key the moment it published it.
        """
        with self.state.lock:
            if not keep_old:
                self._bot_keys.clear()
            self._bot_keys.append(SigningKey())

    def revoke_connector_tokens(self) -> None:
        """Make every connector token issued so far invalid (the bot must get a new one)."""
        with self.state.lock:
            self.state.revoked_tokens |= self.state.issued_tokens

    # --- the call log ----------------------------------------------------------------------

    def calls(self, operation: str | None = None) -> list[dict[str, Any]]:
        """Return each answered call of `operation` (`activities.send`, `token`, …; all if None)."""
        return self._log.calls(operation)

    def failed_calls(self, operation: str | None = None) -> list[dict[str, Any]]:
        """Return the attempts a fault or a refused token request answered."""
        return self._log.failed(operation)

    def refusals(self) -> list[dict[str, Any]]:
        """Return every activity, card and invoke answer Teams would have refused, with why."""
        return self._log.refusals()

    def clear_calls(self) -> None:
        """Forget recorded calls, failures and refusals."""
        self._log.clear()

    @contextmanager
    def holding(self, *operations: str) -> Iterator[None]:
        """Hold every call of `operations` unanswered (and unrecorded) until the block ends.

        What the connector being stuck looks like to the bot: its threads wait inside those calls.
        """
        self._log.hold(operations)
        try:
            yield
        finally:
            self._log.release(operations)

    def fail_next(
        self, operation: str, *, status: int = 429, retry_after: int = 1, times: int = 1
    ) -> None:
        """Make the next `times` calls of `operation` fail with `status` (429: Retry-After)."""
        self._log.add_fault(operation, Fault(status, retry_after), times)

    def wait_until(
        self, predicate: Callable[[], bool], timeout: float = 5.0, what: str = "condition"
    ) -> None:
        """Block until `predicate()` holds, re-checking on every recorded call."""
        if not self._log.wait_until(predicate, timeout):
            raise AssertionError(f"{what} did not hold within {timeout}s")

    def wait_for(
        self, operation: str, count: int = 1, timeout: float = 5.0
    ) -> list[dict[str, Any]]:
        """Block until `count` calls of `operation` were answered; return them."""
        self.wait_until(
            lambda: len(self._log.calls(operation)) >= count, timeout, f"{count} {operation}"
        )
        return self._log.calls(operation)

    # --- reading back ----------------------------------------------------------------------

    def posts(self, conversation: str, *, by_bot: bool = True) -> list[Post]:
        """Return a conversation's top-level posts (the bot's, or everyone's), oldest first."""
        return self._select(
            lambda p: p.conversation == _bare(conversation) and p.root is None, by_bot
        )

    def replies(self, conversation: str, root: str, *, by_bot: bool = True) -> list[Post]:
        """Return the replies in one thread of a channel, oldest first."""
        return self._select(
            lambda p: p.conversation == _bare(conversation) and p.root == root, by_bot
        )

    def dms(self, person: Who) -> list[Post]:
        """Return what the bot posted in its personal chat with a person, oldest first."""
        with self.state.lock:
            chat = self.state.personal_chat(self._person(person).id)
        return [] if chat is None else self.posts(chat.id)

    def post(self, conversation: str, post_id: str) -> Post:
        """Return one post (deleted ones too), or fail the test."""
        with self.state.lock:
            found = self.state.post(_bare(conversation), post_id)
            if found is None:
                raise AssertionError(f"no post {post_id} in {conversation}")
            return copy.deepcopy(found)

    def _select(self, keep: Callable[[Post], bool], by_bot: bool) -> list[Post]:
        with self.state.lock:
            found = [
                p
                for p in self.state.posts
                if keep(p) and not p.deleted and (not by_bot or p.author == self.state.bot_id)
            ]
            return copy.deepcopy(found)


def _bare(conversation: str) -> str:
    return conversation.partition(";messageid=")[0]
