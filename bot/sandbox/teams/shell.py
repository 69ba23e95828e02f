"""`backbone shell --teams`: be a person in a channel of the Teams sandbox, type as in Teams.

The person writes as in Teams: `@Backbone action Call the shelter @joe by Friday` in a
channel, `action list` in their chat with Backbone (`:dm` goes there), meeting notes as a
channel message. The Slack shell's own lines mean the same here: `/action …` is written
`@Backbone action …`, `:click` presses a card's button (an Action.Execute, or one opening a
dialog), `:fill`/`:submit` fill and send the open dialog, `:make N` is the message extension's
"Make action item", `:home` asks for the Home in the chat. Where a line cannot mean the same
on Teams, the shell says so in plain words and does the nearest thing Teams offers.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import TextIO

from bot.ids import Command
from bot.sandbox.screen import local_time
from bot.sandbox.shell_clock import ClockCommands
from bot.sandbox.shell_lines import TypedLines
from bot.sandbox.teams.delivery import Delivery
from bot.sandbox.teams.screen import TeamsScreen
from bot.sandbox.teams.shell_posts import BOT_FIRST, PostCommands
from bot.sandbox.teams.shell_presses import PressCommands
from bot.sandbox.teams.state import Person
from bot.sandbox.teams.world import TeamsWorld

HELP = """Type as you would in Teams:
  @Backbone action Call the shelter @joe by Friday   a command, in this channel
  ACTION: @ana update the by-name list EOW           a message (meeting notes are captured)
  /action …, /decision …, /poll …, /digest …, /goal …   the same, as Slack's commands are typed
  In your chat with Backbone (:dm) type commands alone: action list, home, help.
Meeting notes of several lines, as one message:
  :paste                then the lines, then a line with only a dot: .
  \"\"\"                   the same: the lines, then \"\"\" again
Posts of this channel go by their number, shown in [brackets]:
  :react NAME N         react to post [N] (a poll's number emoji presses its option)
  :thread N TEXT        reply in the thread of post [N]
  :edit N TEXT          change the words of your post [N]
  :delete N             delete your post [N]
  :make N               "Make action item" on post [N] (the message extension)
Buttons and dialogs:
  :click TEXT [A-N]     press a button or menu choice on the latest card that has it
  :home                 your Home, as a card in your chat with Backbone
  :fill FIELD TEXT      type into a field of the open dialog (fields show in [brackets])
  :submit [FIELD=TEXT …]  send the open dialog as it stands
  :cancel               close the open dialog
People, places and time:
  :as NAME              be someone else (:who lists people)
  :in #CHANNEL          move to a channel (:channels lists them)
  :dm                   go to your chat with Backbone
  :time +2d | +3h | +1w | 2026-12-01 09:00   move the clock (in your zone) and run reminders
  :help                 this help           :quit   leave"""
PASTE_ENDS = {":paste": ".", '"""': '"""'}
NAME = re.compile(r"(?<![<\w])@([a-z][\w.-]*)", re.IGNORECASE)
COMMANDS = {c.value for c in Command}


class TeamsShell(TypedLines, PostCommands, PressCommands, ClockCommands):
    """Turns typed lines into Teams activities to Backbone, and prints what comes back."""

    def __init__(self, world: TeamsWorld, out: TextIO) -> None:
        self.world, self.out = world, out
        self.emulator = world.emulator
        self.screen = TeamsScreen(world.emulator, out)
        self.user = "maria"
        self.channel_now: str | None = "case-conferencing"  # None: the chat with Backbone
        self.pasting: list[str] | None = None
        self.paste_end = "."
        self.drafts = {}

    # -- who and where ----------------------------------------------------------------------

    @property
    def person(self) -> Person:
        """Return the person being played."""
        return self.world.people[self.user]

    def conversation(self) -> str:
        """Return the conversation id the person is in: the channel, or their chat."""
        if self.channel_now is None:
            return self.emulator.personal_chat_id(self.person)
        return self.world.channels[self.channel_now]

    def prompt(self) -> str:
        """Say who and where you are, and when (or that a paste is under way)."""
        if self.pasting is not None:
            return f"  paste (end with {self.paste_end})> "
        where = f"#{self.channel_now}" if self.channel_now else "the chat with Backbone"
        return f"{self.user} in {where} · {self.now_text()}> "

    def now_text(self) -> str:
        """Say the sandbox's time in your own zone."""
        return local_time(self.person.zone, self.world.clock.now)

    def say(self, words: str) -> None:
        """Print a line in the shell's own voice, about how Teams differs."""
        self.out.write(f"(teams) {words}\n")

    def refresh(self) -> None:
        """Print what is new on the screen (the session does, before the first line)."""
        self.screen.viewer_zone = self.person.zone
        self.screen.refresh()

    # -- one line of input ------------------------------------------------------------------

    def _guarded(self, act: Callable[[], None]) -> None:
        """Do one step; a mistake is explained, then the screen shows what changed."""
        try:
            act()
        except (LookupError, ValueError, AssertionError) as problem:
            self.out.write(f"(shell) {problem}\n")
        self.world.settle()
        self.screen.viewer_zone = self.person.zone
        self.screen.refresh()

    def _act(self, line: str) -> None:
        if line in PASTE_ENDS:
            self.pasting, self.paste_end = [], PASTE_ENDS[line]
            self.out.write(f"(shell) Paste your lines, then a line with only {self.paste_end}\n")
        elif line.startswith(":"):
            name, _, rest = line[1:].partition(" ")
            handler = getattr(self, f"cmd_{name.lower()}", None) if name.isidentifier() else None
            if handler is None:
                raise LookupError(f"no shell command :{name}; type :help")
            handler(rest.strip())
        else:
            self._say(line.replace("\\n", "\n"))

    def _say(self, text: str) -> None:
        """Write a message as in Teams' compose box: a command to Backbone, or words."""
        command, to_bot = text, False
        first, _, rest = text.partition(" ")
        if first.split("\n")[0].lower() in COMMANDS:
            command, to_bot = f"{first.lstrip('/')} {rest}".strip(), True
        elif text.startswith("/") and not text.startswith("//"):
            known = ", ".join(sorted(COMMANDS))
            raise LookupError(
                f"Backbone has no command {first.split(chr(10))[0]}; its commands are {known} "
                "(on Teams, @Backbone action …). Nothing was sent."
            )
        elif BOT_FIRST.match(text):
            command, to_bot = BOT_FIRST.sub("", text, count=1), True
        written, mentioned = self.to_teams(command)
        if self.channel_now is None:
            self._answered(self.emulator.say_personal(self.person, written))
            return
        channel = self.world.channels[self.channel_now]
        self._answered(
            self.emulator.say(
                channel, self.person, written, mention_bot=to_bot, mentions=tuple(mentioned)
            )
        )

    def to_teams(self, text: str) -> tuple[str, list[Person]]:
        """Write what was typed as a Teams client sends it: its own `<`, `>` and `&` escaped
        (the message is HTML), @names as mentions (`<at>Full Name</at>`); return who is named."""
        mentioned: list[Person] = []

        def mention(match: re.Match[str]) -> str:
            person = self.world.people.get(match.group(1).lower())
            if person is None:
                return match.group(0)
            if self.channel_now is None:  # the emulator's chat takes words, not mentions
                return person.name
            if person not in mentioned:
                mentioned.append(person)
            return f"<at>{person.name}</at>"

        return NAME.sub(mention, html.escape(text, quote=False)), mentioned

    def _answered(self, delivery: Delivery) -> None:
        """Say what Teams did with what was sent, when Backbone did not take it."""
        if delivery.status == 0:
            self.say("Backbone is not installed here, so Teams sent it nothing.")
        elif delivery.status >= 400:
            self.say(f"Backbone answered HTTP {delivery.status}; nothing happened.")

    # -- shell commands ---------------------------------------------------------------------

    def cmd_help(self, _: str) -> None:
        """Print the help."""
        self.out.write(HELP + "\n")

    def cmd_who(self, _: str) -> None:
        """List the people."""
        for name, person in self.world.people.items():
            self.out.write(f"  @{name}  {person.name}  ({person.zone})\n")

    def cmd_channels(self, _: str) -> None:
        """List the channels (a Teams channel holds everyone in its team)."""
        everyone = " ".join(f"@{name}" for name in self.world.people)
        for name in self.world.channels:
            self.out.write(f"  #{name}: {everyone}\n")

    def cmd_as(self, name: str) -> None:
        """Become someone else."""
        if not name:
            raise ValueError("say who to be, like :as joe (:who lists people)")
        if name.lstrip("@").lower() not in self.world.people:
            raise LookupError(f"nobody is called {name}; :who lists people")
        self.user = name.lstrip("@").lower()

    def cmd_in(self, name: str) -> None:
        """Move to a channel."""
        if not name:
            raise ValueError("say where to go, like :in #advisory-group (:channels lists them)")
        if name.lstrip("#") not in self.world.channels:
            raise LookupError(f"there is no channel {name}; :channels lists them")
        self.channel_now = name.lstrip("#")

    def cmd_dm(self, _: str) -> None:
        """Go to your personal chat with Backbone."""
        self.channel_now = None

    cmd_chat = cmd_dm

    def cmd_home(self, _: str) -> None:
        """Ask for your Home: on Teams it is a card in your chat with Backbone."""
        self.say("Teams shows your Home as a card in your chat with Backbone: asking for it there.")
        self._answered(self.emulator.say_personal(self.person, "home"))

    def zone_name(self) -> str:
        """Return the zone of the person you are."""
        return self.person.zone
