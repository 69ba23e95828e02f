"""Who may change what: every path that changes a record, for each kind of person.

One table: each row is a way to change something (a subcommand, a button on one of the surfaces
it appears on, a form being opened or saved), with the people allowed to use it. Every row runs
for the item's owner (Joe), its creator (Maria), a workspace admin and anyone else (Pat); a poll
has no owner, so its rows run for its creator, an admin and anyone else. Allowed: something
changed. Refused: the person reads why, and nothing at all changed — no record, no post, no DM,
no form opened.

Slack shows a DM, a Home tab or a form only to its person. Where a row needs someone else to
click one, the test shows them the same surface (their Home drawn with the owner's rows, or the
owner's form opened for them): a Home drawn before an item was handed on, or a form opened
while someone still had the right, look exactly like that. The rule must hold on every request.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.ids import ActionId, BlockId, CallbackId, Command, SnoozeChoice
from bot.sandbox.state import Message, View
from bot.services.digest_plans import schedule_of
from storage import actions, decisions, polls
from tests.support.forms import home_of, modal_of, open_home, submit
from tests.support.harness import ADMIN, CASE, JOE, MARIA, PAT, TEAM, Harness
from tests.support.polls import poll_command, start, thread_of
from tests.support.records import read

ROLES = {"owner": JOE, "creator": MARIA, "admin": ADMIN, "anyone else": PAT}
ITEM_RULE = ("owner", "creator", "admin")
POLL_RULE = ("creator", "admin")
EVERYONE = ("owner", "creator", "admin", "anyone else")
ITEM_REFUSAL = (
    "Only the owners of A-1, the person who asked for it, or a workspace admin can change it. "
    "Nothing was changed. You could ask them in the thread."
)
THURSDAY_9_LA = datetime(2026, 11, 26, 9, 0, tzinfo=ZoneInfo("America/Los_Angeles"))
ITEM = "Call the shelter <@UJOE> by Friday"
QUESTION = '"Which evening works for the advisory group?" "Tuesday 5pm" "Thursday 6pm"'


def poll_refusal(doing: str) -> str:
    return f"Only <@UMARIA>, who asked P-1, or a workspace admin can {doing}."


# --- the world each row starts from -------------------------------------------------------------


def posted(backbone: Harness, _user: str) -> None:
    """Maria asks Joe to call the shelter: A-1, announced in the channel."""
    backbone.command(ITEM)


def reminded(backbone: Harness, user: str) -> None:
    """A-1, and Joe's Thursday reminder about it."""
    posted(backbone, user)
    backbone.tick(THURSDAY_9_LA.astimezone(UTC))


def captured(backbone: Harness, _user: str) -> None:
    """Maria's meeting notes made A-1; Backbone answered in their thread."""
    backbone.emulator.post_message(user=MARIA, channel=CASE, text=f"ACTION: {ITEM}")
    backbone.settle()


def on_home(backbone: Harness, user: str) -> None:
    """A-1 on Joe's Home tab, and the same rows on the person's own Home."""
    posted(backbone, user)
    view = open_home(backbone, JOE).view
    if user != JOE:
        client(backbone).views_publish(user_id=user, view=_definition(view))


def editing(backbone: Harness, user: str) -> None:
    """Joe opened A-1's form with `/action edit A-1`; the person has the same form open."""
    posted(backbone, user)
    backbone.command("edit A-1", user=JOE)
    hand_over(backbone, modal_of(backbone, JOE), user)


def picking_a_date(backbone: Harness, user: str) -> None:
    """Joe chose Snooze > Pick a date… on his reminder; the person has the same form open."""
    reminded(backbone, user)
    backbone.emulator.click(
        dm(backbone), ActionId.ITEM_SNOOZE, user=JOE, selected_option_value=f"1:{SnoozeChoice.PICK}"
    )
    backbone.settle()
    hand_over(backbone, modal_of(backbone, JOE), user)


def weekly_poll(backbone: Harness, _user: str) -> None:
    """Maria's weekly poll P-1 is open."""
    start(backbone, QUESTION + " repeat weekly")


def closed_poll(backbone: Harness, _user: str) -> None:
    """Maria's poll P-1 is closed and its results are in its thread."""
    start(backbone, QUESTION)
    poll_command(backbone, "close P-1")


def deciding(backbone: Harness, user: str) -> None:
    """Maria opened "Record a decision" on P-1's results; the person has the same form open."""
    closed_poll(backbone, user)
    backbone.emulator.click(results(backbone), ActionId.POLL_DECISION, user=MARIA)
    backbone.settle()
    hand_over(backbone, modal_of(backbone, MARIA), user)


def digest_on(backbone: Harness, _user: str) -> None:
    """Maria turned on the channel's weekly digest."""
    backbone.command("on Monday 9am", command=Command.DIGEST)


# --- helpers ------------------------------------------------------------------------------------


def client(backbone: Harness) -> WebClient:
    """A Web API client of the test's own, as the app would call Slack."""
    return WebClient(token=backbone.emulator.bot_token, base_url=backbone.emulator.api_url)


def _definition(view: dict[str, Any]) -> dict[str, Any]:
    keep = ("type", "callback_id", "title", "submit", "close", "private_metadata", "blocks")
    return {key: view[key] for key in keep if key in view}


def hand_over(backbone: Harness, form: View, user: str) -> None:
    """Show `user` the same form, as if they had opened it themselves."""
    if form.user == user:
        return
    trigger = backbone.emulator.new_trigger_id(user)
    client(backbone).views_open(trigger_id=trigger, view=_definition(form.view))


def dm(backbone: Harness) -> Message:
    return backbone.emulator.messages(JOE)[-1]


def announcement(backbone: Harness) -> Message:
    return backbone.emulator.messages(CASE)[-1]


def capture_reply(backbone: Harness) -> Message:
    notes = backbone.emulator.messages(CASE)[-1]
    return backbone.emulator.messages(CASE, thread_ts=notes.ts)[0]


def results(backbone: Harness) -> Message:
    return thread_of(backbone, backbone.emulator.messages(CASE)[-1])[0]


def command(text: str, name: str = Command.ACTION) -> Callable[[Harness, str], str]:
    def act(backbone: Harness, user: str) -> str:
        backbone.command(text, user=user, command=name)
        return ""

    return act


def click(
    where: Callable[[Harness], Message], action_id: str, choice: str | None = None
) -> Callable[[Harness, str], str]:
    def act(backbone: Harness, user: str) -> str:
        value = f"1:{choice}" if choice else None
        backbone.emulator.click(where(backbone), action_id, user=user, selected_option_value=value)
        return ""

    return act


def click_home(action_id: str, choice: str | None = None) -> Callable[[Harness, str], str]:
    def act(backbone: Harness, user: str) -> str:
        value = f"1:{choice}" if choice else None
        home = home_of(backbone, user)
        backbone.emulator.click_view(home, action_id, user=user, selected_option_value=value)
        return ""

    return act


def save_edit(backbone: Harness, user: str) -> str:
    answer = submit(backbone, modal_of(backbone, user), user=user, title="Call the VA instead")
    return json.dumps(answer.json, ensure_ascii=False)


def save_snooze_date(backbone: Harness, user: str) -> str:
    picked: dict[str, dict[str, Any]] = {
        BlockId.SNOOZE_DATE: {ActionId.SNOOZE_DATE_PICKED: "2026-12-03"}
    }
    answer = backbone.emulator.submit_view(modal_of(backbone, user).id, picked, user=user)
    return json.dumps(answer.json, ensure_ascii=False)


def save_decision(backbone: Harness, user: str) -> str:
    typed: dict[str, dict[str, Any]] = {
        BlockId.POLL_DECISION_TEXT: {BlockId.POLL_DECISION_TEXT: "We meet on Tuesdays"}
    }
    answer = backbone.emulator.submit_view(modal_of(backbone, user).id, typed, user=user)
    return json.dumps(answer.json, ensure_ascii=False)


# --- the table ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Path:
    """A way to change something, the world it starts from, and who may use it."""

    name: str
    setup: Callable[[Harness, str], None]
    act: Callable[[Harness, str], str]  # returns what a form's answer said, if any
    allowed: tuple[str, ...]
    refusal: str = ITEM_REFUSAL
    roles: tuple[str, ...] = EVERYONE


POLL_ROLES = ("creator", "admin", "anyone else")
PATHS = [
    Path("/action done", posted, command("done A-1"), ITEM_RULE),
    Path("/action drop", posted, command("drop A-1"), ITEM_RULE),
    Path("/action snooze", posted, command("snooze A-1 tomorrow"), ITEM_RULE),
    Path("/action due", posted, command("due A-1 Dec 5"), ITEM_RULE),
    Path("/action assign", posted, command("assign A-1 <@UPAT>"), ITEM_RULE),
    Path("/action edit (open the form)", posted, command("edit A-1"), ITEM_RULE),
    Path("/action edit (save the form)", editing, save_edit, ITEM_RULE),
    Path("post: Done", posted, click(announcement, ActionId.ITEM_DONE), ITEM_RULE),
    Path(
        "post: Snooze",
        posted,
        click(announcement, ActionId.ITEM_SNOOZE, SnoozeChoice.TOMORROW),
        ITEM_RULE,
    ),
    Path("reminder: Done", reminded, click(dm, ActionId.ITEM_DONE), ITEM_RULE),
    Path(
        "reminder: Snooze",
        reminded,
        click(dm, ActionId.ITEM_SNOOZE, SnoozeChoice.NEXT_WEEK),
        ITEM_RULE,
    ),
    Path(
        "reminder: Snooze > Pick a date (open)",
        reminded,
        click(dm, ActionId.ITEM_SNOOZE, SnoozeChoice.PICK),
        ITEM_RULE,
    ),
    Path("reminder: Snooze > Pick a date (save)", picking_a_date, save_snooze_date, ITEM_RULE),
    Path("reminder: Need help", reminded, click(dm, ActionId.ITEM_NEED_HELP), ITEM_RULE),
    Path("reminder: Update", reminded, click(dm, ActionId.ITEM_UPDATE), ITEM_RULE),
    Path("capture reply: Done", captured, click(capture_reply, ActionId.CAPTURED_DONE), ITEM_RULE),
    Path("Home: Done", on_home, click_home(ActionId.ITEM_DONE), ITEM_RULE),
    Path(
        "Home: Snooze", on_home, click_home(ActionId.ITEM_SNOOZE, SnoozeChoice.TOMORROW), ITEM_RULE
    ),
    Path(
        "/poll close",
        weekly_poll,
        command("close P-1", Command.POLL),
        POLL_RULE,
        poll_refusal("close it"),
        POLL_ROLES,
    ),
    Path(
        "/poll stop",
        weekly_poll,
        command("stop P-1", Command.POLL),
        POLL_RULE,
        poll_refusal("stop it"),
        POLL_ROLES,
    ),
    Path(
        "results: Record a decision (open)",
        closed_poll,
        click(results, ActionId.POLL_DECISION),
        POLL_RULE,
        poll_refusal("record a decision from its results"),
        POLL_ROLES,
    ),
    Path(
        "results: Record a decision (save)",
        deciding,
        save_decision,
        POLL_RULE,
        poll_refusal("record a decision from its results"),
        POLL_ROLES,
    ),
    Path(
        "results: Make an action item",
        closed_poll,
        click(results, ActionId.POLL_ACTION_ITEM),
        POLL_RULE,
        poll_refusal("make action items from its results"),
        POLL_ROLES,
    ),
    # By design anyone in the channel may turn its digest off: it is announced in the channel,
    # naming who did it, and anyone can turn it back on.
    Path("/digest off", digest_on, command("off", Command.DIGEST), EVERYONE, refusal="Only "),
]
CASES = [(path, role) for path in PATHS for role in path.roles]


# --- what a person changed, and what they were told ---------------------------------------------


def world(backbone: Harness) -> dict[str, Any]:
    """Everything a change could touch: records, history, posts and DMs, forms opened."""

    def stored(session: Session) -> dict[str, Any]:
        items = actions.all_items(session, team_id=TEAM)
        return {
            "items": [_item_state(session, item) for item in items],
            "polls": [
                (p.number, p.closed_at, p.closed_by, p.results, p.repeat_at, p.repeat)
                for p in polls.all_polls(session, team_id=TEAM)
            ],
            "decisions": [
                (d.number, d.text) for d in decisions.all_decisions(session, team_id=TEAM)
            ],
            "digest": schedule_of(session, team_id=TEAM, channel_id=CASE),
        }

    emulator = backbone.emulator
    with emulator.state.lock:
        messages = [(m.channel, m.ts, m.text) for m in emulator.state.messages]
    forms = [
        call["view"].get("callback_id")
        for call in emulator.calls("views.open")
        if call["view"].get("callback_id") != CallbackId.NOTICE
    ]
    return {**read(backbone, stored), "messages": messages, "forms opened": forms}


def _item_state(session: Session, item: Any) -> tuple[Any, ...]:
    history = [(event.kind, event.actor_id) for event in actions.history(session, item=item)]
    return (
        item.number,
        item.status,
        item.title,
        item.owner_ids,
        item.due_at,
        item.snoozed_until,
        item.note,
        item.needs_help,
        item.help_requested_at,
        history,
    )


def told(backbone: Harness, answered: str) -> str:
    """Everything the person was shown privately: answers, notices in modals, form answers."""
    shown = [json.dumps(r["body"], ensure_ascii=False) for r in backbone.emulator.responses()]
    shown += [
        json.dumps(call["view"], ensure_ascii=False)
        for call in backbone.emulator.calls("views.open")
        if call["view"].get("callback_id") == CallbackId.NOTICE
    ]
    return "\n".join([*shown, answered])


@pytest.mark.parametrize(
    ("path", "role"), CASES, ids=[f"{path.name} | {role}" for path, role in CASES]
)
def test_who_may_change_what(backbone: Harness, path: Path, role: str) -> None:
    user = ROLES[role]
    path.setup(backbone, user)
    backbone.settle()
    backbone.emulator.clear_calls()
    before = world(backbone)
    answered = path.act(backbone, user)
    backbone.settle()
    after, shown = world(backbone), told(backbone, answered)
    if role in path.allowed:
        assert after != before, f"{role} should have been able to use {path.name}"
        assert path.refusal not in shown
    else:
        assert after == before, f"{role} changed something through {path.name}"
        assert path.refusal in shown
    assert "Sorry, something went wrong" not in shown


# --- what a person may see of someone else's items ----------------------------------------------

PRIVATE = "CPRIVATE"


@pytest.mark.parametrize(
    ("asker", "seen"),
    [
        (PAT, ["A-1"]),  # why: anyone sees what is in the channel they ask in
        (MARIA, ["A-1", "A-3"]),  # why: …and what they asked for, wherever it is
        (ADMIN, ["A-1", "A-2", "A-3"]),  # why: a workspace admin sees all
        (JOE, ["A-1", "A-2", "A-3"]),  # why: their own items, all of them
    ],
)
def test_listing_someone_elses_items_shows_only_what_the_asker_could_see(
    backbone: Harness, asker: str, seen: list[str]
) -> None:
    backbone.emulator.add_channel(PRIVATE, "housing-leads", members=(JOE, MARIA), is_private=True)
    backbone.command(ITEM)  # A-1, in the meeting channel
    backbone.command("Draft the landlord letter", user=JOE, channel=PRIVATE)  # Joe's own
    backbone.command("Check the voucher list <@UJOE>", channel=PRIVATE)  # Maria asked
    backbone.command("list <@UJOE>", user=asker)
    listed = str(backbone.last_response()["text"])
    assert [code for code in ("A-1", "A-2", "A-3") if f"*{code}*" in listed] == seen
