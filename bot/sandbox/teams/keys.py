"""RSA signing keys made at start, their JWKS entries, and the JWTs they sign.

Two keys, as in the cloud: the Bot Framework's (signs the activities sent to the bot; published
at `/v1/.well-known/keys` with `endorsements: ["msteams"]`) and Entra's (signs the tokens the bot
gets for the connector; published at `/<tenant>/discovery/v2.0/keys`). A third key, never
published, signs the badly signed tokens tests send.
"""

from __future__ import annotations

import base64
import secrets
import time
from dataclasses import dataclass, field
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

BOT_FRAMEWORK_ISSUER = "https://api.botframework.com"
BOT_FRAMEWORK_SCOPE = "https://api.botframework.com/.default"
# Connector tokens are v1 Entra tokens (the Bot Framework API accepts v1): `sts.windows.net`.
ENTRA_V1_ISSUER = "https://sts.windows.net/{tenant}/"
TOKEN_LIFETIME_SECONDS = 3599


def _b64url_uint(value: int) -> str:
    raw = value.to_bytes((value.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


@dataclass
class SigningKey:
    """One RSA key pair with a random key id."""

    kid: str = field(default_factory=lambda: secrets.token_urlsafe(16))
    private: rsa.RSAPrivateKey = field(
        default_factory=lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048)
    )

    def jwk(self, **extra: Any) -> dict[str, Any]:
        """Return the public key as a JWKS entry (`extra` adds fields such as endorsements)."""
        numbers = self.private.public_key().public_numbers()
        return {
            "kty": "RSA",
            "use": "sig",
            "kid": self.kid,
            "x5t": self.kid,
            "n": _b64url_uint(numbers.n),
            "e": _b64url_uint(numbers.e),
            **extra,
        }

    def sign(self, claims: dict[str, Any], *, kid: str | None = None) -> str:
        """Return an RS256 JWT of `claims`, its header naming this key (or `kid`)."""
        headers = {"kid": kid or self.kid, "x5t": kid or self.kid, "typ": "JWT"}
        return jwt.encode(claims, self.private, algorithm="RS256", headers=headers)


def bot_framework_claims(
    *, app_id: str, service_url: str, now: float | None = None, lifetime: int = 3600
) -> dict[str, Any]:
    """Return the claims of a token the Bot Framework sends with an activity."""
    issued = int(time.time() if now is None else now)
    return {
        "serviceurl": service_url,
        "nbf": issued - 5,
        "iat": issued - 5,
        "exp": issued + lifetime,
        "iss": BOT_FRAMEWORK_ISSUER,
        "aud": app_id,
    }


def connector_claims(*, app_id: str, tenant_id: str, now: float | None = None) -> dict[str, Any]:
    """Return the claims of an Entra access token for the Bot Framework API."""
    issued = int(time.time() if now is None else now)
    return {
        "aud": BOT_FRAMEWORK_ISSUER,
        "iss": ENTRA_V1_ISSUER.format(tenant=tenant_id),
        "iat": issued,
        "nbf": issued,
        "exp": issued + TOKEN_LIFETIME_SECONDS,
        "appid": app_id,
        "appidacr": "1",
        "idp": ENTRA_V1_ISSUER.format(tenant=tenant_id),
        "tid": tenant_id,
        "uti": secrets.token_urlsafe(16),
        "ver": "1.0",
    }
