"""The token side: Entra's token endpoint (by hand and through msal), the Bot Framework's OpenID
metadata and keys, and the tokens `send` puts on activities, checked by the Teams SDK itself."""

from __future__ import annotations

import asyncio
import base64
import json

import httpx
import jwt
import msal
import pytest
import requests
from microsoft_teams.api.auth.cloud_environment import PUBLIC, with_overrides
from microsoft_teams.apps.auth import TokenValidator

from bot.sandbox.teams.sender import Forgery
from bot.sandbox.teams.server import TeamsEmulator
from tests.sandbox.teams.conftest import World

SCOPE = "https://api.botframework.com/.default"


def _ask(emu: TeamsEmulator, **changes: str) -> httpx.Response:
    form = {
        "grant_type": "client_credentials",
        "client_id": emu.app_id,
        "client_secret": emu.app_password,
        "scope": SCOPE,
        **changes,
    }
    return httpx.post(emu.token_url, data=form)


def test_the_token_endpoint_issues_a_connector_token(emu: TeamsEmulator) -> None:
    answer = _ask(emu)
    assert answer.status_code == 200
    body = answer.json()
    assert sorted(body) == ["access_token", "expires_in", "ext_expires_in", "token_type"]
    assert (body["token_type"], body["expires_in"], body["ext_expires_in"]) == (
        "Bearer",
        3599,
        3599,
    )
    keys = httpx.get(f"{emu.base_url}/{emu.tenant_id}/discovery/v2.0/keys").json()
    key = jwt.PyJWK(keys["keys"][0])
    claims = jwt.decode(
        body["access_token"], key.key, algorithms=["RS256"], audience="https://api.botframework.com"
    )
    assert claims["iss"] == f"https://sts.windows.net/{emu.tenant_id}/"
    assert (claims["appid"], claims["tid"]) == (emu.app_id, emu.tenant_id)
    assert emu.calls("token") == [{"tenant": emu.tenant_id}]


@pytest.mark.parametrize(
    ("changes", "status", "error"),
    [
        (
            {"client_secret": "wrong"},
            401,
            "invalid_client",
        ),  # why: Entra answers 401 for a bad secret
        ({"client_id": "00000000-0000-0000-0000-000000000001"}, 400, "unauthorized_client"),
        ({"scope": "https://graph.microsoft.com/.default"}, 400, "invalid_scope"),
        ({"grant_type": "password"}, 400, "unsupported_grant_type"),  # why: a bot has no user
    ],
)
def test_the_token_endpoint_refuses_as_entra_does(
    emu: TeamsEmulator, changes: dict[str, str], status: int, error: str
) -> None:
    answer = _ask(emu, **changes)
    assert (answer.status_code, answer.json()["error"]) == (status, error)
    assert answer.json()["error_description"].startswith("AADSTS")
    assert "access_token" not in answer.json()
    assert emu.calls("token") == []


def test_basic_auth_credentials_are_accepted(emu: TeamsEmulator) -> None:
    basic = base64.b64encode(f"{emu.app_id}:{emu.app_password}".encode()).decode()
    answer = httpx.post(
        emu.token_url,
        data={"grant_type": "client_credentials", "scope": SCOPE},
        headers={"Authorization": f"Basic {basic}"},
    )
    assert answer.status_code == 200


def _msal(emu: TeamsEmulator, secret: str) -> msal.ConfidentialClientApplication:
    # requests lets REQUESTS_CA_BUNDLE override a session's `verify`; trust_env=False keeps ours.
    session = requests.Session()
    session.trust_env = False
    session.verify = emu.ca_file
    return msal.ConfidentialClientApplication(
        emu.app_id,
        client_credential=secret,
        authority=f"{emu.login_url_https}/{emu.tenant_id}",
        instance_discovery=False,
        http_client=session,
    )


def test_msal_gets_a_token_over_https_without_instance_discovery(emu: TeamsEmulator) -> None:
    app = _msal(emu, emu.app_password)
    result = app.acquire_token_for_client(scopes=[SCOPE])
    assert result.get("token_type") == "Bearer", result
    assert len(emu.calls("token")) == 1


def test_msal_reports_a_wrong_secret(emu: TeamsEmulator) -> None:
    app = _msal(emu, "wrong")
    result = app.acquire_token_for_client(scopes=[SCOPE])
    assert result["error"] == "invalid_client"


def test_openid_metadata_points_at_the_endorsed_keys(emu: TeamsEmulator) -> None:
    metadata = httpx.get(emu.openid_url).json()
    assert metadata["issuer"] == "https://api.botframework.com"
    assert metadata["jwks_uri"] == f"{emu.base_url}/v1/.well-known/keys"
    keys = httpx.get(metadata["jwks_uri"]).json()["keys"]
    assert [(k["kty"], k["endorsements"]) for k in keys] == [("RSA", ["msteams"])]


def _validate(emu: TeamsEmulator, token: str | None, service_url: str) -> dict[str, object]:
    cloud = with_overrides(PUBLIC, openid_metadata_url=emu.openid_url)
    validator = TokenValidator.for_service(emu.app_id, service_url, cloud=cloud)
    return asyncio.run(validator.validate_token(token or ""))


def test_activity_tokens_pass_the_sdk_validator(emu: TeamsEmulator) -> None:
    claims = _validate(emu, emu.activity_token(), emu.service_url)
    assert claims["iss"] == "https://api.botframework.com"
    assert claims["aud"] == emu.app_id
    assert claims["serviceurl"] == emu.service_url
    header = jwt.get_unverified_header(str(emu.activity_token()))
    keys = httpx.get(f"{emu.base_url}/v1/.well-known/keys").json()["keys"]
    assert (header["alg"], header["kid"]) == ("RS256", keys[0]["kid"])


@pytest.mark.parametrize(
    "forgery",
    [
        Forgery.BAD_SIGNATURE,  # why: right kid, wrong key
        Forgery.UNKNOWN_KEY,
        Forgery.EXPIRED,
        Forgery.NOT_YET_VALID,
        Forgery.WRONG_AUDIENCE,
        Forgery.WRONG_ISSUER,
        Forgery.WRONG_SERVICE_URL,
    ],
)
def test_spoiled_activity_tokens_fail_the_sdk_validator(
    emu: TeamsEmulator, forgery: Forgery
) -> None:
    # An unknown kid raises PyJWKClientError, a PyJWTError but not an InvalidTokenError.
    with pytest.raises(jwt.PyJWTError):
        _validate(emu, emu.activity_token(forgery=forgery), emu.service_url)


def test_send_delivers_a_signed_activity_the_bot_accepts(world: World) -> None:
    delivery = world.emu.say_personal(world.maria, "hello")
    assert delivery.status == 200
    assert world.bot.refused == []
    assert [a["text"] for a in world.bot.received] == ["hello"]


def test_a_badly_signed_activity_is_refused_by_the_bot(world: World) -> None:
    for forgery in (Forgery.BAD_SIGNATURE, Forgery.EXPIRED, Forgery.WRONG_AUDIENCE, Forgery.NONE):
        delivery = world.emu.say_personal(world.maria, "hello", forgery=forgery)
        assert delivery.status == 401, forgery
    assert world.bot.received == []
    assert len(world.bot.refused) == 4
    assert json.dumps(world.bot.refused)  # each refusal says why


def test_a_rotated_key_is_published_and_signs(emu: TeamsEmulator) -> None:
    old = emu.activity_token()
    emu.rotate_signing_key()
    keys = httpx.get(f"{emu.base_url}/v1/.well-known/keys").json()["keys"]
    assert len(keys) == 2
    new = emu.activity_token()
    assert jwt.get_unverified_header(str(new))["kid"] == keys[1]["kid"]
    # A validator made now (PyJWKClient refetches an unknown kid only after a cooldown) takes
    # both; once the old key is withdrawn, a token it signed no longer validates.
    assert _validate(emu, old, emu.service_url)["aud"] == emu.app_id
    assert _validate(emu, new, emu.service_url)["aud"] == emu.app_id
    emu.rotate_signing_key(keep_old=False)
    assert len(httpx.get(f"{emu.base_url}/v1/.well-known/keys").json()["keys"]) == 1
    with pytest.raises(jwt.PyJWTError):
        _validate(emu, old, emu.service_url)


def test_revoked_connector_tokens_are_refused(emu: TeamsEmulator) -> None:
    old = _ask(emu).json()["access_token"]
    emu.revoke_connector_tokens()
    new = _ask(emu).json()["access_token"]
    url = f"{emu.service_url}v3/teams/19:none@thread.tacv2"
    assert httpx.get(url, headers={"Authorization": f"Bearer {old}"}).status_code == 401
    assert httpx.get(url, headers={"Authorization": f"Bearer {new}"}).status_code == 404
