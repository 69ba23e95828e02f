"""`backbone shell`: be a person in a channel of the sandbox, type as in Slack, see what happens."""

from __future__ import annotations

import copy
import re
import shlex
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from bot.sandbox.screen import Screen, local_time
from bot.sandbox.state import Ephemeral, Message, View
from bot.sandbox.world import World

HELP = """Type as you would in Slack:
  /action Call the shelter @joe by Friday     a slash command, in this channel
  ACTION: @ana update the by-name list EOW    a message (meeting notes are captured)
Shell commands:
  :as NAME              be someone else (:who lists people)
  :in #CHANNEL          move to a channel (:channels lists them)
  :react :pushpin: N    react to message [N] of this channel
  :thread N TEXT        reply in the thread of message [N]
  :click TEXT [A-N]     use a button or menu option on the latest message that has it
  :home                 open your App Home
  :submit f=v …         submit the open modal (f is the field shown in brackets)
  :cancel               close the open modal
  :time +2d | +3h | +1w | 2026-12-01 09:00   move the clock (in your zone) and run reminders
  :help                 this help           :quit   leave"""
STEP = re.compile(r"^\+(\d+)([mhdw])$")
UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


class Shell:
    """Turns typed lines into Slack traffic to the app, and prints what comes back."""

    def __init__(self, world: World, out: TextIO) -> None:
        self.world, self.out = world, out
        self.emulator = world.emulator
        self.screen = Screen(world.emulator, out)
        self.user, self.channel = "UMARIA", "CCASE"

    # -- what a person is -------------------------------------------------------------------

    def prompt(self) -> str:
        """Say who and where you are, and when."""
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

    # -- one line of input ------------------------------------------------------------------

    def run_line(self, line: str) -> bool:
        """Act on one typed line; return False when the person wants to leave."""
        line = line.strip()
        if not line:
            return True
        if line in {":quit", ":exit", ":q"}:
            return False
        try:
            self._act(line)
        except (LookupError, ValueError) as problem:
            self.out.write(f"(shell) {problem}\n")
        self.world.settle()
        self.screen.refresh()
        return True

    def _act(self, line: str) -> None:
        if line.startswith(":"):
            name, _, rest = line[1:].partition(" ")
            handler = getattr(self, f"cmd_{name}", None)
            if handler is None:
                raise LookupError(f"no shell command :{name}; type :help")
            handler(rest.strip())
        elif line.startswith("/"):
            command, _, text = line.partition(" ")
            self.emulator.send_command(
                command, self.to_slack(text), user=self.user, channel=self.channel
            )
        else:
            self.emulator.post_message(
                user=self.user, channel=self.channel, text=self.to_slack(line)
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
        found = self._user_named(name.lstrip("@"))
        if found is None:
            raise LookupError(f"nobody is called {name}; :who lists people")
        self.user = found

    def cmd_in(self, name: str) -> None:
        """Move to a channel."""
        channel = self.emulator.state.channel_by_name(name.lstrip("#"))
        if channel is None:
            raise LookupError(f"there is no channel {name}; :channels lists them")
        self.channel = channel.id

    def cmd_react(self, rest: str) -> None:
        """React to a numbered message of this channel."""
        emoji, _, number = rest.partition(" ")
        message = self._numbered(number)
        self.emulator.react(
            user=self.user, channel=self.channel, ts=message.ts, name=emoji.strip(":")
        )

    def cmd_thread(self, rest: str) -> None:
        """Reply in the thread of a numbered message."""
        number, _, text = rest.partition(" ")
        message = self._numbered(number)
        self.emulator.post_message(
            user=self.user, channel=self.channel, text=self.to_slack(text), thread_ts=message.ts
        )

    def _numbered(self, number: str) -> Message:
        if not number.strip().isdigit():
            raise ValueError("give the message's number, as shown in [brackets]")
        message = self.screen.message_at(self.channel, int(number))
        if message is None:
            raise LookupError(f"there is no message [{number.strip()}] in this channel")
        return message

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

    def cmd_time(self, rest: str) -> None:
        """Move the clock, then run the scheduled work due by then."""
        self.world.clock.now = self._when(rest)
        report = self.world.tick()
        done = [
            (report.delivery.sent, "reminder"),
            (report.creators_told, "note to a creator"),
            (report.polls.closed, "poll closed"),
            (report.digests.posted, "digest posted"),
        ]
        said = ", ".join(f"{n} {what}{'' if n == 1 else 's'}" for n, what in done if n)
        self.out.write(f"(time) It is now {self.now_text()}. {said or 'Nothing was due.'}\n")

    def _when(self, rest: str) -> datetime:
        step = STEP.match(rest.strip())
        if step:
            return self.world.clock.now + timedelta(**{UNITS[step.group(2)]: int(step.group(1))})
        zone = ZoneInfo(self.emulator.state.users[self.user].tz)
        try:
            local = datetime.strptime(rest.strip(), "%Y-%m-%d %H:%M")
        except ValueError:
            raise ValueError("say +2d, +3h, +1w or a time like 2026-12-01 09:00") from None
        moved = local.replace(tzinfo=zone)
        if moved < self.world.clock.now:
            raise ValueError("time only moves forward here")
        return moved

    def cmd_click(self, rest: str) -> None:
        """Use a button or menu option, the latest one that matches."""
        words = rest.split()
        code = words[-1].upper() if words and re.fullmatch(r"[AaDdPp]-\d+", words[-1]) else None
        label = " ".join(words[:-1] if code else words).lower()
        for target, action_id, value, option in self._controls():
            if (
                label
                and label in option[0].lower()
                and (code is None or value == code.split("-")[1])
            ):
                self._press(target, action_id, value, option[1])
                return
        raise LookupError(f"no button or option “{rest}” on the latest messages")

    def _controls(self) -> Iterable[tuple[Any, str, str | None, tuple[str, str | None]]]:
        """Yield (message or view, action_id, value, (label, option value)), newest first."""
        for target in reversed(self._visible()):
            blocks = target.view["blocks"] if isinstance(target, View) else (target.blocks or [])
            for block in reversed(blocks):
                elements = block.get("elements", []) if block.get("type") == "actions" else []
                if block.get("accessory"):
                    elements = [*elements, block["accessory"]]
                for element in elements:
                    yield from _options(target, element)

    def _visible(self) -> list[Message | Ephemeral | View]:
        dm = self.emulator.dm_channel(self.user)
        with self.emulator.state.lock:  # thread replies too: captures answer in threads
            here = [m for m in self.emulator.state.messages if m.channel in {self.channel, dm}]
        mine: list[Message | Ephemeral | View] = list(copy.deepcopy(here))
        mine += self.emulator.ephemerals(self.user)
        mine += self.emulator.views(self.user)
        return mine

    def _press(self, target: Any, action_id: str, value: str | None, option: str | None) -> None:
        if isinstance(target, View):
            self.emulator.click_view(
                target, action_id, user=self.user, value=value, selected_option_value=option
            )
        else:
            self.emulator.click(
                target, action_id, user=self.user, value=value, selected_option_value=option
            )

    def cmd_submit(self, rest: str) -> None:
        """Submit the open modal with field=value pairs."""
        view = self._open_modal()
        values: dict[str, dict[str, Any]] = {}
        for pair in shlex.split(rest):
            field, _, value = pair.partition("=")
            block = next((b for b in view.view["blocks"] if b.get("block_id") == field), None)
            if block is None or block.get("type") != "input":
                raise LookupError(f"the form has no field {field}")
            element = block["element"]
            values[field] = {element["action_id"]: self._value_for(element, value)}
        answer = self.emulator.submit_view(view.id, values, user=self.user)
        errors = (answer.json or {}).get("errors")
        if errors:
            for field, problem in errors.items():
                self.out.write(f"(form) {field}: {problem}\n")

    def _open_modal(self) -> View:
        modals = [v for v in self.emulator.views(self.user) if v.kind == "modal"]
        if not modals:
            raise LookupError("no form is open")
        return modals[-1]

    def _value_for(self, element: dict[str, Any], value: str) -> Any:
        kind = element.get("type")
        if kind in {"multi_users_select", "multi_conversations_select"}:
            return [self._id_of(part) for part in value.replace(",", " ").split()]
        if kind in {"users_select", "conversations_select", "channels_select"}:
            return self._id_of(value)
        return value

    def _id_of(self, ref: str) -> str:
        if ref.startswith("#"):
            channel = self.emulator.state.channel_by_name(ref[1:])
            if channel is None:
                raise LookupError(f"there is no channel {ref}")
            return channel.id
        found = self._user_named(ref.lstrip("@"))
        if found is None:
            raise LookupError(f"nobody is called {ref}")
        return found

    def cmd_cancel(self, _: str) -> None:
        """Close the open modal without submitting it."""
        view = self._open_modal()
        with self.emulator.state.lock:
            self.emulator.state.views[view.id].closed = True


def _options(
    target: Any, element: dict[str, Any]
) -> Iterable[tuple[Any, str, str | None, tuple[str, str | None]]]:
    kind, action_id = element.get("type"), str(element.get("action_id"))
    if kind == "button":
        label = str(element.get("text", {}).get("text", ""))
        yield target, action_id, element.get("value"), (label, None)
    elif kind in {"overflow", "static_select"}:
        for option in element.get("options", []):
            value = str(option.get("value"))
            number = value.split(":")[0] if ":" in value else None
            yield target, action_id, number, (str(option["text"]["text"]), value)
