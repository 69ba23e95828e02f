"""The bot's own token: client credentials from Entra, for the Bot Framework connector.

msal's `ConfidentialClientApplication` (a dependency of the Teams SDK) asks
`{login}/{tenant}/oauth2/v2.0/token` for the cloud's Bot Framework scope. A token is kept until
shortly before it expires and shared by every thread. With a login URL of our own (an
air-gapped set-up, the emulator) msal is told not to ask Microsoft's hosts to validate it
(no instance discovery).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import msal
import requests
from microsoft_teams.api.auth.cloud_environment import CloudEnvironment

from bot.port import ChatError
from bot.teams.cloud import login_overridden

EARLY = 300.0  # seconds before expiry a token is renewed
# Entra's answers that mean the app's credentials no longer work.
REVOKED = {"invalid_client", "unauthorized_client", "invalid_grant"}


class BotToken:
    """A client-credentials token for one app in one tenant, cached and thread-safe."""

    def __init__(
        self,
        *,
        app_id: str,
        password: str,
        tenant_id: str,
        cloud: CloudEnvironment,
        verify: bool | str = True,
        timeout: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.app_id = app_id
        self.tenant_id = tenant_id
        self.cloud = cloud
        self._password = password
        self._verify = verify
        self._timeout = timeout
        self._clock = clock
        self._lock = threading.Lock()
        self._app: msal.ConfidentialClientApplication | None = None
        self._token: str | None = None
        self._renew_at = 0.0
        self.fetched = 0  # how many tokens were asked of Entra (the cache's work, for tests)

    def token(self) -> str:
        """Return a valid access token, asking Entra only when the kept one is near expiry."""
        with self._lock:
            if self._token is None or self._clock() >= self._renew_at:
                self._token, lifetime = self._fetch()
                self._renew_at = self._clock() + max(lifetime - EARLY, lifetime / 2)
                self.fetched += 1
            return self._token

    def forget(self) -> None:
        """Drop the kept token (the connector said it is no longer good)."""
        with self._lock:
            self._token = None

    def _fetch(self) -> tuple[str, float]:
        try:
            answer: dict[str, Any] = self._client().acquire_token_for_client([self.cloud.bot_scope])
        except (requests.RequestException, OSError) as error:
            raise ChatError("unreachable", f"token: {type(error).__name__}") from error
        except ValueError as error:  # msal: the authority's discovery failed
            raise ChatError("refused", f"token: {error}") from error
        if not answer.get("access_token"):
            code = str(answer.get("error") or "no_token")
            raise ChatError("revoked" if code in REVOKED else "refused", f"token: {code}")
        return str(answer["access_token"]), float(answer.get("expires_in") or 3600)

    def _client(self) -> msal.ConfidentialClientApplication:
        if self._app is None:
            session = requests.Session()
            session.verify = self._verify
            # A CA file of our own (the emulator's) must not be replaced by REQUESTS_CA_BUNDLE.
            session.trust_env = self._verify is True
            self._app = msal.ConfidentialClientApplication(
                self.app_id,
                client_credential=self._password,
                authority=f"{self.cloud.login_endpoint}/{self.tenant_id}",
                instance_discovery=not login_overridden(self.cloud),
                http_client=session,
                timeout=self._timeout,
                token_cache=msal.TokenCache(),
            )
        return self._app
