"""Load: 50 `/action` commands at once while 4 `backbone tick` processes do their work.

The same test runs on SQLite and, in the PostgreSQL pass, on PostgreSQL (the `backbone`
fixture's database). A process starts slower than 50 commands are answered, so the ticks are
started first and Slack holds their `auth.test` (each asks it before closing the poll that is
due) until all the commands are in: then the ticks close the poll and post the digest while the
commands' work still runs. Four more ticks then send the 50 items' reminders at once. Slack (the
emulator) gives up on an acknowledgement after 3 seconds, as Slack does.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot.ids import Command
from bot.sandbox.server import AppResponse
from storage import polls
from storage.models import Nudge, NudgeState
from tests.support.harness import ADMIN, CASE, JOE, MARIA, PAT, TEAM, Harness
from tests.support.polls import react, start, thread_of
from tests.support.processes import start_tick
from tests.support.records import all_items, read

COMMANDS = 50
OWNERS = [JOE, MARIA, ADMIN, PAT]
# Thursday 17:30 UTC: working hours in Los Angeles, Chicago and New York; evening in London.
THURSDAY_1730_UTC = datetime(2026, 11, 26, 17, 30, tzinfo=UTC)
REACHED = {JOE, MARIA, ADMIN}
HELD = 2.0  # seconds Slack holds the first ticks' auth.test
SLACK_WAITS = 3.0  # seconds Slack waits for an acknowledgement
REMINDER = re.compile(r"^⏰ (A-\d+) ", re.M)
TROUBLE = re.compile(r"database is locked|Sorry, something went wrong|Traceback|error", re.I)


def send_all(backbone: Harness) -> list[AppResponse]:
    """Type the 50 commands at once, from as many laptops."""

    def send(n: int) -> AppResponse:
        text = f"Call landlord {n} <@{OWNERS[n % len(OWNERS)]}> by Friday"
        return backbone.emulator.send_command("/action", text, user=MARIA, channel=CASE)

    with ThreadPoolExecutor(max_workers=COMMANDS) as pool:
        return list(pool.map(send, range(COMMANDS)))


def reminded(backbone: Harness) -> Counter[tuple[str, str]]:
    """How often each owner was reminded of each item, over all their DMs."""
    return Counter(
        (owner, found.group(1))
        for owner in OWNERS
        for text in backbone.dms(owner)
        for found in REMINDER.finditer(text)
    )


def standing_work(backbone: Harness) -> None:
    """A poll that closes Thursday noon, with a vote, and a digest due Thursday morning."""
    start(backbone, '"Which evening?" "Tuesday" "Thursday" closes Thursday noon')
    react(backbone, backbone.emulator.messages(CASE)[-1], JOE, "one")
    backbone.command("on Thursday 9am", command=Command.DIGEST)
    backbone.emulator.clear_calls()


def under_load(backbone: Harness) -> tuple[list[AppResponse], list[tuple[str, str]]]:
    """Run the commands while four ticks work, then four ticks more; return what each said."""
    emulator = backbone.emulator
    emulator.app_timeout = SLACK_WAITS  # a slower acknowledgement is a failure
    emulator.fail_next("auth.test", status=200, delay=HELD, times=4)
    ticks = [start_tick(emulator, backbone.database_url, THURSDAY_1730_UTC) for _ in range(4)]
    emulator.wait_until(lambda: bool(emulator.failed_calls("auth.test")), timeout=60,
                        what="a tick to be at work")  # fmt: skip
    answers = send_all(backbone)
    outputs = [tick.communicate(timeout=120) for tick in ticks]
    backbone.settle()
    ticks += [start_tick(emulator, backbone.database_url, THURSDAY_1730_UTC) for _ in range(4)]
    outputs += [tick.communicate(timeout=120) for tick in ticks[4:]]
    assert [tick.returncode for tick in ticks] == [0] * 8, outputs
    return answers, outputs


def assert_nobody_saw_trouble(
    backbone: Harness, outputs: list[tuple[str, str]], caplog: pytest.LogCaptureFixture
) -> None:
    for out, err in outputs:
        assert out.startswith("backbone: sent") and not TROUBLE.search(out + err), (out, err)
    told = [str(r["body"]) for r in backbone.emulator.responses()]
    assert [text for text in told if TROUBLE.search(text)] == []
    ours = [r for r in caplog.records if r.name.split(".")[0] in {"backbone", "bot", "handlers"}]
    assert [r.getMessage() for r in ours if r.levelno >= logging.ERROR] == []


def test_fifty_commands_and_four_ticks_at_once(
    backbone: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    standing_work(backbone)
    answers, outputs = under_load(backbone)
    assert [(a.status, a.body) for a in answers] == [(200, "")] * COMMANDS
    assert_nobody_saw_trouble(backbone, outputs, caplog)

    items = all_items(backbone)
    assert [item.code for item in items] == [f"A-{n}" for n in range(1, COMMANDS + 1)]
    assert sorted(i.title for i in items) == sorted(f"Call landlord {n}" for n in range(COMMANDS))
    posts = [m.text for m in backbone.emulator.messages(CASE)]
    announced = Counter(text.split()[1] for text in posts if text.startswith("📌"))
    assert announced == Counter(item.code for item in items)

    due = [(item.owner_ids[0], item.code) for item in items if item.owner_ids[0] in REACHED]
    assert reminded(backbone) == Counter(due)  # each once; London's wait for its morning
    states = read(backbone, lambda s: Counter(s.scalars(select(Nudge.state))))
    assert states == Counter({NudgeState.SENT: len(due)})

    poll = read(backbone, lambda s: polls.get_poll(s, team_id=TEAM, number=1))
    assert poll is not None and poll.results == {"counts": [1, 0], "voters": 1}
    assert len(thread_of(backbone, backbone.emulator.messages(CASE)[0])) == 1
    assert len([text for text in posts if text.startswith("Weekly digest")]) == 1
