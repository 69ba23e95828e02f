"""The token side: Bot Framework OpenID metadata and keys, and an Entra tenant's token endpoint.

Documents and error bodies take the shapes Microsoft serves (the Entra error body has `error`,
`error_description`, `error_codes`, `timestamp`, `trace_id`, `correlation_id`). Only the
`client_credentials` grant exists here: it is the only one a bot uses.
"""

from __future__ import annotations

import datetime
import hmac
import uuid
from urllib.parse import parse_qs

from bot.sandbox.teams.keys import (
    BOT_FRAMEWORK_ISSUER,
    BOT_FRAMEWORK_SCOPE,
    TOKEN_LIFETIME_SECONDS,
    SigningKey,
    connector_claims,
)
from bot.sandbox.teams.state import Json, Tenant


def openid_configuration(base_url: str) -> Json:
    """Return the Bot Framework's OpenID metadata, pointing at this emulator's keys."""
    return {
        "issuer": BOT_FRAMEWORK_ISSUER,
        "authorization_endpoint": "https://invalid.botframework.com",
        "jwks_uri": f"{base_url}/v1/.well-known/keys",
        "id_token_signing_alg_values_supported": ["RS256"],
        "token_endpoint_auth_methods_supported": ["private_key_jwt"],
    }


def bot_framework_keys(keys: list[SigningKey]) -> Json:
    """Return the Bot Framework JWKS: the keys that sign activities, endorsed for Teams."""
    return {"keys": [key.jwk(endorsements=["msteams"]) for key in keys]}


def tenant_openid_configuration(base_url: str, tenant_id: str) -> Json:
    """Return a tenant's v2.0 discovery document, the one msal reads before asking a token."""
    tenant_url = f"{base_url}/{tenant_id}"
    return {
        "token_endpoint": f"{tenant_url}/oauth2/v2.0/token",
        "token_endpoint_auth_methods_supported": [
            "client_secret_post",
            "private_key_jwt",
            "client_secret_basic",
        ],
        "jwks_uri": f"{tenant_url}/discovery/v2.0/keys",
        "response_modes_supported": ["query", "fragment", "form_post"],
        "subject_types_supported": ["pairwise"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "response_types_supported": ["code", "id_token", "code id_token", "id_token token"],
        "scopes_supported": ["openid", "profile", "email", "offline_access"],
        "issuer": f"{base_url}/{tenant_id}/v2.0",
        "request_uri_parameter_supported": False,
        "userinfo_endpoint": "https://graph.microsoft.com/oidc/userinfo",
        "authorization_endpoint": f"{tenant_url}/oauth2/v2.0/authorize",
        "device_authorization_endpoint": f"{tenant_url}/oauth2/v2.0/devicecode",
        "http_logout_supported": True,
        "frontchannel_logout_supported": True,
        "end_session_endpoint": f"{tenant_url}/oauth2/v2.0/logout",
        "claims_supported": ["sub", "iss", "aud", "exp", "iat", "nbf", "tid", "ver"],
        "tenant_region_scope": "NA",
        "cloud_instance_name": "microsoftonline.com",
        "cloud_graph_host_name": "graph.windows.net",
        "msgraph_host": "graph.microsoft.com",
    }


def entra_keys(key: SigningKey) -> Json:
    """Return a tenant's JWKS: the key that signs connector tokens."""
    return {"keys": [key.jwk()]}


class TokenRefused(Exception):
    """Entra refused a token request: an HTTP status and Entra's error body."""

    def __init__(self, status: int, error: str, description: str, code: int) -> None:
        super().__init__(error)
        self.status = status
        self.body = entra_error(error, description, code)


def entra_error(error: str, description: str, code: int) -> Json:
    """Return an error body as Entra's token endpoint writes it."""
    trace, correlation = str(uuid.uuid4()), str(uuid.uuid4())
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M:%SZ")
    return {
        "error": error,
        "error_description": (
            f"AADSTS{code}: {description} Trace ID: {trace} Correlation ID: {correlation} "
            f"Timestamp: {now}"
        ),
        "error_codes": [code],
        "timestamp": now,
        "trace_id": trace,
        "correlation_id": correlation,
    }


# Entra's answers to a bad token request: HTTP status, error, description, AADSTS code.
REFUSALS = {
    "grant": (
        400,
        "unsupported_grant_type",
        "The provided value for the input parameter 'grant_type' is not valid. Expected values "
        "are the following: 'client_credentials'.",
        70003,
    ),
    "tenant": (
        400,
        "invalid_request",
        "Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are "
        "signing into the correct cloud.",
        90002,
    ),
    "client": (
        400,
        "unauthorized_client",
        "Application with identifier '{client}' was not found in the directory '{tenant}'.",
        700016,
    ),
    "secret": (
        401,
        "invalid_client",
        "Invalid client secret provided. Ensure the secret being sent in the request is the "
        "client secret value, not the client secret ID, for a secret added to app '{client}'.",
        7000215,
    ),
    "scope": (
        400,
        "invalid_scope",
        "The provided value for scope {scope} is not valid. Client credential flows must have a "
        "scope value with /.default suffixed to the resource identifier (application ID URI).",
        1002012,
    ),
}


def _refuse(kind: str, **names: str) -> TokenRefused:
    status, error, description, code = REFUSALS[kind]
    return TokenRefused(status, error, description.format(**names), code)


def issue_token(
    tenant: Tenant, key: SigningKey, tenant_id: str, body: bytes, basic: tuple[str, str] | None
) -> Json:
    """Answer a client-credentials request for a connector token, or raise `TokenRefused`."""
    form = {k: v[-1] for k, v in parse_qs(body.decode("utf-8", "replace")).items()}
    client_id, secret = basic or (form.get("client_id", ""), form.get("client_secret", ""))
    if form.get("grant_type") != "client_credentials":
        raise _refuse("grant")
    if tenant_id.lower() != tenant.id.lower():
        raise _refuse("tenant", tenant=tenant_id)
    if client_id != tenant.app_id:
        raise _refuse("client", client=client_id, tenant=tenant.id)
    if not hmac.compare_digest(secret.encode(), tenant.app_password.encode()):
        raise _refuse("secret", client=tenant.app_id)
    # msal may add the OIDC scopes; the Bot Framework's `.default` must be the one asked.
    scope = form.get("scope", "")
    if set(scope.split()) - {"openid", "profile", "offline_access"} != {BOT_FRAMEWORK_SCOPE}:
        raise _refuse("scope", scope=scope)
    claims = connector_claims(app_id=tenant.app_id, tenant_id=tenant.id)
    tenant.issued_tokens.add(claims["uti"])
    return {
        "token_type": "Bearer",
        "expires_in": TOKEN_LIFETIME_SECONDS,
        "ext_expires_in": TOKEN_LIFETIME_SECONDS,
        "access_token": key.sign(claims),
    }
