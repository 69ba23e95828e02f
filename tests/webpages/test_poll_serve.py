"""Polls by link in `backbone serve` itself, a real process, its Slack the emulator: the pages are
mounted beside Slack's route, sign with the key the process stored, and count a web vote."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from bot.sandbox.server import SlackEmulator
from storage.db import make_engine, make_session_factory, transaction
from storage.web_models import WebKey
from tests.scenarios.test_serve_process import start_serve
from tests.support.harness import CASE, MARIA, seed
from tests.support.web import Browser, links_in


def test_serve_answers_a_poll_by_link(database_url: str, tmp_path: Path) -> None:
    with SlackEmulator() as emulator:
        seed(emulator)
        process, port = start_serve(emulator, database_url, tmp_path)
        try:
            emulator.request_url = f"http://127.0.0.1:{port}/slack/events"
            emulator.send_command(
                "/poll", '"Which day suits intake?" "Tuesday" "Thursday" anonymous link',
                user=MARIA, channel=CASE,
            )  # fmt: skip
            emulator.wait_until(lambda: len(emulator.responses()) >= 1, timeout=15)
            (link,) = links_in([str(r["body"].get("text", "")) for r in emulator.responses()])
            path = "/p/" + link.split("/p/", 1)[1]  # no BACKBONE_PUBLIC_URL: the port is 0 here
            page = Browser().vote(f"http://127.0.0.1:{port}{path}", "Thursday")
            assert (page.status, "Your vote now: Thursday." in page.text) == (200, True)
        finally:
            process.terminate()
            process.wait(timeout=15)
    engine = make_engine(database_url)
    try:
        with transaction(make_session_factory(engine)) as session:
            assert len(list(session.scalars(select(WebKey)))) == 1  # made once, kept
    finally:
        engine.dispose()
