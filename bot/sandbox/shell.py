"""`backbone shell`: be a person in a channel of the sandbox, type as in Slack, see what happens."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from datetime import datetime
from typing import TextIO
from zoneinfo import ZoneInfo

from bot.ids import Command
from bot.sandbox.screen import Screen, local_time
from bot.sandbox.shell_clock import ClockCommands
from bot.sandbox.shell_controls import Control, controls
from bot.sandbox.shell_form_commands import FormCommands
from bot.sandbox.shell_lines import TypedLines
from bot.sandbox.shell_messages import MessageCommands
from bot.sandbox.state import Ephemeral, Message, View
from bot.sandbox.world import World

HELP = """Type as you would in Slack:
  /action Call the shelter @joe by Friday     a slash command, in this channel
  ACTION: @ana update the by-name list EOW    a message (meeting notes are captured)
  Slash commands: /action, /decision, /poll, /digest, /goal (each alone shows its help).
Meeting notes of several lines, as one message:
  :paste                then the lines, then a line with only a dot: .
  \"\"\"                   the same: the lines, then \"\"\" again
Messages of this channel go by their number, shown in [brackets]:
  :react :pushpin: N    react to message [N]
  :thread N TEXT        reply in the thread of message [N]
  :edit N TEXT          change the words of your message [N]
  :delete N             delete your message [N]
  :make N               "Make action item" on message [N] (the message shortcut)
Buttons and forms:
  :click TEXT [A-N]     use a button or menu option on the latest message that has it
                        (A-N picks one item's button when a DM lists several)
  :home                 open your App Home
  :fill FIELD TEXT      type into a field of the open form (fields show in [brackets])
  :submit [FIELD=TEXT …]  send the open form as it stands (prefilled values included)
  :cancel               close the open form
People, places and time:
  :as NAME              be someone else (:who lists people)
  :in #CHANNEL          move to a channel (:channels lists them)
  :time +2d | +3h | +1w | 2026-12-01 09:00   move the clock (in your zone) and run reminders
  :help                 this help           :quit   leave"""
KNOWN_COMMANDS = ", ".join(command.value for command in Command)
PASTE_ENDS = {":paste": ".", '"""': '"""'}


class Shell(TypedLines, MessageCommands, FormCommands, ClockCommands):
    """Turns typed lines into Slack traffic to the app, and prints what comes back."""

    def __init__(self, world: World, out: TextIO) -> None:
        self.world, self.out = world, out
        self.emulator = world.emulator
        self.screen = Screen(world.emulator, out)
        self.user, self.channel = "UMARIA", "CCASE"
        self.pasting: list[str] | None = None  # the lines of a paste under way
        self.paste_end = "."

    # -- what a person is -------------------------------------------------------------------

    def prompt(self) -> str:
        """Say who and where you are, and when (or that a paste is under way)."""
        if self.pasting is not None:
            return f"  paste (end with {self.paste_end})> "
        where = self.screen.channel(self.channel)
        return f"{self.screen.name(self.user)} in #{where} · {self.now_text()}> "

    def now_text(self) -> str:
        """Say the sandbox's time in your own zone."""
        return local_time(self.emulator.state.users[self.user].tz, self.world.clock.now)

    def to_slack(self, text: str) -> str:
        """Write @names and #channels the way Slack sends them, and \\n as a new line."""
        text = text.replace("\\n", "\n")
        text = re.sub(
            r"(?<![<\w])@([a-z][\w.-]*)", lambda m: self._mention(m.group(0), m.group(1)), text
        )
        return re.sub(
            r"(?<![<\w])#([a-z][\w-]*)", lambda m: self._channel_ref(m.group(0), m.group(1)), text
        )

    def _mention(self, raw: str, name: str) -> str:
        found = self._user_named(name)
        return f"<@{found}|{name}>" if found else raw

    def _channel_ref(self, raw: str, name: str) -> str:
        channel = self.emulator.state.channel_by_name(name)
        return f"<#{channel.id}|{name}>" if channel else raw

    def _user_named(self, name: str) -> str | None:
        for user in self.emulator.state.users.values():
            if user.name == name.lower() and not user.is_bot:
                return user.id
        return None

    def refresh(self) -> None:
        """Print what is new on the screen (the session does, before the first line)."""
        self.screen.refresh()

    # -- one line of input ------------------------------------------------------------------

    def _guarded(self, act: Callable[[], None]) -> None:
        """Do one step; a mistake is explained, then the screen shows what changed."""
        try:
            act()
        except (LookupError, ValueError) as problem:
            self.out.write(f"(shell) {problem}\n")
        self.world.settle()
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
            self._say(line)

    def _say(self, text: str) -> None:
        """Type a slash command or a message, as in Slack's message box."""
        if not text.startswith("/"):
            self.emulator.post_message(
                user=self.user, channel=self.channel, text=self.to_slack(text)
            )
            return
        command, _, rest = text.partition(" ")
        if "\n" in command:
            command, _, more = command.partition("\n")
            rest = f"{more}\n{rest}" if rest else more
        if command.lower() not in {c.value for c in Command}:
            raise LookupError(
                f"Slack would answer “{command} is not a valid command”. "
                f"Backbone's are {KNOWN_COMMANDS}."
            )
        self.emulator.send_command(
            command.lower(), self.to_slack(rest), user=self.user, channel=self.channel
        )

    # -- shell commands ---------------------------------------------------------------------

    def cmd_help(self, _: str) -> None:
        """Print the help."""
        self.out.write(HELP + "\n")

    def cmd_who(self, _: str) -> None:
        """List the people."""
        for user in self.emulator.state.users.values():
            if not user.is_bot:
                self.out.write(f"  @{user.name}  {user.real_name}  ({user.tz})\n")

    def cmd_channels(self, _: str) -> None:
        """List the channels."""
        for channel in self.emulator.state.channels.values():
            if not channel.is_im:
                members = " ".join(f"@{self.screen.name(m)}" for m in sorted(channel.members))
                self.out.write(f"  #{channel.name}: {members}\n")

    def cmd_as(self, name: str) -> None:
        """Become someone else."""
        if not name:
            raise ValueError("say who to be, like :as joe (:who lists people)")
        found = self._user_named(name.lstrip("@"))
        if found is None:
            raise LookupError(f"nobody is called {name}; :who lists people")
        self.user = found

    def cmd_in(self, name: str) -> None:
        """Move to a channel."""
        if not name:
            raise ValueError("say where to go, like :in #advisory-group (:channels lists them)")
        channel = self.emulator.state.channel_by_name(name.lstrip("#"))
        if channel is None:
            raise LookupError(f"there is no channel {name}; :channels lists them")
        self.channel = channel.id

    def cmd_home(self, _: str) -> None:
        """Open your App Home."""
        self.emulator.send_event(
            {
                "type": "app_home_opened",
                "user": self.user,
                "tab": "home",
                "channel": self.emulator.dm_channel(self.user),
                "event_ts": f"{self.world.clock.now.timestamp():.6f}",
            }
        )

    def zone_name(self) -> str:
        """Return the zone of the person you are."""
        return self.emulator.state.users[self.user].tz

    def shell_now(self) -> datetime:
        """Return the sandbox's clock."""
        now: datetime = self.world.clock.now
        return now

    def shell_zone(self) -> ZoneInfo:
        """Return the zone of the person you are, as a zone."""
        return ZoneInfo(self.zone_name())

    def cmd_click(self, rest: str) -> None:
        """Use a button or menu option, the latest one that matches (of item A-N, if given)."""
        words = rest.split()
        code = words[-1].upper() if words and re.fullmatch(r"[AaDdPp]-\d+", words[-1]) else None
        label = " ".join(words[:-1] if code else words).lower()
        if not label:
            raise ValueError("say which button, like :click Done A-1")
        number = code.split("-")[1] if code else None
        for control in controls(self._visible()):
            if label in control.label.lower() and number in (None, control.value):
                self._press(control)
                return
        raise LookupError(f"no button or option “{rest}” on the latest messages")

    def _visible(self) -> list[Message | Ephemeral | View]:
        dm = self.emulator.dm_channel(self.user)
        with self.emulator.state.lock:  # thread replies too: captures answer in threads
            here = [m for m in self.emulator.state.messages if m.channel in {self.channel, dm}]
        mine: list[Message | Ephemeral | View] = list(copy.deepcopy(here))
        mine += self.emulator.ephemerals(self.user)
        mine += self.emulator.views(self.user)
        return mine

    def _press(self, control: Control) -> None:
        target, option = control.target, control.option
        if isinstance(target, View):
            self.emulator.click_view(
                target,
                control.action_id,
                user=self.user,
                value=control.value,
                selected_option_value=option,
                block_id=control.block_id,
            )
        else:
            self.emulator.click(
                target,
                control.action_id,
                user=self.user,
                value=control.value,
                selected_option_value=option,
                block_id=control.block_id,
            )
