"""Card buttons, dialogs and the message extension on Teams, over real HTTP with real tokens.

Backbone serves `/api/messages` (the SDK's token validation, the router, the invoke handlers)
and speaks to the Teams emulator through the real port (Entra token over https, connector);
the emulator presses only what Backbone's cards show, checks every card and every invoke
answer as Teams would, and any refusal fails the test.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.deps import Deps
from bot.ids import ActionId, BlockId, CallbackId, GoalField, ItemField
from bot.messages import reminders
from bot.poll_text import PollDraft
from bot.sandbox.teams.server import TeamsEmulator
from bot.sandbox.teams.state import Person, Post
from bot.services import actions as items
from bot.services.announce import announce
from bot.services.poll_close_work import close_now
from bot.services.poll_posts import start_poll
from bot.settings import Settings
from bot.settings_teams import TeamsSettings
from bot.teams.cloud import cloud_for
from bot.teams.connector import Connector
from bot.teams.port import TeamsPort
from bot.teams.runtime import teams_http
from bot.teams.token import BotToken
from bot.text import Draft
from bot.web import HttpServer, make_server_app
from bot.work import WorkQueue
from handlers.teams.invokes import REPLAYED
from storage import polls as poll_store
from storage.actions import history
from storage.db import make_engine, make_session_factory, transaction
from storage.models import ActionItem, Decision, PollBallot, Status
from tests.conftest import FakeClock

CARD = "application/vnd.microsoft.card.adaptive"
MESSAGE = "application/vnd.microsoft.activity.message"


@dataclass
class Teams:
    """Backbone on HTTP with the emulator as its Teams, a fresh database and a fixed clock."""

    emu: TeamsEmulator
    deps: Deps
    port: TeamsPort
    work: WorkQueue
    maria: Person
    joe: Person
    channel: str

    def settle(self) -> None:
        """Wait until Backbone's queued work is done."""
        self.work.wait_idle()

    def session(self) -> Any:
        return transaction(self.deps.session_factory)

    def item(self, number: int) -> ActionItem:
        with self.session() as session:
            return items.find_item(session, team_id=self.emu.tenant_id, number=number)

    def bot_posts(self, conversation: str) -> list[Post]:
        return self.emu.posts(conversation)


@pytest.fixture
def teams(database_url: str, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> Iterator[Teams]:
    with TeamsEmulator() as emu:
        # requests lets REQUESTS_CA_BUNDLE (set on this machine) override the token's `verify`
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", emu.ca_file)
        maria = emu.add_person("Maria Lopez", zone="America/Chicago")
        joe = emu.add_person("Joe Park", zone="America/New_York")
        team = emu.add_team("Outreach", members=[maria, joe])
        settings = TeamsSettings(
            app_id=emu.app_id, app_password=emu.app_password, tenant_id=emu.tenant_id,
            openid_url=emu.openid_url, login_url=emu.login_url_https,
        )  # fmt: skip
        cloud = cloud_for("public", openid_url=emu.openid_url, login_url=emu.login_url_https)
        token = BotToken(app_id=emu.app_id, password=emu.app_password,
                         tenant_id=emu.tenant_id, cloud=cloud, verify=emu.ca_file)  # fmt: skip
        engine = make_engine(database_url)
        work = WorkQueue()
        deps = Deps(make_session_factory(engine), clock=clock, ballot_key=b"k" * 32, work=work)
        connector = Connector(cloud=cloud, token=token.token)
        port = TeamsPort(tenant_id=emu.tenant_id, app_id=emu.app_id, connector=connector,
                         session_factory=deps.session_factory, clock=clock)  # fmt: skip
        mount = teams_http(Settings(teams=settings), deps, work, port)
        server = HttpServer(make_server_app([mount], healthy=lambda: True), host="127.0.0.1",
                            port=0).start()  # fmt: skip
        emu.bot_url = f"{server.base_url}/api/messages"
        try:
            emu.install_in_team(team.id, by=maria)
            emu.install_personal(joe)
            world = Teams(emu, deps, port, work, maria, joe, team.id)
            world.settle()
            yield world
            world.settle()
            assert emu.refusals() == [], "Teams would refuse what Backbone sent"
        finally:
            server.stop()
            work.shutdown()
            engine.dispose()


def announced(teams: Teams, *, owner: Person, creator: Person) -> tuple[int, Post]:
    """An item saved and announced in the channel through the port, as a command would."""
    with teams.session() as session:
        item = items.create_item(
            session, team_id=teams.emu.tenant_id, creator_id=creator.id,
            channel_id=teams.channel,
            draft=Draft([owner.id], "Call the shelter about 3 beds", None),
            now=teams.deps.now(), posted_by_caller=True,
        )  # fmt: skip
    assert announce(teams.deps, teams.port, item) is None
    [post] = teams.bot_posts(teams.channel)[-1:]
    return item.number, post


def test_done_on_the_announcement_turns_the_card_done_in_place(teams: Teams) -> None:
    number, post = announced(teams, owner=teams.joe, creator=teams.maria)
    pressed = teams.emu.press(post, ActionId.ITEM_DONE, None, teams.joe)
    assert pressed.status == 200 and (pressed.json or {})["type"] == CARD
    teams.settle()
    assert teams.item(number).status == Status.DONE
    card = teams.emu.post(teams.channel, post.id).cards[0]
    shown = str(card)
    assert "Done by <at>Joe Park</at>" in shown and "Action.Execute" not in shown
    # Maria asked for it and is not an owner: she hears of it in her chat
    [note] = teams.emu.dms(teams.maria.id)[-1:]
    assert "A-1" in note.text or "A-1" in str(note.cards)


def test_a_press_by_someone_else_changes_nothing_and_a_replay_nothing_twice(
    teams: Teams,
) -> None:
    stranger = teams.emu.add_person("Pat Kay")
    number, post = announced(teams, owner=teams.joe, creator=teams.joe)
    refused = teams.emu.press(post, ActionId.ITEM_DONE, None, stranger)
    assert (refused.json or {})["type"] == MESSAGE
    assert teams.item(number).status == Status.OPEN
    done = teams.emu.press(post, ActionId.ITEM_DONE, None, teams.joe)
    again = teams.emu.send(done.activity)  # the same activity delivered again
    assert (again.json or {})["value"] == REPLAYED
    teams.settle()
    with teams.session() as session:
        kinds = [e.kind for e in history(session, item=teams.item(number))]
    assert kinds.count("done") == 1


def test_a_reminders_snooze_picks_a_day_and_update_opens_the_edit_dialog(teams: Teams) -> None:
    number, _ = announced(teams, owner=teams.joe, creator=teams.maria)
    now = teams.deps.now()
    item = teams.item(number)
    zone = ZoneInfo("America/New_York")
    teams.port.dm(teams.joe.id, reminders.reminder([(item, "due")], now=now, zone=zone))
    [dm] = teams.emu.dms(teams.joe.id)[-1:]
    picked = teams.emu.press(dm, ActionId.ITEM_SNOOZE, None, teams.joe,
                             inputs={ActionId.ITEM_SNOOZE: f"{number}:pick"})  # fmt: skip
    assert (picked.json or {})["value"] == "Pick the day in the message I just sent you."
    [picker] = teams.emu.dms(teams.joe.id)[-1:]
    verb = f"{ActionId.SNOOZE_DATE_PICKED}:{number}"
    snoozed = teams.emu.press(picker, verb, None, teams.joe, inputs={verb: "2026-12-04"})
    assert (snoozed.json or {})["type"] == CARD
    assert "paused until" in str(teams.emu.post(picker.conversation, picker.id).cards[0])
    assert teams.item(number).snoozed_until is not None

    opened = teams.emu.fetch_dialog(dm, ActionId.ITEM_UPDATE, teams.joe)
    assert opened.dialog is not None and opened.dialog.title == "Edit A-1"
    wrong = teams.emu.submit_dialog(opened.dialog, {ItemField.DUE_DATE: "2026-11-02"})
    assert wrong.dialog is not None  # shown again, the words under the date
    assert "That date has passed. Pick today or a later date." in str(wrong.dialog.card)
    assert teams.item(number).due_at is None
    saved = teams.emu.submit_dialog(wrong.dialog, {ItemField.TITLE: "Call the shelter about 4 beds",
                                                   ItemField.DUE_DATE: "2026-12-01"})  # fmt: skip
    assert saved.dialog is None and (saved.json or {})["task"]["type"] == "message"
    teams.settle()
    item = teams.item(number)
    assert item.title == "Call the shelter about 4 beds" and item.due_at is not None


def test_make_action_item_on_a_message_posts_it_in_that_thread(teams: Teams) -> None:
    said = teams.emu.say(teams.channel, teams.maria, "Can someone call the shelter about 3 beds?",
                         mention_bot=False)  # fmt: skip
    teams.settle()
    message = teams.emu.post(teams.channel, said.id)
    opened = teams.emu.message_action(message, teams.joe)
    assert opened.dialog is not None
    assert CallbackId.ITEM_NEW in str(opened.dialog.card)
    assert teams.maria.id in str(opened.dialog.card)  # the author, suggested as the owner
    saved = teams.emu.submit_dialog(opened.dialog)
    assert (saved.json or {})["task"]["type"] == "message", saved.json
    teams.settle()
    item = teams.item(1)
    assert (item.owner_ids, item.creator_id, item.source_ts) == ([teams.maria.id], teams.joe.id,
                                                                 said.id)  # fmt: skip
    [reply] = teams.emu.replies(teams.channel, said.id)
    assert "A-1" in str(reply.cards)


def test_an_anonymous_poll_by_button_then_a_decision_from_its_results(teams: Teams) -> None:
    draft = PollDraft("Where do we meet?", ["Library", "Church hall", "Online"], anonymous=True)
    poll, refusal = start_poll(teams.deps, teams.port, team_id=teams.emu.tenant_id,
                               creator_id=teams.maria.id, channel_id=teams.channel, draft=draft,
                               now=teams.deps.now())  # fmt: skip
    assert refusal is None
    [card_post] = teams.bot_posts(teams.channel)[-1:]
    voted = teams.emu.press(card_post, f"{ActionId.POLL_VOTE}:1", None, teams.joe)
    assert (voted.json or {})["value"].startswith("Your vote for “Church hall” in P-1 is in.")
    with teams.session() as session:
        ballots = list(session.query(PollBallot))
        assert [b.options for b in ballots] == [[1]]
        assert teams.joe.id not in str([(b.voter, b.options) for b in ballots])
        stored = poll_store.get_poll(session, team_id=teams.emu.tenant_id, number=poll.number)
    assert stored is not None
    assert close_now(teams.deps, teams.port, stored, by=teams.maria.id, bot_user_id=None)
    [results] = teams.emu.replies(teams.channel, card_post.id)[-1:]
    refused = teams.emu.fetch_dialog(results, ActionId.POLL_DECISION, teams.joe)
    assert refused.dialog is None and "P-1" in (refused.json or {})["task"]["value"]
    opened = teams.emu.fetch_dialog(results, ActionId.POLL_DECISION, teams.maria)
    assert opened.dialog is not None
    text = f"{BlockId.POLL_DECISION_TEXT}"
    saved = teams.emu.submit_dialog(opened.dialog, {text: "We meet in the church hall"})
    assert (saved.json or {})["task"]["type"] == "message"
    teams.settle()
    with teams.session() as session:
        [decision] = session.query(Decision).all()
    assert decision.text == "We meet in the church hall"
    assert any("D-1" in str(p.cards) for p in teams.emu.replies(teams.channel, card_post.id))


def test_captured_notes_are_done_from_the_reply_under_them(
    teams: Teams,
) -> None:
    said = teams.emu.say(teams.channel, teams.maria, "ACTION: <at>Joe Park</at> call the shelter"
                         "<br>TODO: file the incident report 11/1",
                         mention_bot=False, mentions=[teams.joe])  # fmt: skip
    teams.settle()
    [reply] = teams.emu.replies(teams.channel, said.id)
    assert "I couldn't save 1 line" in str(reply.cards)
    assert teams.item(1).owner_ids == [teams.joe.id]
    done = teams.emu.press(reply, ActionId.CAPTURED_DONE, None, teams.joe)
    assert (done.json or {})["value"] == "✅ A-1 is done. Thank you!"
    teams.settle()
    assert teams.item(1).status == Status.DONE
    shown = str(teams.emu.post(teams.channel, reply.id).cards)
    assert ActionId.CAPTURED_DONE not in shown  # the reply shows it done, no button left
    assert "I couldn't save 1 line" in shown  # and still says which line was not saved
    assert "file the incident report 11/1" in shown


def test_home_add_opens_a_dialog_and_the_item_is_posted_in_the_picked_channel(
    teams: Teams,
) -> None:
    from bot.services.directory import person_for
    from bot.services.homes import publish_home

    joe = person_for(teams.deps, teams.port, team_id=teams.emu.tenant_id, user_id=teams.joe.id)
    publish_home(teams.deps, teams.port, joe)
    [home] = teams.emu.dms(teams.joe.id)[-1:]
    opened = teams.emu.fetch_dialog(home, ActionId.HOME_ADD_ITEM, teams.joe)
    assert opened.dialog is not None and opened.dialog.title == "New action item"
    saved = teams.emu.submit_dialog(opened.dialog, {ItemField.TITLE: "Renew the lease",
                                                    ItemField.CHANNEL: teams.channel})  # fmt: skip
    assert (saved.json or {})["task"]["value"] == "📌 A-1 is saved and posted in #General."
    teams.settle()
    item = teams.item(1)
    assert (item.title, item.owner_ids, item.channel_id) == ("Renew the lease", [teams.joe.id],
                                                             teams.channel)  # fmt: skip
    assert "A-1" in str(teams.bot_posts(teams.channel)[-1].cards)


def test_need_help_from_a_reminder_asks_in_the_items_thread(teams: Teams) -> None:
    number, post = announced(teams, owner=teams.joe, creator=teams.maria)
    item = teams.item(number)
    zone = ZoneInfo("America/New_York")
    teams.port.dm(teams.joe.id, reminders.reminder([(item, "due")], now=teams.deps.now(),
                                                   zone=zone))  # fmt: skip
    [dm] = teams.emu.dms(teams.joe.id)[-1:]
    asked = teams.emu.press(dm, ActionId.ITEM_NEED_HELP, None, teams.joe)
    assert (asked.json or {})["value"] == "🙋 I asked in #General for someone to help with A-1."
    teams.settle()
    [request] = teams.emu.replies(teams.channel, post.id)
    assert "could use a hand with" in str(request.cards) + request.text


def test_a_goal_check_in_is_reported_from_its_card_and_its_blocker_becomes_an_item(
    teams: Teams, clock: FakeClock
) -> None:
    from datetime import datetime

    from bot.services.goal_checkins import run_goal_checkins
    from bot.services.goal_commands import Invoker, run_goal_command
    from bot.teams.port import TeamsPorts

    who = Invoker(teams.emu.tenant_id, teams.maria.id, teams.channel)
    run_goal_command(teams.deps, teams.port, who, 'add "Median days from match to move-in" lower '
                     f"is better, baseline 90, target 45 by June 30, <@{teams.joe.id}> reports "
                     "monthly")  # fmt: skip
    clock.now = datetime(2026, 12, 1, 9, tzinfo=ZoneInfo("America/New_York"))
    run_goal_checkins(teams.deps, TeamsPorts(teams.port), now=clock.now, token="run-1")
    [asked] = teams.emu.dms(teams.joe.id)[-1:]
    opened = teams.emu.fetch_dialog(asked, ActionId.GOAL_REPORT, teams.joe)
    assert opened.dialog is not None and opened.dialog.title.startswith("G-1 · November")
    wrong = teams.emu.submit_dialog(opened.dialog, {GoalField.VALUE: "sixty-two"})
    assert wrong.dialog is not None and "isn't a number" in str(wrong.dialog.card)
    typed: dict[str, str] = {GoalField.VALUE: "62", GoalField.NOTE: "Waiting on the landlord"}
    saved = teams.emu.submit_dialog(wrong.dialog, typed)
    assert (saved.json or {})["task"]["type"] == "message"
    teams.settle()
    [told] = teams.emu.dms(teams.joe.id)[-1:]
    assert "Saved G-1 for November: 62" in told.text + str(told.cards)
    made = teams.emu.fetch_dialog(told, ActionId.GOAL_ACTION_ITEM, teams.joe)
    assert made.dialog is not None
    posted = teams.emu.submit_dialog(made.dialog)
    assert (posted.json or {})["task"]["value"] == "📌 A-1 is saved and posted in #General."
    teams.settle()
    assert teams.item(1).title.startswith("G-1: Waiting on the landlord")


def test_an_item_made_by_a_command_is_done_from_its_card(teams: Teams) -> None:
    said = teams.emu.say(teams.channel, teams.maria,
                         "action <at>Joe Park</at> call the shelter about 3 beds",
                         mentions=[teams.joe])  # fmt: skip
    teams.settle()
    # the command's answer, in its thread, is the item's post with its buttons
    [card] = [p for p in teams.emu.replies(teams.channel, said.id) if p.cards]
    done = teams.emu.press(card, ActionId.ITEM_DONE, None, teams.joe)
    assert (done.json or {})["type"] == CARD
    teams.settle()
    assert teams.item(1).status == Status.DONE
    assert ActionId.ITEM_DONE not in str(teams.emu.post(teams.channel, card.id).cards)
