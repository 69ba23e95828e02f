"""Which Web API client speaks for each workspace in scheduled work (reminders, digests, polls).

With one workspace (SLACK_BOT_TOKEN) the one client serves every team. With several (Slack's
OAuth install) each team's own bot token comes from the installation store. Either way, every
answer that says the bot's token no longer works (`invalid_auth`, `token_revoked`,
`account_inactive`) is noted, whichever call got it and whether or not the caller swallows the
error: the run stops using that workspace, and the scheduler marks it (see scheduler/jobs.py).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.handler import RetryHandler, default_interval_calculator
from slack_sdk.http_retry.interval_calculator import RetryIntervalCalculator
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from sqlalchemy import select

from bot.settings import Settings
from bot.slack.retries import REQUEST_WAIT_SECONDS, BoundedRateLimitHandler

if TYPE_CHECKING:
    # Only with OAuth (several workspaces); importing the store loads SQLAlchemy's asyncio side.
    from slack_sdk.oauth.installation_store import Bot
    from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore

SLACK_TIMEOUT_SECONDS = 10
# Slack's answers that mean the bot's token is dead: the app was removed or the token revoked.
REVOKED = frozenset({"invalid_auth", "token_revoked", "account_inactive"})


def make_client(
    settings: Settings,
    *,
    timeout: float = SLACK_TIMEOUT_SECONDS,
    backoff: RetryIntervalCalculator = default_interval_calculator,
    max_wait: float = REQUEST_WAIT_SECONDS,
    sleep: Callable[[float], None] = time.sleep,
) -> WebClient:
    """Return a Web API client that retries Slack's brief failures and waits out short limits.

    A rate limit asking for more than `max_wait` seconds fails the call at once (the default
    suits work behind a person's request; scheduled work passes SCHEDULED_WAIT_SECONDS). Tests
    of faults pass a short `timeout` and `backoff`, so waiting for Slack costs them little.
    """
    return WebClient(
        token=settings.bot_token,
        base_url=settings.api_url,
        # slack_sdk annotates `int`, but urllib waits any number of seconds.
        timeout=timeout,  # type: ignore[arg-type]
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=2, interval_calculator=backoff),
            BoundedRateLimitHandler(max_wait=max_wait, sleep=sleep),
            ServerErrorRetryHandler(max_retry_count=2, interval_calculator=backoff),
        ],
    )


class _RevokedWatch(RetryHandler):
    """Hears every answer a client gets and reports a dead token; it never retries anything."""

    def __init__(self, on_revoked: Callable[[], None]) -> None:
        super().__init__(max_retry_count=0)
        self._on_revoked = on_revoked

    def can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        body = response.body if response is not None else None
        if isinstance(body, dict) and body.get("error") in REVOKED:
            self._on_revoked()
        return False


class Clients:
    """Web API clients per workspace for one run of scheduled work, and the workspaces lost."""

    def __init__(
        self, template: WebClient, find_token: Callable[[str], str | None], *, single: bool
    ) -> None:
        self._template = template
        self._find_token = find_token
        self._single = single
        self._clients: dict[str, WebClient] = {}
        self.lost: set[str] = set()

    @classmethod
    def single(cls, client: WebClient) -> Clients:
        """Serve every workspace with one client (SLACK_BOT_TOKEN: one workspace)."""
        return cls(client, lambda _team_id: client.token, single=True)

    @classmethod
    def installed(cls, store: SQLAlchemyInstallationStore, template: WebClient) -> Clients:
        """Serve each workspace with its own bot token from the installation store."""

        def find_token(team_id: str) -> str | None:
            bot = workspace_bot(store, team_id)
            return bot.bot_token if bot is not None else None

        return cls(template, find_token, single=False)

    def working_team(self) -> str | None:
        """Return the workspace the one token works for now; None when it doesn't, or with OAuth.

        With OAuth, installing again is what brings a workspace back (handlers/slack/installs.py);
        with one token, a new SLACK_BOT_TOKEN is, and this is how a run finds out.
        """
        if not self._single:
            return None
        try:
            return str(self._template.auth_test()["team_id"])
        except (SlackApiError, OSError):
            return None

    def client_for(self, team_id: str) -> WebClient | None:
        """Return the client for a workspace; None once it has no working token."""
        if team_id in self.lost:
            return None
        client = self._clients.get(team_id)
        if client is None:
            token = self._find_token(team_id)
            if token is None:
                self.lose(team_id)
                return None
            client = self._clients[team_id] = self._watched(team_id, token)
        return client

    def lose(self, team_id: str) -> None:
        """Stop using a workspace for the rest of this run: its token no longer works."""
        self.lost.add(team_id)

    def _watched(self, team_id: str, token: str) -> WebClient:
        template = self._template
        return WebClient(
            token=token,
            base_url=template.base_url,
            timeout=template.timeout,
            ssl=template.ssl,
            proxy=template.proxy,
            headers=dict(template.headers),
            logger=template.logger,
            retry_handlers=[_RevokedWatch(lambda: self.lose(team_id)), *template.retry_handlers],
        )


def workspace_bot(store: SQLAlchemyInstallationStore, team_id: str) -> Bot | None:
    """Return a workspace's latest bot installation, whether or not it is in Enterprise Grid.

    `find_bot` matches `enterprise_id` exactly, and a Grid workspace's installation carries its
    org's: asking with None misses it. Scheduled work knows only the workspace, so its org is
    read from the workspace's latest installation first.
    """
    bots = store.bots
    latest = (
        select(bots.c.enterprise_id)
        .where(bots.c.client_id == store.client_id, bots.c.team_id == team_id)
        .where(bots.c.bot_token.is_not(None))
        .order_by(bots.c.installed_at.desc())
        .limit(1)
    )
    with store.engine.connect() as connection:
        enterprise_id = connection.execute(latest).scalar()
    return store.find_bot(enterprise_id=enterprise_id, team_id=team_id)


def as_clients(clients: Clients | WebClient) -> Clients:
    """Accept one client (one workspace, as `backbone tick` with SLACK_BOT_TOKEN) or Clients."""
    return clients if isinstance(clients, Clients) else Clients.single(clients)
