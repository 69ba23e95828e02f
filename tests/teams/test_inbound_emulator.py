"""A real `backbone serve` process and the Teams emulator: what a deployment's Teams sees.

The emulator signs each activity as Bot Framework does (or spoils the token as a test asks) and
keeps a log of every call made to it: the Entra token endpoint and the connector. A refused
activity leaves that log empty: no token asked for, nothing sent, nothing stored.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from bot.sandbox.teams.server import Forgery, TeamsEmulator
from bot.sandbox.teams.state import Person
from handlers.teams.commands import HELP
from storage.db import make_engine, make_session_factory
from storage.models import ActionItem
from tests.support.processes import BACKBONE, Served


@dataclass
class Deployment:
    emu: TeamsEmulator
    served: Served
    maria: Person
    database_url: str


@pytest.fixture(scope="module")
def deployment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    """One emulator and one serve for the module (a process start is most of each test)."""
    tmp_path = tmp_path_factory.mktemp("serve")
    database_url = f"sqlite:///{tmp_path / 'backbone.db'}"  # serve migrates it at start
    with TeamsEmulator() as emu:
        maria = emu.add_person("Maria Lopez", zone="America/Chicago")
        env = {
            "PATH": os.environ["PATH"],
            "DATABASE_URL": database_url,
            "TEAMS_APP_ID": emu.app_id,
            "TEAMS_APP_PASSWORD": emu.app_password,
            "TEAMS_TENANT_ID": emu.tenant_id,
            "TEAMS_OPENID_URL": emu.openid_url,
            "TEAMS_LOGIN_URL": emu.login_url_https,  # msal speaks https only
            "REQUESTS_CA_BUNDLE": emu.ca_file,  # …to the emulator's own certificate
        }
        argv = [str(BACKBONE), "serve", "--no-scheduler", "--host", "127.0.0.1", "--port", "0"]
        process = subprocess.Popen(argv, cwd=tmp_path, env=env, stderr=subprocess.PIPE, text=True)
        served = Served(process)
        emu.bot_url = f"http://127.0.0.1:{served.port}/api/messages"
        try:
            # Teams delivers only where Backbone is installed: in Maria's personal chat.
            assert all(d.status == 200 for d in emu.install_personal(maria))
            _quiet(emu)
            yield Deployment(emu, served, maria, database_url)
        finally:
            process.send_signal(signal.SIGTERM)
            assert process.wait(timeout=15) == 0


def _quiet(emu: TeamsEmulator, still: float = 1.0, limit: float = 15.0) -> None:
    """Wait until what the install set going (a welcome, perhaps) has stopped calling out."""
    deadline, seen, since = time.monotonic() + limit, -1, time.monotonic()
    while time.monotonic() < deadline:
        count = len(emu.calls()) + len(emu.failed_calls())
        if count != seen:
            seen, since = count, time.monotonic()
        elif time.monotonic() - since >= still:
            return
        time.sleep(0.05)
    raise AssertionError(f"the emulator kept being called: {emu.calls()}")


@pytest.mark.parametrize(
    "forgery",
    [
        Forgery.NONE,
        Forgery.BAD_SIGNATURE,
        Forgery.UNKNOWN_KEY,
        Forgery.EXPIRED,
        Forgery.NOT_YET_VALID,
        Forgery.WRONG_ISSUER,
        Forgery.WRONG_AUDIENCE,
        Forgery.WRONG_SERVICE_URL,
    ],
)
def test_a_spoiled_token_is_refused_and_nothing_is_called(
    deployment: Deployment, forgery: Forgery
) -> None:
    emu = deployment.emu
    emu.clear_calls()
    said = emu.say_personal(deployment.maria, "action Call the shelter", forgery=forgery)
    assert said.status == 401
    # The emulator's log: no token asked of Entra, no call to the connector, no refusal.
    assert (emu.calls(), emu.failed_calls(), emu.refusals()) == ([], [], [])
    assert emu.dms(deployment.maria.id) == []
    assert not any("Call the shelter" in line for line in deployment.served.log)
    # One plain line says so, and no ERROR: junk from strangers is not the operator's alarm.
    assert not any(" ERROR " in line for line in deployment.served.log)
    # And nothing stored: no action item was made of it.
    engine = make_engine(deployment.database_url)
    try:
        with make_session_factory(engine)() as session:
            assert session.scalars(select(ActionItem)).all() == []
    finally:
        engine.dispose()


def test_a_genuine_activity_is_answered_through_the_connector(deployment: Deployment) -> None:
    # Last in the module: what it sets going may still be talking to the emulator after it.
    emu = deployment.emu
    said = emu.say_personal(deployment.maria, "help")
    assert said.status == 200

    def answered() -> bool:
        return any(HELP in json.dumps(p.activity) for p in emu.dms(deployment.maria.id))

    emu.wait_until(answered, what="the help answer in Maria's chat")
    assert emu.calls("token")  # Backbone asked Entra for its own token to answer
    assert emu.refusals() == []
