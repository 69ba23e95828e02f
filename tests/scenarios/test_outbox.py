"""An item saved but never posted is posted by the next tick, once (the outbox).

The item and the fact that it owes its channel post are saved in one transaction; the post comes
after. A process that dies in between, or a Slack that says no for now, leaves the post owed,
and a tick makes it. A timeout may hide a post Slack made after all: that one is never repeated.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from functools import partial

import pytest
from slack_sdk.http_retry.builtin_interval_calculators import FixedValueRetryIntervalCalculator

from bot.deps import Deps
from bot.messages.items import announcement
from bot.port import PostRef
from bot.services import actions as service
from bot.services.announce import Unposted, announce
from bot.slack.app import make_client
from bot.slack.port import SlackPort
from bot.text import Draft
from storage.db import make_engine, make_session_factory
from tests.conftest import FakeClock
from tests.support.harness import CASE, JOE, MARIA, TEAM, Harness, running_backbone


@pytest.fixture
def quick(database_url: str, clock: FakeClock) -> Iterator[Harness]:
    """Backbone whose client retries Slack's errors at once and waits little for answers."""
    slack = partial(make_client, timeout=0.5, backoff=FixedValueRetryIntervalCalculator(0.01))
    with running_backbone(database_url, clock, slack=slack) as harness:
        yield harness


def posts_of(b: Harness, code: str) -> list[str]:
    return [m.text for m in b.emulator.messages(CASE) if m.text.startswith(f"📌 {code} ")]


def test_an_item_slack_would_not_post_is_posted_by_the_next_tick_once(quick: Harness) -> None:
    quick.emulator.fail_next("chat.postMessage", status=503, times=3)  # past the two retries
    quick.command("Call the shelter about 3 beds <@UJOE> by Friday")
    assert quick.last_response()["text"] == (
        "I saved A-1, but Slack didn't let me post it here just now. I'll post it here in a few "
        "minutes. It's in /action list, and reminders will still go out."
    )
    assert posts_of(quick, "A-1") == []
    report = quick.tick(quick.clock.now + timedelta(minutes=3))
    assert report.posted == 1
    assert "Posted 1 new item(s) Slack had not shown yet." in report.summary()
    [post] = quick.emulator.messages(CASE)
    assert post.text.startswith("📌 A-1 Call the shelter about 3 beds — <@UJOE>")
    assert quick.item(1).announce_ts == post.ts
    assert quick.item(1).announce_pending_until is None
    assert quick.tick(quick.clock.now + timedelta(minutes=30)).posted == 0
    assert len(posts_of(quick, "A-1")) == 1


def save_without_posting(b: Harness, title: str) -> None:
    """What a process that died right after saving leaves behind."""
    with b.database() as session:
        service.create_item(
            session,
            team_id=TEAM,
            creator_id=MARIA,
            channel_id=CASE,
            draft=Draft(owners=[JOE], title=title, due=None),
            now=b.clock.now,
            posted_by_caller=True,
        )


def test_a_crash_between_saving_and_posting_loses_nothing(backbone: Harness) -> None:
    save_without_posting(backbone, "Send the by-name list to the VA")
    start = backbone.clock.now
    # Within the grace the process that saved it may still be posting it: nobody else does.
    assert backbone.tick(start + timedelta(minutes=1)).posted == 0
    assert backbone.emulator.messages(CASE) == []
    assert backbone.tick(start + timedelta(minutes=3)).posted == 1
    assert posts_of(backbone, "A-1") == ["📌 A-1 Send the by-name list to the VA — <@UJOE>"]
    assert backbone.tick(start + timedelta(minutes=20)).posted == 0
    assert len(posts_of(backbone, "A-1")) == 1


def test_a_post_that_may_have_happened_is_never_made_again(quick: Harness) -> None:
    # Slack posts it but answers too late: the client gives up, and Slack did the work.
    quick.emulator.fail_next("chat.postMessage", status=200, delay=1.0)
    quick.command("Call the shelter about 3 beds")
    assert quick.item(1).announce_pending_until is None
    assert quick.tick(quick.clock.now + timedelta(minutes=5)).posted == 0
    assert len(posts_of(quick, "A-1")) == 1


def test_a_post_owed_for_more_than_a_day_is_let_go(backbone: Harness) -> None:
    save_without_posting(backbone, "Old item")
    assert backbone.tick(backbone.clock.now + timedelta(days=2)).posted == 0
    assert backbone.emulator.messages(CASE) == []
    assert backbone.item(1).announce_pending_until is None


def test_items_announced_as_usual_owe_nothing(backbone: Harness) -> None:
    backbone.command("Call the shelter about 3 beds")
    assert backbone.item(1).announce_pending_until is None
    assert backbone.tick(backbone.clock.now + timedelta(minutes=5)).posted == 0
    assert len(posts_of(backbone, "A-1")) == 1


def announce_owed(b: Harness) -> Unposted | None:
    """Announce item 1 through the port, as the outbox run does."""
    engine = make_engine(b.database_url)
    try:
        deps = Deps(make_session_factory(engine), clock=lambda: b.clock.now)
        return announce(deps, SlackPort(b.slack(b.settings)), b.item(1))
    finally:
        engine.dispose()


def test_announcing_through_the_port_remembers_the_post(backbone: Harness) -> None:
    save_without_posting(backbone, "Send the by-name list to the VA")
    assert announce_owed(backbone) is None
    [post] = backbone.emulator.messages(CASE)
    item = backbone.item(1)
    assert (item.announce_channel, item.announce_ts, item.announce_pending_until) == (
        CASE,
        post.ts,
        None,
    )
    assert item.source_url == SlackPort(backbone.slack(backbone.settings)).link_to(
        PostRef(CASE, post.ts)
    )


# fmt: off
REFUSALS = [
    # why: a channel Backbone may not post in stays so: the post is no longer owed
    ("not_in_channel", "cannot_post", False),
    # why: any other refusal may pass later: the outbox keeps it
    ("internal_error", "refused", True),
]
# fmt: on


@pytest.mark.parametrize(("code", "kind", "later"), REFUSALS)
def test_announcing_through_the_port_says_why_it_could_not(
    backbone: Harness, code: str, kind: str, later: bool
) -> None:
    save_without_posting(backbone, "Send the by-name list to the VA")
    owed = backbone.item(1).announce_pending_until
    assert owed is not None
    backbone.emulator.fail_next("chat.postMessage", error=code)
    unposted = announce_owed(backbone)
    assert unposted is not None
    said = (unposted.message, unposted.error.kind, unposted.error.reason, unposted.later)
    assert said == (announcement(backbone.item(1)), kind, code, later)
    assert backbone.item(1).announce_pending_until == (owed if later else None)
    assert backbone.emulator.messages(CASE) == []
