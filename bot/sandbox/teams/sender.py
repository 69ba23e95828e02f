"""Deliver activities to the bot as the Bot Framework does: a signed JWT, POST `/api/messages`.

The token is RS256 with the emulator's Bot Framework key (its kid is in the published JWKS),
issuer `https://api.botframework.com`, audience the app id, the `serviceurl` claim, nbf/iat/exp.
`Forgery` names the ways tests spoil it on purpose.
"""

from __future__ import annotations

import enum
import json
import time
import urllib.error
import urllib.request
from typing import Any

from bot.sandbox.sender import AppResponse, _app_response
from bot.sandbox.teams.keys import SigningKey, bot_framework_claims

__all__ = ["AppResponse", "Forgery", "bot_token", "deliver"]


class Forgery(enum.StrEnum):
    """A way a token to the bot is wrong, for tests that the bot refuses it."""

    BAD_SIGNATURE = "bad_signature"  # signed by a key that is not published (same kid)
    EXPIRED = "expired"
    NOT_YET_VALID = "not_yet_valid"
    WRONG_AUDIENCE = "wrong_audience"
    WRONG_ISSUER = "wrong_issuer"
    WRONG_SERVICE_URL = "wrong_service_url"
    UNKNOWN_KEY = "unknown_key"  # a kid the JWKS does not list
    NONE = "none"  # no Authorization header at all


def bot_token(
    key: SigningKey,
    *,
    app_id: str,
    service_url: str,
    forgery: Forgery | None = None,
    stranger: SigningKey | None = None,
) -> str | None:
    """Return the bearer token for an activity, spoiled as `forgery` says (None: no header)."""
    now = time.time()
    claims = bot_framework_claims(app_id=app_id, service_url=service_url, now=now)
    signer, kid = key, None
    match forgery:
        case Forgery.NONE:
            return None
        case Forgery.EXPIRED:
            claims.update(nbf=int(now) - 7200, iat=int(now) - 7200, exp=int(now) - 3600)
        case Forgery.NOT_YET_VALID:
            claims.update(nbf=int(now) + 3600, iat=int(now) + 3600, exp=int(now) + 7200)
        case Forgery.WRONG_AUDIENCE:
            claims["aud"] = "00000000-0000-0000-0000-000000000000"
        case Forgery.WRONG_ISSUER:
            claims["iss"] = "https://sts.windows.net/not-the-bot-framework/"
        case Forgery.WRONG_SERVICE_URL:
            claims["serviceurl"] = "https://smba.example.invalid/amer/"
        case Forgery.BAD_SIGNATURE:
            signer, kid = stranger or SigningKey(), key.kid
        case Forgery.UNKNOWN_KEY:
            signer = stranger or SigningKey()
    return signer.sign(claims, kid=kid)


def deliver(
    url: str, activity: dict[str, Any], token: str | None, *, timeout: float
) -> AppResponse:
    """POST an activity to the bot and return its answer (invokes answer in the body)."""
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "Microsoft-SkypeBotApi (Microsoft-BotFramework/3.0)",
    }
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    body = json.dumps(activity).encode("utf-8")
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return _app_response(answer.status, answer.read())
    except urllib.error.HTTPError as error:
        return _app_response(error.code, error.read())
