"""Several `backbone tick` processes at once, and one killed mid-send: each reminder goes once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from storage.db import make_engine, make_session_factory, transaction
from storage.models import Nudge, NudgeState
from tests.support.harness import ADMIN, JOE, MARIA, PAT, Harness

# Thursday 17:30 UTC: inside working hours in New York, Chicago and Los Angeles; past in London.
THURSDAY_NOON_UTC = datetime(2026, 11, 26, 17, 30, tzinfo=UTC)
OWNERS = [JOE, PAT, MARIA, ADMIN]


def tick_process(backbone: Harness, at: datetime) -> subprocess.Popen[str]:
    env = {
        "PATH": os.environ["PATH"],
        "SLACK_BOT_TOKEN": backbone.emulator.bot_token,
        "SLACK_API_URL": backbone.emulator.api_url,
        "DATABASE_URL": backbone.database_url,
    }
    command = [str(Path(sys.executable).with_name("backbone")), "tick", "--now", at.isoformat()]
    return subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def ledger_states(backbone: Harness) -> Counter[str]:
    engine = make_engine(backbone.database_url)
    try:
        with transaction(make_session_factory(engine)) as session:
            return Counter(session.scalars(Nudge.__table__.select().with_only_columns(Nudge.state)))
    finally:
        engine.dispose()


def make_items(backbone: Harness, count: int) -> None:
    for n in range(count):
        backbone.command(f"Follow up with landlord {n} <@{OWNERS[n % 4]}> by Friday")


def test_four_tick_processes_send_each_reminder_exactly_once(backbone: Harness) -> None:
    make_items(backbone, 24)
    processes = [tick_process(backbone, THURSDAY_NOON_UTC) for _ in range(4)]
    outputs = [p.communicate(timeout=120) for p in processes]
    assert [p.returncode for p in processes] == [0, 0, 0, 0], outputs
    # 09:00 Thursday has come in New York, Chicago and Los Angeles, and is past in London (17:30).
    reached = [JOE, MARIA, ADMIN]
    dms = {user: backbone.dms(user) for user in OWNERS}
    assert {user: len(texts) for user, texts in dms.items() if texts}.keys() == set(reached)
    lines = [
        line
        for user in reached
        for text in dms[user]
        for line in text.splitlines()
        if line.startswith("⏰")
    ]
    assert len(lines) == 18 and len(set(lines)) == 18  # 6 items each, none twice
    assert ledger_states(backbone) == Counter({NudgeState.SENT: 18})


def test_a_tick_killed_mid_send_is_recovered_after_its_lease(backbone: Harness) -> None:
    make_items(backbone, 4)
    # Slack holds the first DM's answer; the process is killed while it waits.
    backbone.emulator.fail_next("chat.postMessage", status=503, delay=30)
    doomed = tick_process(backbone, THURSDAY_NOON_UTC)
    backbone.emulator.wait_until(
        lambda: bool(backbone.emulator.failed_calls("chat.postMessage")),
        timeout=60,
        what="the first DM to reach Slack",
    )
    doomed.send_signal(signal.SIGKILL)
    doomed.wait(timeout=30)
    assert ledger_states(backbone) == Counter({NudgeState.CLAIMED: 3})
    # Before the lease runs out another run leaves the claims alone; after it, they are sent.
    early = tick_process(backbone, THURSDAY_NOON_UTC + timedelta(minutes=1))
    early.communicate(timeout=60)
    late = tick_process(backbone, THURSDAY_NOON_UTC + timedelta(minutes=11))
    late.communicate(timeout=60)
    assert ledger_states(backbone) == Counter({NudgeState.SENT: 3})
    for user in (JOE, MARIA, ADMIN):
        assert len(backbone.dms(user)) == 1
