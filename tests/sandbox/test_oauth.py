"""The emulator's install flow: consent, `oauth.v2.access` in Slack's shape, dead tokens, and
linked emulators answering for each other's workspaces by token."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.sandbox.server import SlackEmulator
from tests.sandbox.conftest import JOE, MARIA

BACK = "https://backbone.example.org/slack/oauth_redirect"


def authorize_url(emu: SlackEmulator, **extra: str) -> str:
    query = "&".join(f"{k}={v}" for k, v in extra.items())
    return (
        f"https://slack.com/oauth/v2/authorize?state=s-1&client_id={emu.client_id}"
        f"&scope=chat:write,commands&user_scope=&{query}"
    )


def code_of(redirect: str) -> str:
    return parse_qs(urlsplit(redirect).query)["code"][0]


def app_client(emu: SlackEmulator) -> WebClient:
    """The app's client before it has any token, as Bolt's OAuth flow holds it."""
    return WebClient(base_url=emu.api_url, retry_handlers=[])


def test_approving_an_install_sends_the_browser_back_with_a_code_and_the_state(
    emu: SlackEmulator,
) -> None:
    emu.state.oauth.redirect_url = BACK
    back = emu.approve_install(authorize_url(emu), user=MARIA)
    assert back.startswith(f"{BACK}?code=T0SANDBOX.C")
    assert parse_qs(urlsplit(back).query)["state"] == ["s-1"]
    denied = emu.deny_install(authorize_url(emu, redirect_uri="https://other.example/cb"))
    assert denied == "https://other.example/cb?error=access_denied&state=s-1"


def test_a_code_is_traded_once_for_the_bot_token_in_slacks_shape(emu: SlackEmulator) -> None:
    emu.state.oauth.redirect_url = BACK
    code = code_of(emu.approve_install(authorize_url(emu), user=MARIA))
    client = app_client(emu)
    answer = client.oauth_v2_access(
        client_id=emu.client_id, client_secret=emu.client_secret, code=code
    )
    assert answer.data == {
        "ok": True,
        "access_token": emu.bot_token,
        "token_type": "bot",
        "scope": "chat:write,commands",
        "bot_user_id": "UBACKBONE",
        "app_id": "ASANDBOX",
        "team": {"id": "T0SANDBOX", "name": "Sandbox"},
        "enterprise": None,
        "authed_user": {"id": MARIA},
        "is_enterprise_install": False,
    }
    with pytest.raises(SlackApiError, match="invalid_code"):
        client.oauth_v2_access(client_id=emu.client_id, client_secret=emu.client_secret, code=code)
    assert emu.calls("oauth.v2.access") == [{"code": code}] * 2  # the secret is never recorded


@pytest.mark.parametrize(
    ("client_id", "secret", "redirect", "error"),
    [
        ("999.999", None, None, "invalid_client_id"),  # why: another app's id
        (None, "wrong-secret", None, "bad_client_secret"),
        (None, None, "https://elsewhere.example/cb", "bad_redirect_uri"),  # why: not as asked
    ],
)
def test_oauth_access_refuses_what_slack_refuses(
    emu: SlackEmulator, client_id: str | None, secret: str | None, redirect: str | None, error: str
) -> None:
    code = code_of(emu.approve_install(authorize_url(emu, redirect_uri=BACK), user=JOE))
    with pytest.raises(SlackApiError, match=error):
        app_client(emu).oauth_v2_access(
            client_id=client_id or emu.client_id,
            client_secret=secret or emu.client_secret,
            code=code,
            redirect_uri=redirect or BACK,
        )


def test_a_revoked_token_answers_token_revoked_until_installed_again(emu: SlackEmulator) -> None:
    old = WebClient(token=emu.bot_token, base_url=emu.api_url, retry_handlers=[])
    assert emu.revoke_token() == "xoxb-sandbox"
    with pytest.raises(SlackApiError, match="token_revoked"):
        old.auth_test()
    emu.state.oauth.redirect_url = BACK
    code = code_of(emu.approve_install(authorize_url(emu), user=MARIA))
    answer = app_client(emu).oauth_v2_access(
        client_id=emu.client_id, client_secret=emu.client_secret, code=code
    )
    assert answer["access_token"] == emu.bot_token == "xoxb-t0sandbox-1"
    assert WebClient(token=emu.bot_token, base_url=emu.api_url).auth_test()["ok"] is True
    with pytest.raises(SlackApiError, match="token_revoked"):
        old.auth_test()


def test_linked_emulators_answer_each_token_as_its_own_workspace() -> None:
    a = SlackEmulator(team_id="TA", bot_token="xoxb-a")
    b = SlackEmulator(team_id="TB", bot_token="xoxb-b", bot_user_id="UBOTB")
    a.link(b)
    with a, b:
        b.state.oauth.redirect_url = BACK
        through_a = WebClient(token="xoxb-b", base_url=a.api_url, retry_handlers=[])
        b.fail_next("auth.test", error="ratelimited")  # B's own faults apply
        with pytest.raises(SlackApiError):
            through_a.auth_test()
        assert through_a.auth_test()["team_id"] == "TB"
        code = code_of(b.approve_install(authorize_url(b), user="UBOTB"))
        answer = app_client(a).oauth_v2_access(
            client_id=b.client_id, client_secret=b.client_secret, code=code
        )
        assert answer["team"] == {"id": "TB", "name": "Sandbox"}
        assert [c["method"] for c in b.calls()] == ["auth.test", "oauth.v2.access"]
        assert a.calls() == []
        with pytest.raises(SlackApiError, match="invalid_auth"):
            WebClient(token="xoxb-c", base_url=a.api_url, retry_handlers=[]).auth_test()
