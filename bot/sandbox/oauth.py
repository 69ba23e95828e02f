"""Slack's install flow in the emulator: the consent page, `oauth.v2.access`, removing the app.

An install goes as with Slack: the app's `/slack/install` page links to the authorize URL;
`approve_install(url, user=…)` is the person pressing "Allow" there and returns where Slack
sends their browser back (the app's redirect URL with a one-time `code` and the `state`); the
app then trades the code for the workspace's bot token with `oauth.v2.access`, authenticated by
its client id and secret (HTTP Basic, as slack_sdk sends them). `revoke_token` and `uninstall`
make the bot token dead (`token_revoked`); installing again issues a new one.

Several emulators can stand for several workspaces of one Slack: `link` them and either one's
Web API answers for all, each call going to the workspace its token (or its code) belongs to.

Enterprise Grid: set `state.oauth.enterprise` and the workspace is one of an org's; Slack then
answers `oauth.v2.access` with that `enterprise`. An org admin can instead install the app for
the whole org (`approve_install(…, org_wide=True)`): the answer then has `team: null` and
`is_enterprise_install: true`, as Slack's does.
"""

from __future__ import annotations

import base64
import binascii
from urllib.parse import parse_qs, urlencode, urlsplit

from bot.sandbox.api_base import ApiError
from bot.sandbox.driver import DriverBase
from bot.sandbox.sender import AppResponse
from bot.sandbox.state import Json, Workspace

Credentials = tuple[str, str]


def basic_credentials(header: str) -> Credentials | None:
    """Read `Authorization: Basic base64(client_id:client_secret)`."""
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        client_id, _, secret = base64.b64decode(encoded.strip()).decode("utf-8").partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return client_id, secret


def oauth_v2_access(ws: Workspace, params: Json, credentials: Credentials | None) -> Json:
    """Trade a one-time code for the workspace's bot token, in the shape Slack answers with."""
    try:
        grant = _redeem(ws, params, credentials)
    except ApiError as error:
        return error.to_json()
    if ws.bot_token in ws.oauth.revoked:  # removed before: this install gets a new token
        ws.oauth.installs += 1
        ws.bot_token = f"xoxb-{ws.team_id.lower()}-{ws.oauth.installs}"
    org_wide = bool(grant.get("org_wide"))
    return {
        "ok": True,
        "access_token": ws.bot_token,
        "token_type": "bot",
        "scope": ",".join(grant["scopes"]),
        "bot_user_id": ws.bot_user_id,
        "app_id": ws.app_id,
        "team": None if org_wide else {"id": ws.team_id, "name": ws.team_name},
        "enterprise": ws.oauth.enterprise,
        "authed_user": {"id": grant["user"]},
        "is_enterprise_install": org_wide,
    }


def _redeem(ws: Workspace, params: Json, credentials: Credentials | None) -> Json:
    client_id, secret = credentials or (None, None)
    if client_id != ws.oauth.client_id:
        raise ApiError("invalid_client_id")
    if secret != ws.oauth.client_secret:
        raise ApiError("bad_client_secret")
    grant = ws.oauth.grants.pop(str(params.get("code") or ""), None)
    if grant is None:
        raise ApiError("invalid_code")  # unknown, or already used: codes work once
    if grant["redirect_uri"] is not None and params.get("redirect_uri") != grant["redirect_uri"]:
        raise ApiError("bad_redirect_uri")
    return grant


class OAuthDriver(DriverBase):
    """A person installing (or removing) the app, as they would in Slack."""

    @property
    def client_id(self) -> str:
        """Return the app's client id (Basic Information → App Credentials)."""
        return self.state.oauth.client_id

    @property
    def client_secret(self) -> str:
        """Return the app's client secret."""
        return self.state.oauth.client_secret

    def approve_install(self, authorize_url: str, *, user: str, org_wide: bool = False) -> str:
        """Press "Allow" on the consent page; return where Slack sends the browser back.

        `org_wide` is a Grid org admin installing for every workspace of the org at once.
        """
        query = {key: values[-1] for key, values in parse_qs(urlsplit(authorize_url).query).items()}
        with self.state.lock:
            self._user(user)
            if query.get("client_id") != self.state.oauth.client_id:
                raise ValueError("the authorize URL names another app's client_id")
            if org_wide and self.state.oauth.enterprise is None:
                raise ValueError("only an Enterprise Grid org can be installed org-wide")
            code = f"{self.state.team_id}.{self.state.new_id('C')}"
            self.state.oauth.grants[code] = {
                "org_wide": org_wide,
                "user": user,
                "scopes": [s for s in query.get("scope", "").split(",") if s],
                "redirect_uri": query.get("redirect_uri"),
            }
            back = self._redirect_url(query)
        return f"{back}?{urlencode({'code': code, 'state': query.get('state', '')})}"

    def deny_install(self, authorize_url: str) -> str:
        """Press "Cancel" on the consent page; return where Slack sends the browser back."""
        query = {key: values[-1] for key, values in parse_qs(urlsplit(authorize_url).query).items()}
        with self.state.lock:
            back = self._redirect_url(query)
        return f"{back}?{urlencode({'error': 'access_denied', 'state': query.get('state', '')})}"

    def _redirect_url(self, query: dict[str, str]) -> str:
        back = query.get("redirect_uri") or self.state.oauth.redirect_url
        if back is None:
            raise ValueError("set state.oauth.redirect_url (the app's redirect URL) first")
        return back

    def revoke_token(self) -> str:
        """Make the bot token dead (`token_revoked`), as removing the app does; return it."""
        with self.state.lock:
            self.state.oauth.revoked.add(self.state.bot_token)
            return self.state.bot_token

    def uninstall(self) -> AppResponse:
        """Remove the app: the token dies and the app hears `app_uninstalled`."""
        self.revoke_token()
        return self.send_event({"type": "app_uninstalled", "event_ts": self.state.next_ts()})
