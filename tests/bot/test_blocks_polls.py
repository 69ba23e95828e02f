"""Polls rendered as Block Kit: snapshots of each message, Slack's limits kept, privacy said."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.messages import poll_forms, polls
from bot.messages.parts import Message
from bot.messages.polls import PRIVACY
from bot.poll_text import MAX_OPTION
from bot.sandbox.blockkit import block_problems, view_problems
from bot.services.poll_votes import Tally
from bot.slack.render import render_form, render_message
from storage.models import Poll, PollMode
from tests.support.snapshots import assert_snapshot

NOW = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
TUESDAY_5PM = Tally([3, 2], 5)


def make_poll(**fields: Any) -> Poll:
    values: dict[str, Any] = {
        "id": 7,
        "team_id": "T1",
        "number": 3,
        "question": "When should the advisory group meet?",
        "options": ["Tuesday 5pm", "Thursday noon"],
        "mode": PollMode.EMOJI,
        "multi": False,
        "hidden": False,
        "channel_id": "CADVISORY",
        "message_ts": "1795532400.000100",
        "creator_id": "UMARIA",
        "created_at": NOW,
        "closes_at": datetime(2026, 11, 27, 22, 0, tzinfo=UTC),
        "repeat_at": None,
        "tz": "America/New_York",
    }
    values.update(fields)
    return Poll(**values)


def closed(**fields: Any) -> Poll:
    return make_poll(closed_at=NOW + timedelta(days=3), closed_by=None, **fields)


def rendered(message: Message) -> dict[str, Any]:
    return render_message(message)


def check(message: dict[str, Any]) -> None:
    assert block_problems(message["blocks"], "/blocks", 50) == []
    assert message["text"].strip()


def test_emoji_poll() -> None:
    message = rendered(polls.poll_message(make_poll()))
    check(message)
    assert message["text"].startswith("📊 P-3 When should the advisory group meet?\n:one: Tuesday")
    assert PRIVACY not in message["text"]  # reactions are public: it promises nothing
    assert_snapshot("poll_emoji", message)


def test_anonymous_poll_with_running_counts_says_nobody_can_see_votes() -> None:
    poll = make_poll(mode=PollMode.ANONYMOUS, multi=True, repeat_at=NOW + timedelta(days=7))
    message = rendered(polls.poll_message(poll, TUESDAY_5PM))
    check(message)
    assert PRIVACY in message["text"]
    assert "`██████░░░░` 60% (3)" in message["text"]
    assert_snapshot("poll_anonymous", message)


def test_hidden_poll_shows_no_counts() -> None:
    poll = make_poll(mode=PollMode.ANONYMOUS, hidden=True)
    message = rendered(polls.poll_message(poll, TUESDAY_5PM))
    check(message)
    assert "%" not in str(message) and "voted so far" not in str(message)
    assert "Results stay hidden until the poll closes ·" in message["text"]
    assert_snapshot("poll_hidden", message)


def test_closed_poll_and_results() -> None:
    poll = closed(mode=PollMode.ANONYMOUS, results={"counts": [3, 2], "voters": 5})
    message = rendered(polls.closed_poll_message(poll, TUESDAY_5PM))
    check(message)
    assert "actions" not in {b["type"] for b in message["blocks"]}  # no more voting
    assert_snapshot("poll_closed", message)
    results = rendered(polls.results_message(poll, TUESDAY_5PM))
    check(results)
    assert results["text"].startswith(
        "🏁 Results of P-3 When should the advisory group meet?: "
        "“Tuesday 5pm” won with 60% (3 of 5)."
    )
    assert_snapshot("poll_results", results)


def test_ten_long_options_fit_on_buttons() -> None:
    options = [f"{n:02d}" + "x" * (MAX_OPTION - 2) for n in range(10)]
    poll = make_poll(mode=PollMode.ANONYMOUS, options=options, question="q" * 300)
    check(rendered(polls.poll_message(poll, Tally([1] * 10, 10))))
    check(rendered(polls.results_message(closed(options=options), Tally([1] * 10, 10))))


def test_group_mentions_in_a_poll_do_not_ping() -> None:
    poll = make_poll(question="<!channel> which day?", options=["<!here> Tue", "Thu"])
    shown = str(rendered(polls.poll_message(poll))["blocks"])
    assert "<!channel>" not in shown and "<!here>" not in shown


@pytest.mark.parametrize(
    ("chosen", "multi", "says"),
    [
        ([0], False, f"Your vote for “Tuesday 5pm” in P-3 is in. {PRIVACY}"),
        ([0, 1], True, f"Your votes in P-3 are in: “Tuesday 5pm”, “Thursday noon”. {PRIVACY}"),
        ([], True, "You took back your votes in P-3. Click an option to vote again."),
    ],
)
def test_vote_confirmations(chosen: list[int], multi: bool, says: str) -> None:
    poll = make_poll(mode=PollMode.ANONYMOUS, multi=multi)
    assert rendered(poll_forms.vote_confirmation(poll, chosen))["text"] == says


def test_help_list_and_decision_form() -> None:
    check(rendered(poll_forms.help_message()))
    listed = rendered(poll_forms.poll_list([make_poll(source_url="https://x.slack.com/p1")]))
    check(listed)
    assert_snapshot("poll_list", listed)
    form = render_form(poll_forms.decision_form(make_poll(), "P-3: “Tuesday 5pm” won — "))
    assert view_problems(form) == []
    assert_snapshot("poll_decision_form", form)
