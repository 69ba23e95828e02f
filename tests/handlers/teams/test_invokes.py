"""Teams invokes answered by `handle_invoke`: presses, dialogs and the message extension.

The activities are shaped as Teams sends them (Universal Actions' `adaptiveCard/action`,
`task/fetch` and `task/submit` from Action.Submit, the message extension's `fetchTask` and
`submitAction`); the database is real and migrated, the cards and dialogs are drawn by the
port's renderer, and what Backbone sends out is recorded by `Recorded`, a ChatPort.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from bot.deps import Deps
from bot.ids import ActionId, BlockId, CallbackId, GoalField, ItemField, SnoozeChoice
from bot.messages.common import BUSY
from bot.port import PostRef
from bot.services import actions as items
from bot.teams.render import render_message
from bot.teams.spans import Writer
from bot.text import Draft
from handlers.teams.common import TeamsCall
from handlers.teams.invokes import REPLAYED, handle_invoke
from storage import polls as poll_store
from storage.actions import history
from storage.db import make_engine, make_session_factory
from storage.models import ActionItem, PollBallot, PollVote, Status
from storage.teams_refs import remember_conversation
from tests.conftest import FakeClock
from tests.handlers.teams.recorded import (
    ANA,
    ANA_AAD,
    ANA_CHAT,
    BO,
    BO_AAD,
    BOT,
    CHANNEL,
    PEOPLE,
    SERVICE,
    TENANT,
    Recorded,
)


@pytest.fixture
def deps(database_url: str, clock: FakeClock) -> Iterator[Deps]:
    engine = make_engine(database_url)
    deps = Deps(make_session_factory(engine), clock=clock, ballot_key=b"k" * 32)
    with deps.transaction() as session:  # the channel as Backbone learnt it at install
        remember_conversation(
            session,
            tenant_id=TENANT,
            conversation_id=CHANNEL,
            kind="channel",
            service_url=SERVICE,
            name="Case conferencing",
            now=deps.now(),
        )
    yield deps
    engine.dispose()


@pytest.fixture
def port() -> Recorded:
    return Recorded()


def invoke(
    deps: Deps, port: Recorded, name: str, value: dict[str, Any], *, user: str = ANA,
    conversation: str = CHANNEL, card: str | None = None, ident: str = "f:1",
) -> tuple[int, dict[str, Any]]:  # fmt: skip
    """Send an invoke as Teams does, from a person in a conversation, and return the answer."""
    activity: dict[str, Any] = {
        "type": "invoke", "name": name, "id": ident, "value": value,
        "from": {"id": user, "name": PEOPLE.get(user, ""), "aadObjectId": ANA_AAD},
        "recipient": {"id": BOT, "name": "Backbone"}, "serviceUrl": SERVICE,
        "conversation": {"id": conversation, "tenantId": TENANT,
                         "conversationType": "personal" if conversation == ANA_CHAT
                         else "channel"},
        "channelData": {"tenant": {"id": TENANT}}, "channelId": "msteams",
    }  # fmt: skip
    if card:
        activity["replyToId"] = card
    call = TeamsCall.of(activity, deps, lambda tenant, url: port)
    return handle_invoke(call, activity)


def press(verb: str, data: dict[str, Any]) -> dict[str, Any]:
    """The value of a Universal Action press."""
    return {"action": {"type": "Action.Execute", "verb": verb, "data": data}, "trigger": "manual"}


def new_item(deps: Deps, *, owners: list[str], creator: str = BO, posted: bool = True) -> int:
    with deps.transaction() as session:
        item = items.create_item(
            session, team_id=TENANT, creator_id=creator, channel_id=CHANNEL,
            draft=Draft(owners, "Call the shelter about 3 beds", None), now=deps.now(),
        )  # fmt: skip
        if posted:
            item.announce_channel, item.announce_ts = CHANNEL, "1699999999001"
        return item.number


def stored(deps: Deps, number: int) -> ActionItem:
    with deps.transaction() as session:
        return items.find_item(session, team_id=TENANT, number=number)


def texts_of(card: dict[str, Any]) -> str:
    """Every TextBlock's words in a card, in order."""
    found: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            if value.get("type") == "TextBlock":
                found.append(str(value.get("text")))
            for inner in value.values():
                walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)

    walk(card)
    return "\n".join(found)


def test_done_on_the_announcement_shows_the_card_done_in_place(deps: Deps, port: Recorded) -> None:
    number = new_item(deps, owners=[ANA])
    status, body = invoke(
        deps,
        port,
        "adaptiveCard/action",
        press(ActionId.ITEM_DONE, {"value": str(number)}),
        card="1699999999001",
    )
    assert status == 200
    assert (body["statusCode"], body["type"]) == (200, "application/vnd.microsoft.card.adaptive")
    assert body["value"]["type"] == "AdaptiveCard" and body["value"]["version"] == "1.5"
    assert "Done by <at>Ana Ruiz</at>" in texts_of(body["value"])
    assert body["value"]["msteams"]["entities"] == [
        {
            "type": "mention",
            "text": "<at>Ana Ruiz</at>",
            "mentioned": {"id": ANA, "name": "Ana Ruiz"},
        }
    ]
    assert "Action.Execute" not in json.dumps(body["value"])  # no buttons left on a done item
    assert stored(deps, number).status == Status.DONE
    # the creator (not an owner) is told, and the post itself is updated for everyone
    assert port.kinds() == ["update", "dm"]
    assert port.sent[1][1] == BO


def test_done_in_a_reminder_is_thanked_in_words(deps: Deps, port: Recorded) -> None:
    number = new_item(deps, owners=[ANA], creator=ANA)
    status, body = invoke(deps, port, "adaptiveCard/action",
                          press(ActionId.ITEM_DONE, {"value": str(number)}),
                          conversation=ANA_CHAT, card="reminder-1")  # fmt: skip
    assert (status, body) == (200, {
        "statusCode": 200, "type": "application/vnd.microsoft.activity.message",
        "value": "✅ A-1 is done. Thank you!",
    })  # fmt: skip


def test_someone_else_cannot_close_an_item_and_the_card_stays(deps: Deps, port: Recorded) -> None:
    number = new_item(deps, owners=[BO], creator=BO)
    with deps.transaction() as session:
        from storage.people import Profile, save_profile

        profile = Profile(ANA, "Ana Ruiz", "America/New_York", False, False, False)
        save_profile(session, team_id=TENANT, profile=profile, now=deps.now())
    status, body = invoke(
        deps,
        port,
        "adaptiveCard/action",
        press(ActionId.ITEM_DONE, {"value": str(number)}),
        card="1699999999001",
    )
    assert status == 200 and body["type"] == "application/vnd.microsoft.activity.message"
    assert "A-1" in body["value"]
    assert stored(deps, number).status == Status.OPEN
    assert port.kinds() == []


def test_a_replayed_press_changes_nothing_twice(deps: Deps, port: Recorded) -> None:
    number = new_item(deps, owners=[ANA], creator=ANA)
    value = press(ActionId.ITEM_DONE, {"value": str(number)})
    invoke(deps, port, "adaptiveCard/action", value, ident="f:42")
    sent = list(port.sent)
    status, body = invoke(deps, port, "adaptiveCard/action", value, ident="f:42")
    assert (status, body["value"]) == (200, REPLAYED)
    assert port.sent == sent
    with deps.transaction() as session:
        events = history(session, item=stored(deps, number))
        assert [event.kind for event in events].count("done") == 1


def test_done_twice_says_it_is_done_already(deps: Deps, port: Recorded) -> None:
    number = new_item(deps, owners=[ANA], creator=ANA)
    value = press(ActionId.ITEM_DONE, {"value": str(number)})
    invoke(deps, port, "adaptiveCard/action", value, ident="f:1")
    status, body = invoke(deps, port, "adaptiveCard/action", value, ident="f:2")
    assert (status, body["value"]) == (200, "A-1 is already done, so nothing was changed.")


def test_snooze_from_the_menu_pauses_reminders(deps: Deps, port: Recorded) -> None:
    number = new_item(deps, owners=[ANA], creator=ANA)
    chosen = {"menu": ActionId.ITEM_SNOOZE, ActionId.ITEM_SNOOZE: f"{number}:tomorrow"}
    status, body = invoke(deps, port, "adaptiveCard/action", press(ActionId.ITEM_SNOOZE, chosen),
                          conversation=ANA_CHAT)  # fmt: skip
    assert status == 200
    assert body["value"].startswith("😴 Reminders about A-1 are paused until ")
    assert stored(deps, number).snoozed_until is not None


def test_pick_a_date_sends_a_day_picker_and_picking_a_day_snoozes(
    deps: Deps, port: Recorded
) -> None:
    number = new_item(deps, owners=[ANA], creator=ANA)
    chosen = {"menu": ActionId.ITEM_SNOOZE, ActionId.ITEM_SNOOZE: f"{number}:{SnoozeChoice.PICK}"}
    _, body = invoke(deps, port, "adaptiveCard/action", press(ActionId.ITEM_SNOOZE, chosen),
                     conversation=ANA_CHAT)  # fmt: skip
    assert body["value"] == "Pick the day in the message I just sent you."
    [(kind, to, picker)] = port.sent
    assert (kind, to) == ("dm", ANA)
    verb = f"{ActionId.SNOOZE_DATE_PICKED}:{number}"
    drawn = render_message(picker, Writer(people=PEOPLE, tenant_id=TENANT))
    day = inputs(drawn)[verb]
    assert (day["type"], day["value"]) == ("Input.Date", "2026-11-25")  # tomorrow, for Ana
    past = {"menu": verb, verb: "2026-11-24"}
    _, body = invoke(deps, port, "adaptiveCard/action", press(verb, past), ident="f:2")
    assert body["value"] == "Pick a day after today."
    picked = {"menu": verb, verb: "2026-12-02"}
    _, body = invoke(deps, port, "adaptiveCard/action", press(verb, picked), ident="f:3")
    assert body["type"] == "application/vnd.microsoft.card.adaptive"
    assert "paused until" in texts_of(body["value"])
    assert stored(deps, number).snoozed_until is not None


def test_need_help_asks_in_the_items_thread(deps: Deps, port: Recorded) -> None:
    number = new_item(deps, owners=[ANA])
    _, body = invoke(
        deps,
        port,
        "adaptiveCard/action",
        press(ActionId.ITEM_NEED_HELP, {"value": str(number)}),
        conversation=ANA_CHAT,
    )
    assert body["value"] == "🙋 I asked in #Case conferencing for someone to help with A-1."
    assert port.sent[0][:2] == ("reply", PostRef(CHANNEL, "1699999999001"))


def test_a_press_nobody_knows_is_refused_plainly(deps: Deps, port: Recorded) -> None:
    status, body = invoke(deps, port, "adaptiveCard/action", press("nothing_like_it", {}))
    error = "application/vnd.microsoft.error"
    assert (status, body["statusCode"], body["type"]) == (200, 400, error)
    status, body = invoke(deps, port, "signin/verifyState", {"state": "1"})
    assert (status, body["statusCode"]) == (200, 400)


def make_poll(deps: Deps, *, anonymous: bool, multi: bool = False) -> int:
    from bot.poll_text import PollDraft
    from bot.services.polls import create_poll

    with deps.transaction() as session:
        poll = create_poll(
            session, team_id=TENANT, creator_id=BO, channel_id=CHANNEL,
            draft=PollDraft("Where do we meet?", ["Library", "Church hall", "Online"],
                            anonymous=anonymous, multi=multi),
            now=deps.now(),
        )  # fmt: skip
        poll.message_ts = "1699999999777"
        return poll.number


def vote(deps: Deps, port: Recorded, number: int, option: int, ident: str) -> dict[str, Any]:
    verb = f"{ActionId.POLL_VOTE}:{option}"
    return invoke(deps, port, "adaptiveCard/action", press(verb, {"value": f"{number}:{option}"}),
                  card="1699999999777", ident=ident)[1]  # fmt: skip


def test_an_anonymous_vote_is_a_ballot_with_no_voter_on_disk(deps: Deps, port: Recorded) -> None:
    number = make_poll(deps, anonymous=True)
    body = vote(deps, port, number, 1, "f:1")
    assert body["value"].startswith("Your vote for “Church hall” in P-1 is in.")
    with deps.transaction() as session:
        ballots = list(session.scalars(select(PollBallot)))
        votes = list(session.scalars(select(PollVote)))
    assert [ballot.options for ballot in ballots] == [[1]] and votes == []
    assert ANA not in json.dumps([ballot.voter for ballot in ballots])


def test_a_named_vote_by_button_replaces_or_toggles(deps: Deps, port: Recorded) -> None:
    single, multi = make_poll(deps, anonymous=False), make_poll(deps, anonymous=False, multi=True)
    vote(deps, port, single, 0, "f:1")
    assert vote(deps, port, single, 2, "f:2")["value"] == "Your vote for “Online” in P-1 is in."
    vote(deps, port, multi, 0, "f:3")
    vote(deps, port, multi, 1, "f:4")
    assert vote(deps, port, multi, 0, "f:5")["value"] == "Your votes in P-2 are in: “Church hall”."
    with deps.transaction() as session:
        votes = sorted((v.poll_id, v.user_id, v.option) for v in session.scalars(select(PollVote)))
        ids = {p: poll_store.get_poll(session, team_id=TENANT, number=p).id for p in (1, 2)}  # type: ignore[union-attr]
    assert votes == [(ids[1], ANA, 2), (ids[2], ANA, 1)]


def test_a_closed_poll_takes_no_more_votes(deps: Deps, port: Recorded) -> None:
    number = make_poll(deps, anonymous=False)
    with deps.transaction() as session:
        poll = poll_store.get_poll(session, team_id=TENANT, number=number)
        assert poll is not None
        poll.closed_at = deps.now()
    body = vote(deps, port, number, 0, "f:1")
    assert (
        body["value"] == "P-1 is closed, so it takes no more votes. Its results are in its thread."
    )


def fetch(verb: str, value: str) -> dict[str, Any]:
    """The value of a task/fetch press (an Action.Submit with msteams.type task/fetch)."""
    return {"type": "task/fetch", "context": {"theme": "default"},
            "data": {"msteams": {"type": "task/fetch"}, "verb": verb, "value": value}}  # fmt: skip


def inputs(task: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """A dialog's inputs by id."""
    found: dict[str, dict[str, Any]] = {}

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            if str(value.get("type", "")).startswith("Input."):
                found[value["id"]] = value
            for inner in value.values():
                walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)

    walk(task)
    return found


def submit_data(task: dict[str, Any]) -> dict[str, Any]:
    """The data of a dialog's Save button (its form and state)."""
    card = task["task"]["value"]["card"]["content"]
    return dict(card["actions"][0]["data"])


def test_update_opens_the_edit_dialog_filled_in(deps: Deps, port: Recorded) -> None:
    number = new_item(deps, owners=[ANA])
    status, task = invoke(deps, port, "task/fetch", fetch(ActionId.ITEM_UPDATE, str(number)),
                          conversation=ANA_CHAT)  # fmt: skip
    assert status == 200 and task["task"]["type"] == "continue"
    assert task["task"]["value"]["title"] == "Edit A-1"
    fields = inputs(task)
    assert fields[ItemField.TITLE]["value"] == "Call the shelter about 3 beds"
    assert fields[ItemField.OWNERS]["value"] == ANA
    assert submit_data(task)["form"] == CallbackId.ITEM_EDIT
    assert port.answers == {}  # taken by the answer


def test_a_dialog_for_someone_not_allowed_says_so(deps: Deps, port: Recorded) -> None:
    number = new_item(deps, owners=[BO], creator=BO)
    status, task = invoke(deps, port, "task/fetch", fetch(ActionId.ITEM_UPDATE, str(number)))
    assert status == 200 and task["task"]["type"] == "message"
    assert "A-1" in task["task"]["value"]


def test_a_wrong_field_keeps_the_dialog_open_with_the_words_under_it(
    deps: Deps, port: Recorded
) -> None:
    number = new_item(deps, owners=[ANA])
    _, task = invoke(deps, port, "task/fetch", fetch(ActionId.ITEM_UPDATE, str(number)))
    data = submit_data(task) | {ItemField.TITLE: "   ", ItemField.OWNERS: ANA,
                                ItemField.DUE_DATE: "2026-11-20"}  # fmt: skip
    status, again = invoke(deps, port, "task/submit", {"data": data}, ident="f:2")
    assert status == 200 and again["task"]["type"] == "continue"
    words = texts_of(again)
    assert "What needs doing? Write a few words." in words
    assert "That date has passed. Pick today or a later date." in words
    assert inputs(again)[ItemField.DUE_DATE]["value"] == "2026-11-20"  # as typed
    assert stored(deps, number).title == "Call the shelter about 3 beds"


def test_saving_the_edit_dialog_changes_the_item(deps: Deps, port: Recorded) -> None:
    number = new_item(deps, owners=[ANA])
    _, task = invoke(deps, port, "task/fetch", fetch(ActionId.ITEM_UPDATE, str(number)))
    data = submit_data(task) | {ItemField.TITLE: "Call the shelter about 4 beds",
                                ItemField.OWNERS: f"{ANA},{BO}"}  # fmt: skip
    status, done = invoke(deps, port, "task/submit", {"data": data}, ident="f:2")
    assert (status, done) == (200, {"task": {"type": "message", "value": "✏️ A-1 is saved."}})
    item = stored(deps, number)
    assert item.title == "Call the shelter about 4 beds"
    assert sorted(item.owner_ids) == sorted([ANA, BO])
    assert port.kinds() == ["update"]  # the item's post shows the change


def test_home_add_makes_an_item_and_posts_it(deps: Deps, port: Recorded) -> None:
    _, task = invoke(deps, port, "task/fetch", fetch(ActionId.HOME_ADD_ITEM, ""),
                     conversation=ANA_CHAT)  # fmt: skip
    data = submit_data(task) | {ItemField.TITLE: "Renew the lease", ItemField.OWNERS: ANA_AAD,
                                ItemField.CHANNEL: CHANNEL}  # fmt: skip
    _, done = invoke(deps, port, "task/submit", {"data": data}, conversation=ANA_CHAT,
                     ident="f:2")  # fmt: skip
    assert done["task"]["value"] == "📌 A-1 is saved and posted in #Case conferencing."
    item = stored(deps, 1)
    assert (item.title, item.owner_ids, item.channel_id) == ("Renew the lease", [ANA], CHANNEL)
    assert [kind for kind, _, _ in port.sent][:1] == ["post"]


MESSAGE = {
    "id": "1700000000555",
    "replyToId": "1700000000500",
    "from": {"user": {"id": ANA_AAD, "displayName": "Ana Ruiz", "userIdentityType": "aadUser"}},
    "body": {"contentType": "html",
             "content": "<p>Can someone call the shelter about 3 beds by Friday?</p>"},
    "mentions": [],
}  # fmt: skip


def test_make_action_item_opens_a_dialog_from_the_message(deps: Deps, port: Recorded) -> None:
    value = {"commandId": CallbackId.MAKE_ACTION_ITEM, "commandContext": "message",
             "messagePayload": MESSAGE, "context": {"theme": "default"}}  # fmt: skip
    status, task = invoke(deps, port, "composeExtension/fetchTask", value, user=BO)
    assert status == 200 and task["task"]["type"] == "continue"
    fields = inputs(task)
    assert fields[ItemField.OWNERS]["value"] == ANA  # the message's author
    assert "call the shelter about 3 beds" in fields[ItemField.TITLE]["value"]
    data = submit_data(task) | {ItemField.TITLE: fields[ItemField.TITLE]["value"],
                                ItemField.OWNERS: ANA}  # fmt: skip
    submitted = {"commandId": CallbackId.MAKE_ACTION_ITEM, "commandContext": "message",
                 "messagePayload": MESSAGE, "data": data}  # fmt: skip
    status, done = invoke(deps, port, "composeExtension/submitAction", submitted, user=BO,
                          ident="f:2")  # fmt: skip
    assert status == 200 and done["task"]["type"] == "message"
    item = stored(deps, 1)
    assert (item.owner_ids, item.creator_id, item.source_ts) == ([ANA], BO, "1700000000555")
    kind, where, _ = port.sent[0]
    assert (kind, where) == ("reply", PostRef(CHANNEL, "1700000000500"))


def test_a_named_poll_on_teams_is_voted_by_button_and_closes_with_those_votes(
    deps: Deps, port: Recorded
) -> None:
    from bot.poll_text import PollDraft
    from bot.services.poll_close_work import close_now
    from bot.services.poll_posts import start_poll

    draft = PollDraft("Where do we meet?", ["Library", "Church hall"])
    poll, refusal = start_poll(deps, port, team_id=TENANT, creator_id=BO, channel_id=CHANNEL,
                               draft=draft, now=deps.now())  # fmt: skip
    assert refusal is None
    [(kind, _, message)] = port.sent
    drawn = render_message(message, Writer(people=PEOPLE, tenant_id=TENANT))
    verbs = re.findall(r'"verb": "([^"]+)"', json.dumps(drawn))
    assert (kind, verbs) == ("post", [f"{ActionId.POLL_VOTE}:0", f"{ActionId.POLL_VOTE}:1"])
    assert "Click an option to vote" in texts_of(drawn)
    assert "React" not in texts_of(drawn)
    assert "0 people voted so far" in texts_of(drawn)
    vote(deps, port, poll.number, 1, "f:1")
    [(kind, _, redrawn)] = port.sent[1:]  # everyone sees the running counts
    assert kind == "update"
    assert "1 person voted so far" in texts_of(render_message(redrawn, Writer(people=PEOPLE)))
    with deps.transaction() as session:
        stored_poll = poll_store.get_poll(session, team_id=TENANT, number=poll.number)
    assert stored_poll is not None
    counted = close_now(deps, port, stored_poll, by=BO, bot_user_id=BOT)
    assert counted is not None and (counted.counts, counted.voters) == ([0, 1], 1)


def closed_poll(deps: Deps, port: Recorded) -> int:
    """A named poll Bo asked, Ana voted in, and Bo closed: its results are in its thread."""
    from bot.services.poll_close_work import close_now

    number = make_poll(deps, anonymous=False)
    vote(deps, port, number, 1, "f:vote")
    with deps.transaction() as session:
        poll = poll_store.get_poll(session, team_id=TENANT, number=number)
    assert poll is not None and close_now(deps, port, poll, by=BO, bot_user_id=BOT) is not None
    port.sent.clear()
    return number


def test_the_decision_dialog_records_a_decision_in_the_polls_thread(
    deps: Deps, port: Recorded
) -> None:
    from storage.models import Decision

    number = closed_poll(deps, port)
    _, refused = invoke(deps, port, "task/fetch", fetch(ActionId.POLL_DECISION, str(number)))
    assert refused["task"]["type"] == "message"  # Ana did not ask it: only Bo or an admin may
    _, task = invoke(deps, port, "task/fetch", fetch(ActionId.POLL_DECISION, str(number)),
                     user=BO)  # fmt: skip
    typed = inputs(task)[BlockId.POLL_DECISION_TEXT]["value"]
    assert typed.startswith("P-1: “Church hall” won")
    data = submit_data(task) | {BlockId.POLL_DECISION_TEXT: typed + "we meet at the church hall"}
    _, done = invoke(deps, port, "task/submit", {"data": data}, user=BO, ident="f:2")
    assert done["task"]["value"] == (
        "🧭 Decision D-1 is recorded. I'm posting it in the poll's thread."
    )
    with deps.transaction() as session:
        [decision] = session.scalars(select(Decision)).all()
    assert decision.text.endswith("we meet at the church hall")
    assert port.sent[0][:2] == ("reply", PostRef(CHANNEL, "1699999999777"))


def test_an_action_item_from_a_poll_is_posted_in_its_thread(deps: Deps, port: Recorded) -> None:
    number = closed_poll(deps, port)
    _, task = invoke(deps, port, "task/fetch", fetch(ActionId.POLL_ACTION_ITEM, str(number)),
                     user=BO)  # fmt: skip
    fields = inputs(task)
    data = submit_data(task) | {ItemField.TITLE: fields[ItemField.TITLE]["value"] + "book it",
                                ItemField.OWNERS: BO}  # fmt: skip
    _, done = invoke(deps, port, "task/submit", {"data": data}, user=BO, ident="f:2")
    assert done["task"]["value"] == "📌 A-1 is saved and posted in #Case conferencing."
    assert port.sent[0][:2] == ("reply", PostRef(CHANNEL, "1699999999777"))


def test_a_goal_check_in_is_saved_from_its_dialog(deps: Deps, port: Recorded) -> None:
    from bot.services.goal_commands import Invoker, run_goal_command
    from storage import goals as goal_store

    who = Invoker(TENANT, BO, CHANNEL)
    run_goal_command(deps, port, who, f'add "Beds filled" higher is better, <@{ANA}> reports '
                     "monthly")  # fmt: skip
    _, task = invoke(deps, port, "task/fetch", fetch(ActionId.GOAL_REPORT, "1:2026-10"),
                     conversation=ANA_CHAT)  # fmt: skip
    assert task["task"]["type"] == "continue", task
    data = submit_data(task) | {GoalField.VALUE: "lots"}
    _, again = invoke(deps, port, "task/submit", {"data": data}, conversation=ANA_CHAT,
                      ident="f:2")  # fmt: skip
    assert "“lots” isn't a number. Type one, like 62." in texts_of(again)
    data |= {GoalField.VALUE: "62"}
    _, done = invoke(deps, port, "task/submit", {"data": data}, conversation=ANA_CHAT,
                     ident="f:3")  # fmt: skip
    assert done["task"]["value"] == "📈 Saved. The details are in our chat."
    with deps.transaction() as session:
        goal = goal_store.get_goal(session, team_id=TENANT, number=1)
        assert goal is not None
        assert [v.value for v in goal_store.values_of(session, goal=goal)] == [62]
    assert port.sent[-1][:2] == ("dm", ANA)
    _, item_task = invoke(deps, port, "task/fetch", fetch(ActionId.GOAL_ACTION_ITEM, "1:2026-10"),
                          conversation=ANA_CHAT)  # fmt: skip
    assert inputs(item_task)[ItemField.TITLE]["value"].startswith("G-1: ")
    assert submit_data(item_task)["form"] == CallbackId.ITEM_NEW


def test_the_snooze_form_saves_from_a_dialog_too(deps: Deps, port: Recorded) -> None:
    from bot.services.reminder_buttons import snooze_picker

    number = new_item(deps, owners=[ANA], creator=ANA)
    port.open_form("opened", snooze_picker(deps, port, team_id=TENANT, user_id=ANA,
                                           number=number))  # fmt: skip
    task = port.answers.pop("opened")
    data = submit_data(task) | {BlockId.SNOOZE_DATE: "2026-11-24"}
    _, again = invoke(deps, port, "task/submit", {"data": data}, conversation=ANA_CHAT)
    assert "Pick a day after today." in texts_of(again)
    data |= {BlockId.SNOOZE_DATE: "2026-12-01"}
    _, done = invoke(deps, port, "task/submit", {"data": data}, conversation=ANA_CHAT, ident="f:2")
    assert done["task"]["value"].startswith("😴 Reminders about A-1 are paused until ")
    assert stored(deps, number).snoozed_until is not None


def test_a_message_naming_someone_suggests_them_as_the_owner(deps: Deps, port: Recorded) -> None:
    message = MESSAGE | {
        "body": {"contentType": "html", "content": '<p><at id="0">Bo Chen</at> can you call '
                 "the shelter about 3 beds &amp; the food bank?</p>"},
        "mentions": [{"id": 0, "mentionText": "Bo Chen", "mentioned": {"user": {
            "id": BO_AAD, "displayName": "Bo Chen", "userIdentityType": "aadUser"}}}],
    }  # fmt: skip
    value = {"commandId": CallbackId.MAKE_ACTION_ITEM, "commandContext": "message",
             "messagePayload": message}  # fmt: skip
    _, task = invoke(deps, port, "composeExtension/fetchTask", value, user=ANA)
    fields = inputs(task)
    assert fields[ItemField.OWNERS]["value"] == BO
    assert "call the shelter about 3 beds & the food bank" in fields[ItemField.TITLE]["value"]
    assert "<at" not in fields[ItemField.TITLE]["value"]


def test_the_extension_is_only_for_its_own_command(deps: Deps, port: Recorded) -> None:
    value = {"commandId": "something_else", "commandContext": "message", "messagePayload": MESSAGE}
    status, task = invoke(deps, port, "composeExtension/fetchTask", value)
    assert (status, task["task"]["type"]) == (200, "message")


def test_a_menus_button_pressed_with_nothing_picked_asks_to_pick(
    deps: Deps, port: Recorded
) -> None:
    new_item(deps, owners=[ANA], creator=ANA)
    _, body = invoke(deps, port, "adaptiveCard/action",
                     press(ActionId.ITEM_SNOOZE, {"menu": ActionId.ITEM_SNOOZE}))  # fmt: skip
    assert body["value"] == "Pick one in the menu first, then press its button."
    assert stored(deps, 1).snoozed_until is None


@pytest.mark.parametrize(
    ("form", "state"),
    [
        (CallbackId.ITEM_EDIT, "not json"),  # why: altered on the way
        (CallbackId.ITEM_EDIT, "{}"),  # why: names no item
        (CallbackId.GOAL_REPORT, '{"n": 1}'),  # why: names no period
        ("nudge_snooze_date", "A-1"),  # why: a snooze form's state is the item's number
        ("some_old_form", "{}"),  # why: a form Backbone no longer has
    ],
)
def test_a_submission_whose_state_does_not_read_changes_nothing(
    deps: Deps, port: Recorded, form: str, state: str
) -> None:
    new_item(deps, owners=[ANA], creator=ANA)
    data = {"form": form, "state": state, ItemField.TITLE: "Changed", ItemField.OWNERS: ANA}
    status, answer = invoke(deps, port, "task/submit", {"data": data})
    assert (status, answer["task"]["type"]) == (200, "message")
    assert "older version" in answer["task"]["value"]
    assert stored(deps, 1).title == "Call the shelter about 3 beds"


def test_a_save_when_backbone_is_too_busy_saves_nothing_and_says_so(
    database_url: str, clock: FakeClock, port: Recorded
) -> None:
    from bot.work import Lane, WorkQueue

    work = WorkQueue(2, reserved=1, limits={Lane.PERSON: 1})
    engine = make_engine(database_url)
    deps = Deps(make_session_factory(engine), clock=clock, work=work)
    try:
        number = new_item(deps, owners=[ANA])
        _, task = invoke(deps, port, "task/fetch", fetch(ActionId.ITEM_UPDATE, str(number)))
        held = deps.reserve(Lane.PERSON)  # the person lane is full
        assert held is not None
        data = submit_data(task) | {ItemField.TITLE: "Changed", ItemField.OWNERS: ANA}
        _, answer = invoke(deps, port, "task/submit", {"data": data}, ident="f:2")
        assert answer == {"task": {"type": "message", "value": BUSY}}
        assert stored(deps, number).title == "Call the shelter about 3 beds"
        held.release()
    finally:
        work.shutdown()
        engine.dispose()
