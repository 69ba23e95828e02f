"""One vocabulary over both platforms: the shared behaviours are written once and run on each.

`world` is Backbone on real HTTP with a fresh database and a fixed clock, its platform played by
that platform's emulator: Slack's signs each request with the signing secret; Teams' signs each
activity with its own key (a JWT Backbone checks against the emulator's OpenID metadata) and
Backbone answers through its connector with a token from its Entra endpoint.

Tests speak of people (`maria`, `joe`, `pat`), the meeting channel, and what a person does:
type a command, paste notes, edit them, press a button, read their DMs or the channel. Text a
test types names a person as `{joe}`; each world writes that as its platform does.

Where Teams differs by design, it is said here and nowhere else:
- Teams has no ephemeral messages: what Slack shows one person privately (a command's answer,
  a refusal, the answer to a press) comes on Teams in that person's personal chat with
  Backbone, or as the answer to the invoke of their press. `private(person)` reads either.
- A command on Teams is a message that mentions Backbone (`@Backbone action …`); on Slack it is
  a slash command.
- Slack's profiles tell each person's time zone; Teams tells it only with what a person sends
  (their client's info). So on Teams each person says "Good morning" in the channel at set-up,
  which Backbone reads as chat (no capture); nobody has a personal chat with Backbone yet.
- Slack's Home is a tab; Teams' is a card Backbone posts in the personal chat (`home`).
- Backbone's words name a command as people type it: `/goal list` on Slack, `goal list` on
  Teams (`World.slash`), which has no slash commands.
"""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
import urllib.request
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.deps import Deps
from bot.sandbox.teams.delivery import Delivery
from bot.sandbox.teams.sender import Forgery
from bot.sandbox.teams.server import TeamsEmulator
from bot.sandbox.teams.state import Person
from bot.teams.port import TeamsPort, TeamsPorts
from bot.work import WorkQueue
from scheduler.jobs import run_due_work
from storage.db import make_engine, make_session_factory, transaction
from storage.models import ActionItem, Decision, Goal, Poll
from tests.conftest import FakeClock
from tests.support.harness import CASE, JOE, MARIA, PAT, TEAM, Harness, running_backbone
from tests.support.teams_served import served_on_teams

T = TypeVar("T")
BACKBONE = Path(sys.executable).with_name("backbone")
PEOPLE = ("maria", "joe", "pat")
ZONES = {"maria": "America/New_York", "joe": "America/Los_Angeles", "pat": "Europe/London"}
NAMES = {"maria": "Maria Lopez", "joe": "Joe Tran", "pat": "Pat Kay"}
# The emoji codes Backbone writes (poll options' numbers), as Slack's clients draw them.
KEYCAPS = {f":{name}:": f"{digit}\ufe0f\u20e3" for digit, name in enumerate(
    ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"))}  # fmt: skip


@dataclass
class Shown:
    """Something Backbone posted, as a person reads it: all its words, and the post itself."""

    text: str
    native: Any


def words(value: Any) -> list[str]:
    """Every `text` and `title` string inside a Slack block list or an Adaptive Card."""
    if isinstance(value, dict):
        found = [
            v for k, v in value.items() if k in {"text", "title", "alt_text"} and isinstance(v, str)
        ]
        for v in value.values():
            if isinstance(v, dict | list):
                found += words(v)
        return found
    if isinstance(value, list):
        return [w for v in value for w in words(v)]
    return []


@dataclass
class Form:
    """A form a person has open: its title, all its words, and the platform's own handle."""

    title: str
    text: str
    native: Any
    by: str


class World(ABC):
    """What both worlds offer; see the module docstring."""

    platform: str
    people: dict[str, str]  # maria, joe, pat -> the platform's person id
    channel: str
    database_url: str
    clock: FakeClock

    # --- people and text ----------------------------------------------------------------------

    def id(self, who: str) -> str:
        return self.people[who]

    def typed(self, text: str) -> str:
        """`text` with each `{person}` (and `{everyone}`: the channel) written as the platform
        writes a mention."""
        return text.format(everyone=self.everyone, **{w: self.mention(w) for w in PEOPLE})

    @abstractmethod
    def mention(self, who: str) -> str: ...

    everyone = ""
    slash = "/"  # how Backbone's words name a command: "/goal list" on Slack, "goal list" on Teams

    @staticmethod
    def literal(text: str) -> str:
        """What a client sends for markup typed as words: both escape `&`, `<` and `>`."""
        return html.escape(text, quote=False).replace("{", "{{").replace("}", "}}")

    @abstractmethod
    def displayed(self, shown: Shown) -> str:
        """The words as a person's client shows them (the platform's escapes undone)."""

    @abstractmethod
    def everything(self) -> list[Shown]:
        """Backbone's posts in the meeting channel, thread replies too."""

    @abstractmethod
    def pings(self, person: str) -> int:
        """How many of Backbone's channel posts notify `person` (mention them)."""

    team_id = ""

    def read(self, query: Callable[[Session], T]) -> T:
        engine = make_engine(self.database_url)
        try:
            with transaction(make_session_factory(engine)) as session:
                return query(session)
        finally:
            engine.dispose()

    # --- the database -------------------------------------------------------------------------

    def rows(self, model: type[Any]) -> list[Any]:
        engine = make_engine(self.database_url)
        try:
            with transaction(make_session_factory(engine)) as session:
                found = list(session.scalars(select(model).order_by(model.id)))
                session.expunge_all()
                return found
        finally:
            engine.dispose()

    def items(self) -> list[ActionItem]:
        return self.rows(ActionItem)

    def decisions(self) -> list[Decision]:
        return self.rows(Decision)

    def polls(self) -> list[Poll]:
        return self.rows(Poll)

    def goals(self) -> list[Goal]:
        return self.rows(Goal)

    # --- scheduled work -----------------------------------------------------------------------

    def tick_processes(self, at: datetime, count: int = 2) -> list[tuple[int, str, str]]:
        """Run `count` `backbone tick --now <at>` processes at once; their (code, out, err)."""
        command = [str(BACKBONE), "tick", "--now", at.isoformat()]
        env = {"PATH": os.environ["PATH"], "DATABASE_URL": self.database_url, **self.tick_env()}
        started = [
            subprocess.Popen(
                command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
            )
            for _ in range(count)
        ]
        done = [(p, *p.communicate(timeout=120)) for p in started]
        self.settle()
        return [(p.returncode, out, err) for p, out, err in done]

    # --- what each platform does its own way -------------------------------------------------

    @abstractmethod
    def tick_env(self) -> dict[str, str]: ...
    @abstractmethod
    def settle(self) -> None: ...
    @abstractmethod
    def command(self, text: str, *, by: str = "maria", command: str = "action") -> None: ...
    @abstractmethod
    def command_in_dm(self, text: str, *, by: str = "maria", command: str = "action") -> None:
        """Type a command in the person's direct messages with Backbone (Teams: the personal
        chat, where commands need no mention)."""

    @abstractmethod
    def forged_command(self, text: str, *, by: str = "maria") -> int:
        """Send a command whose signature (Slack) or token (Teams) is not the platform's own;
        return Backbone's HTTP status."""

    @abstractmethod
    def calls(self) -> int:
        """How many calls Backbone made to the platform so far (and the platform answered)."""

    @abstractmethod
    def paste(self, text: str, *, by: str = "maria") -> Any: ...
    @abstractmethod
    def edit(self, said: Any, text: str) -> None: ...
    @abstractmethod
    def posts(self) -> list[Shown]: ...
    @abstractmethod
    def replies(self, said: Any) -> list[Shown]: ...
    @abstractmethod
    def dms(self, who: str) -> list[Shown]: ...
    @abstractmethod
    def private(self, who: str) -> list[str]: ...
    @abstractmethod
    def press(self, shown: Shown, action: str, *, by: str, value: str | None = None) -> None: ...
    @abstractmethod
    def home(self, who: str) -> str: ...
    @abstractmethod
    def open_form(self, shown: Shown, action: str, *, by: str) -> Form:
        """Press a button that opens a form (Slack: a modal; Teams: a dialog, by task/fetch)."""

    @abstractmethod
    def submit_form(self, form: Form, values: dict[str, Any]) -> Form | None:
        """Submit a form with some fields (by key) changed; the form again if it shows problems."""

    @abstractmethod
    def command_form(self, text: str, *, by: str, command: str, button: str | None = None) -> Form:
        """Type a command that opens a form (Slack: a modal at once; Teams: a card in the
        person's chat whose button, `button` or its only one, opens the dialog); the form."""

    @abstractmethod
    def picked(self, *who: str) -> Any:
        """What a people picker sends with these people picked."""

    @abstractmethod
    def other_channel(self) -> str:
        """Another channel of the same people that Backbone can post in; its id."""

    @abstractmethod
    def posts_in(self, channel: str) -> list[Shown]:
        """Backbone's posts in a channel."""

    @abstractmethod
    def submit_form_then(self, form: Form, values: dict[str, Any]) -> Form:
        """Submit a form that answers with another form in its place (Slack: the modal is
        updated; Teams: the dialog goes on); return that one."""

    @abstractmethod
    def refused_form(self, shown: Shown, action: str, *, by: str) -> str:
        """Press a button that would open a form but is refused; return what the person reads."""

    @abstractmethod
    def tick(self, at: datetime) -> None: ...
    @abstractmethod
    def pictures(self) -> list[bytes]: ...
    @abstractmethod
    def alt_texts(self) -> list[str]:
        """What screen readers say for the pictures Backbone shared in the channel."""

    @abstractmethod
    def dm_pictures(self, who: str) -> list[bytes]:
        """The PNGs Backbone sent `who` in their direct messages (personal chat on Teams)."""

    @abstractmethod
    def seen(self, text: str) -> str:
        """Words as a person reads them: the platform's markup gone, our people as `@maria`,
        the meeting channel as `#channel`."""

    @abstractmethod
    def told(self, who: str) -> list[str]:
        """What only `who` was shown, each as they read it (`seen`), oldest first."""


# --- Slack ---------------------------------------------------------------------------------------


@dataclass
class SlackWorld(World):
    """Backbone with the Slack emulator (tests/support/harness.py)."""

    harness: Harness
    platform: str = "slack"
    people: dict[str, str] = field(default_factory=lambda: {"maria": MARIA, "joe": JOE, "pat": PAT})
    channel: str = CASE

    def __post_init__(self) -> None:
        self.database_url, self.clock = self.harness.database_url, self.harness.clock

    everyone = "<!channel>"
    team_id = TEAM

    def mention(self, who: str) -> str:
        return f"<@{self.id(who)}>"

    def everything(self) -> list[Shown]:
        emulator = self.harness.emulator
        roots = emulator.messages(CASE)
        replies = [
            r for m in roots for r in emulator.messages(CASE, thread_ts=m.ts) if r.ts != m.ts
        ]
        return self._shown(roots + replies)

    def pings(self, person: str) -> int:
        return sum(f"<@{person}>" in s.native.text for s in self.everything())

    def displayed(self, shown: Shown) -> str:
        """Slack's mrkdwn escapes `&`, `<` and `>` as entities; its clients show the characters,
        and draw emoji codes (`:one:`) as the emoji."""
        text = shown.text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
        for code, emoji in KEYCAPS.items():
            text = text.replace(code, emoji)
        return text

    def settle(self) -> None:
        self.harness.settle()

    def command(self, text: str, *, by: str = "maria", command: str = "action") -> None:
        self.harness.command(self.typed(text), user=self.id(by), command=f"/{command}")

    def command_in_dm(self, text: str, *, by: str = "maria", command: str = "action") -> None:
        dm = self.harness.emulator.dm_channel(self.id(by))
        self.harness.command(self.typed(text), user=self.id(by), channel=dm,
                             command=f"/{command}")  # fmt: skip

    def forged_command(self, text: str, *, by: str = "maria") -> int:
        emulator = self.harness.emulator
        genuine, emulator._signing_secret = emulator._signing_secret, "not-slacks-secret"
        try:
            answer = emulator.send_command("/action", self.typed(text), user=self.id(by),
                                           channel=CASE)  # fmt: skip
        finally:
            emulator._signing_secret = genuine
        self.settle()
        return answer.status

    def calls(self) -> int:
        return len(self.harness.emulator.calls())

    def paste(self, text: str, *, by: str = "maria") -> Any:
        said = self.harness.emulator.post_message(
            user=self.id(by), channel=CASE, text=self.typed(text)
        )
        self.settle()
        return said

    def edit(self, said: Any, text: str) -> None:
        self.harness.emulator.edit_message(user=said.user, channel=said.channel, ts=said.ts,
                                           text=self.typed(text))  # fmt: skip
        self.settle()

    def _shown(self, messages: list[Any]) -> list[Shown]:
        ours = [m for m in messages if m.bot_id is not None or m.user == self.bot_user]
        return [Shown("\n".join([m.text, *words(m.blocks or [])]), m) for m in ours]

    @property
    def bot_user(self) -> str:
        return str(self.harness.emulator.state.bot_user_id)

    def posts(self) -> list[Shown]:
        return self._shown(self.harness.emulator.messages(CASE))

    def replies(self, said: Any) -> list[Shown]:
        return self._shown(self.harness.emulator.messages(CASE, thread_ts=said.ts))

    def dms(self, who: str) -> list[Shown]:
        return self._shown(self.harness.emulator.messages(self.id(who)))

    def private(self, who: str) -> list[str]:
        """What only `who` was shown: answers through response_urls and ephemeral messages."""
        emulator, user = self.harness.emulator, self.id(who)
        answers = [
            str(r["body"].get("text", "")) for r in emulator.responses() if r["user"] == user
        ]
        return answers + [e.text for e in emulator.ephemerals(user)]

    def press(self, shown: Shown, action: str, *, by: str, value: str | None = None) -> None:
        self.harness.emulator.click(shown.native, action, user=self.id(by), value=value)
        self.settle()

    def home(self, who: str) -> str:
        from tests.support.forms import open_home

        view = open_home(self.harness, self.id(who))
        return "\n".join(words(view.view.get("blocks", [])))

    def open_form(self, shown: Shown, action: str, *, by: str) -> Form:
        from tests.support.forms import modal_of

        self.press(shown, action, by=by)
        view = modal_of(self.harness, self.id(by))
        return Form(str(view.view["title"]["text"]), "\n".join(words(view.view)), view, by)

    def submit_form(self, form: Form, values: dict[str, Any]) -> Form | None:
        from tests.support.goals import fill

        view = form.native
        answer = self.harness.emulator.submit_view(
            view.id, fill(view, **values), user=self.id(form.by)
        )
        self.settle()
        assert answer.status == 200, answer
        errors = (answer.json or {}).get("errors") if answer.body else None
        return Form(form.title, str(errors), view, form.by) if errors else None

    def command_form(self, text: str, *, by: str, command: str, button: str | None = None) -> Form:
        from tests.support.forms import modal_of

        self.command(text, by=by, command=command)
        view = modal_of(self.harness, self.id(by))
        return Form(str(view.view["title"]["text"]), "\n".join(words(view.view)), view, by)

    def picked(self, *who: str) -> Any:
        return [self.id(one) for one in who]

    def other_channel(self) -> str:
        members = tuple(self.people.values())
        self.harness.emulator.add_channel("CSHELTER", "shelter-partners", members=members)
        return "CSHELTER"

    def posts_in(self, channel: str) -> list[Shown]:
        return self._shown(self.harness.emulator.messages(channel))

    def submit_form_then(self, form: Form, values: dict[str, Any]) -> Form:
        from tests.support.forms import modal_of
        from tests.support.goals import fill

        answer = self.harness.emulator.submit_view(
            form.native.id, fill(form.native, **values), user=self.id(form.by)
        )
        self.settle()
        assert (answer.json or {}).get("response_action") == "update", answer
        view = modal_of(self.harness, self.id(form.by))
        return Form(str(view.view["title"]["text"]), "\n".join(words(view.view)), view, form.by)

    def refused_form(self, shown: Shown, action: str, *, by: str) -> str:
        before = len(self.private(by))
        self.press(shown, action, by=by)
        told = self.private(by)[before:]
        return told[-1] if told else ""

    def tick(self, at: datetime) -> None:
        self.harness.tick(at)

    def tick_env(self) -> dict[str, str]:
        emulator = self.harness.emulator
        return {"SLACK_BOT_TOKEN": emulator.bot_token, "SLACK_API_URL": emulator.api_url}

    def pictures(self) -> list[bytes]:
        """The PNGs Backbone shared, as people would download them."""
        return [f.content for f in self.harness.emulator.files() if f.content is not None]

    def alt_texts(self) -> list[str]:
        files = self.harness.emulator.files()
        return [str(f.alt_txt) for f in files if f.channel == CASE and f.alt_txt]

    def dm_pictures(self, who: str) -> list[bytes]:
        emulator = self.harness.emulator
        dm = emulator.dm_channel(self.id(who))
        return [f.content for f in emulator.files() if f.channel == dm and f.content is not None]

    def seen(self, text: str) -> str:
        names = {person: who for who, person in self.people.items()}
        text = re.sub(r"<@(\w+)(?:\|[^>]*)?>", lambda m: "@" + names.get(m[1], m[1]), text)
        text = re.sub(r"<#\w+(?:\|[^>]*)?>", "#channel", text)
        text = re.sub(r"(?<![\w*])\*([^*\n]+)\*(?![\w*])", r"\1", text)
        return self.displayed(Shown(text, None))

    def told(self, who: str) -> list[str]:
        """Their ephemeral messages (answers by response_url among them) and their DMs: the
        blocks' words where there are blocks (the `text` is their fallback)."""
        emulator, user = self.harness.emulator, self.id(who)
        found: list[Any] = [*emulator.ephemerals(user),
                            *emulator.messages(emulator.dm_channel(user))]  # fmt: skip
        said = [(float(m.ts), "\n".join(words(m.blocks)) if m.blocks else m.text) for m in found]
        return [self.seen(text) for _, text in sorted(said)]

    def refusals(self) -> list[Any]:
        return list(self.harness.emulator.refusals())


# --- Teams ---------------------------------------------------------------------------------------


@dataclass
class TeamsWorld(World):
    """Backbone with the Teams emulator; `/api/messages` and the port as serve builds them."""

    emu: TeamsEmulator
    deps: Deps
    work: WorkQueue
    port: TeamsPort
    persons: dict[str, Person]
    database_url: str
    clock: FakeClock
    channel: str
    platform: str = "teams"
    people: dict[str, str] = field(default_factory=dict)
    answered: list[tuple[str, str]] = field(default_factory=list)  # (person id, invoke's words)

    def __post_init__(self) -> None:
        self.people = {who: p.id for who, p in self.persons.items()}
        self.team_id = self.emu.tenant_id
        self.everyone = "<at>Case conferencing</at>"
        self.slash = ""

    def mention(self, who: str) -> str:
        return f"<at>{self.persons[who].name}</at>"

    def everything(self) -> list[Shown]:
        roots = self.emu.posts(self.channel, by_bot=False)
        replies = [r for p in roots for r in self.emu.replies(self.channel, p.id)]
        return self._shown([p for p in roots if p.author == self.emu.bot_id] + replies)

    def pings(self, person: str) -> int:
        return sum(person in str(_mentioned_ids(s.native.activity)) for s in self.everything())

    def displayed(self, shown: Shown) -> str:
        """Teams' markdown escapes with a backslash; its clients show the character alone."""
        return re.sub(r"\\(.)", r"\1", shown.text)

    def _mentioned(self, text: str) -> tuple[Person, ...]:
        return tuple(p for p in self.persons.values() if f"<at>{p.name}</at>" in text)

    def settle(self) -> None:
        self.work.wait_idle(timeout=20)

    def command(self, text: str, *, by: str = "maria", command: str = "action") -> None:
        typed = self.typed(f"{command} {text}")
        said = self.emu.say(self.channel, self.persons[by], typed, mentions=self._mentioned(typed),
                            mention_channel=self.everyone in typed)  # fmt: skip
        assert said.status == 200, said.response
        self.settle()

    def command_in_dm(self, text: str, *, by: str = "maria", command: str = "action") -> None:
        said = self.emu.say_personal(self.persons[by], self.typed(f"{command} {text}"))
        assert said.status == 200, said.response
        self.settle()

    def forged_command(self, text: str, *, by: str = "maria") -> int:
        typed = self.typed(f"action {text}")
        said = self.emu.say(self.channel, self.persons[by], typed, forgery=Forgery.BAD_SIGNATURE,
                            mentions=self._mentioned(typed))  # fmt: skip
        self.settle()
        return said.status

    def calls(self) -> int:
        return len(self.emu.calls())

    def paste(self, text: str, *, by: str = "maria") -> Delivery:
        """Post notes as Teams' clients send them: HTML, one paragraph a line."""
        typed = self._html(text)
        said = self.emu.say(self.channel, self.persons[by], typed, mention_bot=False,
                            mentions=self._mentioned(typed))  # fmt: skip
        assert said.status == 200, said.response
        self.settle()
        return said

    def edit(self, said: Any, text: str) -> None:
        assert self.emu.edit(said, self._html(text)).status == 200
        self.settle()

    def _html(self, text: str) -> str:
        return "".join(f"<p>{line}</p>" for line in self.typed(text).splitlines())

    @staticmethod
    def _shown(posts: list[Any]) -> list[Shown]:
        return [Shown("\n".join([p.text or "", *words(p.cards)]), p) for p in posts]

    def posts(self) -> list[Shown]:
        return self._shown(self.emu.posts(self.channel))

    def replies(self, said: Any) -> list[Shown]:
        return self._shown(self.emu.replies(self.channel, said.id))

    def dms(self, who: str) -> list[Shown]:
        return self._shown(self.emu.dms(self.id(who)))

    def private(self, who: str) -> list[str]:
        """What only `who` was shown: no ephemeral on Teams, so their personal chat and the
        answers to their own presses (an invoke's message)."""
        person = self.id(who)
        return [s.text for s in self.dms(who)] + [t for p, t in self.answered if p == person]

    def press(self, shown: Shown, action: str, *, by: str, value: str | None = None) -> None:
        pressed = self.emu.press(shown.native, action, None, self.persons[by])
        assert pressed.status == 200, pressed.response
        body = pressed.json or {}
        if body.get("type") == "application/vnd.microsoft.activity.message":
            self.answered.append((self.id(by), str(body.get("value", ""))))
        self.settle()

    def open_form(self, shown: Shown, action: str, *, by: str) -> Form:
        opened = self.emu.fetch_dialog(shown.native, action, self.persons[by])
        assert opened.status == 200 and opened.dialog is not None, opened.json
        return self._form(opened.dialog, by)

    def command_form(self, text: str, *, by: str, command: str, button: str | None = None) -> Form:
        if button is not None:
            self.command(text, by=by, command=command)
            (card,) = [p for p in self.emu.dms(self.id(by)) if button in str(p.cards)][-1:]
            return self.open_form(Shown("", card), button, by=by)
        before = len(self.dms(by))
        self.command(text, by=by, command=command)
        (offered,) = self.dms(by)[before:]
        verb = next(a["data"]["verb"] for a in _actions(offered.native.cards))
        return self.open_form(offered, verb, by=by)

    def picked(self, *who: str) -> Any:
        return ",".join(self.id(one) for one in who)

    def other_channel(self) -> str:
        """The team's General channel (Backbone was installed from it)."""
        return str(self.emu.state.conversations[self.channel].team_id)

    def posts_in(self, channel: str) -> list[Shown]:
        return self._shown(self.emu.posts(channel))

    def submit_form_then(self, form: Form, values: dict[str, Any]) -> Form:
        then = self.submit_form(form, values)
        assert then is not None, "the dialog closed"
        return then

    def refused_form(self, shown: Shown, action: str, *, by: str) -> str:
        opened = self.emu.fetch_dialog(shown.native, action, self.persons[by])
        assert opened.status == 200 and opened.dialog is None, opened.json
        return str(((opened.json or {}).get("task") or {}).get("value") or "")

    def _form(self, dialog: Any, by: str) -> Form:
        return Form(str(dialog.title), "\n".join(words(dialog.card)), dialog, by)

    def submit_form(self, form: Form, values: dict[str, Any]) -> Form | None:
        saved = self.emu.submit_dialog(form.native, values)
        assert saved.status == 200, saved.json
        self.settle()
        return None if saved.dialog is None else self._form(saved.dialog, form.by)

    def home(self, who: str) -> str:
        before = len(self.dms(who))
        assert self.emu.say_personal(self.persons[who], "home").status == 200
        self.settle()
        return "\n".join(s.text for s in self.dms(who)[before:])

    def tick(self, at: datetime) -> None:
        self.clock.now = at
        deps = Deps(self.deps.session_factory, clock=self.clock)
        run_due_work(deps, TeamsPorts(self.port), now=at)
        self.settle()

    def tick_env(self) -> dict[str, str]:
        return {
            "TEAMS_APP_ID": self.emu.app_id,
            "TEAMS_APP_PASSWORD": self.emu.app_password,
            "TEAMS_TENANT_ID": self.emu.tenant_id,
            "TEAMS_OPENID_URL": self.emu.openid_url,
            "TEAMS_LOGIN_URL": self.emu.login_url_https,
            "REQUESTS_CA_BUNDLE": self.emu.ca_file,
            "BACKBONE_PUBLIC_URL": str(self.port.public_url),
        }

    def pictures(self) -> list[bytes]:
        """The PNGs Backbone's cards show, fetched from their URLs as Teams' clients do."""
        found = []
        for post in self.emu.posts(self.channel) + [
            r for p in self.emu.posts(self.channel) for r in self.emu.replies(self.channel, p.id)
        ]:
            for url in _image_urls(post.cards):
                assert url.startswith(f"{self.port.public_url}/teams/pictures/"), url
                with urllib.request.urlopen(url, timeout=10) as answer:
                    found.append(answer.read())
        return found

    def alt_texts(self) -> list[str]:
        posts = self.emu.posts(self.channel)
        posts += [r for p in posts for r in self.emu.replies(self.channel, p.id)]
        return [str(image["altText"]) for post in posts for image in _images(post.cards)]

    def dm_pictures(self, who: str) -> list[bytes]:
        found = []
        for post in self.emu.dms(self.id(who)):
            for url in _image_urls(post.cards):
                with urllib.request.urlopen(url, timeout=10) as answer:
                    found.append(answer.read())
        return found

    def seen(self, text: str) -> str:
        names = {p.name: who for who, p in self.persons.items()}
        text = re.sub(r"<at>([^<]*)</at>", lambda m: "@" + names.get(m[1], m[1]), text)
        text = re.sub(r"\[\\#[^\]]*\]\([^)]*\)", "#channel", text)
        text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
        text = text.replace("**", "")
        return re.sub(r"\\(.)", r"\1", text).strip()

    def told(self, who: str) -> list[str]:
        """Their personal chat's posts (the "For you only, from …:" line that says where a
        private answer came from left out), and the answers to their presses."""
        said = []
        for post in self.emu.dms(self.id(who)):
            lines = "\n".join([post.text or "", *words(_without_mentions(post.cards))]).strip()
            said.append(self.seen(re.sub(r"^For you only, from .*:\n", "", lines)))
        return said + [t for p, t in self.answered if p == self.id(who)]

    def refusals(self) -> list[Any]:
        return list(self.emu.refusals())


def _without_mentions(value: Any) -> Any:
    """A card without its `mention` entities (their words are the text's own `<at>` names)."""
    if isinstance(value, dict):
        return {k: _without_mentions(v) for k, v in value.items() if k != "entities"}
    if isinstance(value, list):
        return [_without_mentions(v) for v in value if not (
            isinstance(v, dict) and v.get("type") == "mention")]  # fmt: skip
    return value


def _mentioned_ids(value: Any) -> list[str]:
    """The ids every `mention` entity in an activity (or its cards) notifies."""
    if isinstance(value, dict):
        here = [str(value["mentioned"]["id"])] if value.get("type") == "mention" else []
        return here + [i for v in value.values() for i in _mentioned_ids(v)]
    if isinstance(value, list):
        return [i for v in value for i in _mentioned_ids(v)]
    return []


def _actions(value: Any) -> list[dict[str, Any]]:
    """Every card action (a button) in a card or a list of them."""
    if isinstance(value, dict):
        here = [value] if str(value.get("type", "")).startswith("Action.") else []
        return here + [a for v in value.values() for a in _actions(v)]
    if isinstance(value, list):
        return [a for v in value for a in _actions(v)]
    return []


def _images(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, dict):
        here = [value] if value.get("type") == "Image" and "altText" in value else []
        return here + [i for v in value.values() for i in _images(v)]
    if isinstance(value, list):
        return [i for v in value for i in _images(v)]
    return []


def _image_urls(value: Any) -> list[str]:
    if isinstance(value, dict):
        here = [str(value["url"])] if value.get("type") == "Image" and "url" in value else []
        return here + [u for v in value.values() for u in _image_urls(v)]
    if isinstance(value, list):
        return [u for v in value for u in _image_urls(v)]
    return []


@pytest.fixture
def world(
    platform: str, database_url: str, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> Iterator[World]:
    """Backbone on the platform the test is parametrised with."""
    if platform == "slack":
        with running_backbone(database_url, clock) as harness:
            yield SlackWorld(harness)
        return
    with teams_world(database_url, clock, monkeypatch) as teams:
        yield teams
        teams.settle()
        assert teams.emu.refusals() == [], "Teams would refuse what Backbone sent"


@contextmanager
def teams_world(
    database_url: str, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> Iterator[TeamsWorld]:
    """The emulated tenant: Maria, Joe and Pat in the Outreach team, Backbone installed there."""
    with served_on_teams(database_url, clock, monkeypatch) as served:
        emu, deps, work, port = served.emu, served.deps, served.work, served.port
        persons = {who: emu.add_person(NAMES[who], zone=ZONES[who]) for who in PEOPLE}
        team = emu.add_team("Outreach", members=list(persons.values()),
                            channels=("Case conferencing",))  # fmt: skip
        channel = emu.channel(team.id, "Case conferencing")
        world = TeamsWorld(emu, deps, work, port, persons, database_url, clock, channel)
        emu.install_in_team(team.id, by=persons["maria"])
        for person in persons.values():  # see the module docstring: how zones are known
            emu.say(channel, person, "Good morning", mention_bot=False)
        world.settle()
        yield world
