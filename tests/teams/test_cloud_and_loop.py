"""The Teams cloud settings and the one event loop the SDK's coroutines run on."""

from __future__ import annotations

import asyncio
import threading

import pytest

from bot.teams import loop
from bot.teams.cloud import cloud_for, login_overridden


@pytest.mark.parametrize(
    ("name", "login", "scope"),
    [
        ("public", "https://login.microsoftonline.com", "https://api.botframework.com/.default"),
        ("USGov", "https://login.microsoftonline.us", "https://api.botframework.us/.default"),
        ("usgovdod", "https://login.microsoftonline.us", "https://api.botframework.us/.default"),
        (" china ", "https://login.partner.microsoftonline.cn",
         "https://api.botframework.azure.cn/.default"),  # why: case and spaces do not matter
    ],
)  # fmt: skip
def test_each_cloud_has_its_own_login_and_scope(name: str, login: str, scope: str) -> None:
    cloud = cloud_for(name)
    assert (cloud.login_endpoint, cloud.bot_scope) == (login, scope)
    assert not login_overridden(cloud)


def test_overrides_replace_the_login_and_openid_urls_only() -> None:
    cloud = cloud_for(
        "usgov", openid_url="http://127.0.0.1:9/v1/.well-known/openidconfiguration",
        login_url="https://127.0.0.1:8/",
    )  # fmt: skip
    assert (cloud.login_endpoint, cloud.openid_metadata_url, cloud.bot_scope) == (
        "https://127.0.0.1:8", "http://127.0.0.1:9/v1/.well-known/openidconfiguration",
        "https://api.botframework.us/.default",
    )  # fmt: skip
    assert login_overridden(cloud)  # why: msal must not ask Microsoft to validate our host


def test_an_unknown_cloud_is_named_in_the_refusal() -> None:
    with pytest.raises(ValueError, match="not a Teams cloud: 'gcc'"):
        cloud_for("gcc")


def test_coroutines_run_on_one_background_thread() -> None:
    async def where() -> str:
        await asyncio.sleep(0)
        return threading.current_thread().name

    assert {loop.run(where(), timeout=5) for _ in range(3)} == {"teams-loop"}


def test_a_coroutine_that_takes_too_long_is_cancelled() -> None:
    cancelled = threading.Event()

    async def forever() -> None:
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            cancelled.set()
            raise

    with pytest.raises(TimeoutError):
        loop.run(forever(), timeout=0.05)
    assert cancelled.wait(5)
