"""Who may post to `/api/messages`: Bot Framework, with a token it signed for this bot.

Every request carries a bearer JWT. The SDK's `TokenValidator.for_service` checks its signature
against the keys beside the cloud's OpenID metadata (`…/keys`, fetched once and kept; a token
signed with a key not seen before makes it look again, so a rotation is picked up), its issuer,
its audience (our app id) and its expiry. Only then is the body read, and the token's
`serviceurl` claim must name the very service the activity says it came from: otherwise a token
taken from one conversation could send Backbone's answers to another address.
"""

from __future__ import annotations

import json
import logging
import warnings
from dataclasses import dataclass
from typing import Any

import jwt

with warnings.catch_warnings():
    # Importing the apps package loads all of it, whose HTML widgets warn they are in preview:
    # nothing Backbone uses, and a line an operator would worry about at every start.
    warnings.filterwarnings("ignore", message="HtmlWidgetSecurityPolicy is in preview")
    from microsoft_teams.apps.auth import TokenValidator

from bot.settings_teams import TeamsSettings
from bot.teams import loop
from bot.teams.cloud import cloud_for

log = logging.getLogger(__name__)
VALIDATE_SECONDS = 15.0
# The SDK logs every refused token as an ERROR: anyone on the internet can post junk to
# /api/messages, and an operator should not be alarmed by each. Our own line (INFO) says it.
SDK_VALIDATOR_LOG = "microsoft_teams.apps.auth.token_validator"


class Refused(Exception):
    """The request is not from Bot Framework for this bot (401), or not an activity (400)."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


@dataclass(frozen=True)
class Caller:
    """What the validated token says: the service to answer, and who asked for the token."""

    service_url: str
    claims: dict[str, Any]


class InboundAuth:
    """Checks one request's token and body; one instance for the process keeps the keys."""

    def __init__(self, teams: TeamsSettings) -> None:
        cloud = cloud_for(teams.cloud, openid_url=teams.openid_url, login_url=teams.login_url)
        self._validator = TokenValidator.for_service(teams.app_id, cloud=cloud)
        logging.getLogger(SDK_VALIDATOR_LOG).setLevel(logging.CRITICAL)

    def activity(self, authorization: str, body: bytes) -> dict[str, Any]:
        """Return the activity of an authenticated request; raise Refused otherwise."""
        claims = self.claims(authorization)
        activity = parse_activity(body)
        service_url = activity.get("serviceUrl")
        if not isinstance(service_url, str) or not _same_service(claims, service_url):
            raise Refused(401, "the token was not issued for the activity's serviceUrl")
        return activity

    def claims(self, authorization: str) -> dict[str, Any]:
        """Validate the bearer token (signature, issuer, audience, expiry); return its claims."""
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Refused(401, "no bearer token")
        try:
            claims = loop.run(self._validator.validate_token(token.strip()), VALIDATE_SECONDS)
        except jwt.PyJWKClientConnectionError:
            # Our side: the keys could not be fetched. Bot Framework retries a 503 later.
            log.warning("the Teams signing keys could not be fetched; check TEAMS_OPENID_URL")
            raise Refused(503, "signing keys unavailable") from None
        except jwt.PyJWTError as error:
            raise Refused(401, f"token refused: {type(error).__name__}") from None
        except TimeoutError:
            log.warning("checking a Teams token took over %s s; refused", VALIDATE_SECONDS)
            raise Refused(503, "token check timed out") from None
        # The SDK checks an expiry only when there is one; Bot Framework's tokens always have one.
        if not isinstance(claims.get("exp"), int):
            raise Refused(401, "the token has no expiry")
        return claims


def _same_service(claims: dict[str, Any], service_url: str) -> bool:
    """Compare as the SDK does: the same address, a trailing slash aside."""
    claimed = claims.get("serviceurl")
    return isinstance(claimed, str) and claimed.rstrip("/") == service_url.rstrip("/")


def parse_activity(body: bytes) -> dict[str, Any]:
    """Read the body as an activity: a JSON object with a type; raise Refused(400) otherwise."""
    try:
        activity = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise Refused(400, "the body is not JSON") from None
    if not isinstance(activity, dict) or not isinstance(activity.get("type"), str):
        raise Refused(400, "the body is not an activity")
    return activity
