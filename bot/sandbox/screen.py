"""What the sandbox shell prints: every new or changed post, DM, private note and open view."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from bot.sandbox.render import buttons_line, readable, view_text
from bot.sandbox.server import SlackEmulator
from bot.sandbox.shell_forms import initial_value, short_name, shown_value
from bot.sandbox.state import Ephemeral, Message


@dataclass
class Screen:
    """Remembers what was shown, so each step prints only what is new."""

    emulator: SlackEmulator
    out: TextIO
    shown: dict[tuple[str, str], str] = field(default_factory=dict)
    ephemerals_seen: int = 0
    views_seen: dict[str, str] = field(default_factory=dict)
    numbers: dict[str, list[str]] = field(default_factory=dict)
    # What the person typed into each open form, by view id and block_id (see :fill).
    drafts: dict[str, dict[str, Any]] = field(default_factory=dict)

    def name(self, user_id: str) -> str:
        """Return a person's short name (the bot is Backbone)."""
        if user_id == self.emulator.state.bot_user_id:
            return "Backbone"
        user = self.emulator.state.users.get(user_id)
        return user.name if user else user_id

    def channel(self, channel_id: str) -> str:
        """Return a channel's name, or "DM with x" for a direct message."""
        found = self.emulator.state.channels.get(channel_id)
        if found is None:
            return channel_id
        return f"DM with @{self.name(found.user or '')}" if found.is_im else found.name

    def words(self, text: str) -> str:
        """Turn Slack markup into terminal words."""
        return readable(text, name_of=self.name, channel_of=self.channel)

    def number_of(self, message: Message) -> int:
        """Return the number a top-level message goes by in its channel (for :react and :thread)."""
        ts_list = self.numbers.setdefault(message.channel, [])
        if message.ts not in ts_list:
            ts_list.append(message.ts)
        return ts_list.index(message.ts) + 1

    def message_at(self, channel: str, number: int) -> Message | None:
        """Return the message shown with that number in a channel."""
        ts_list = self.numbers.get(channel, [])
        if not 1 <= number <= len(ts_list):
            return None
        return next(
            (m for m in self.emulator.messages(channel) if m.ts == ts_list[number - 1]), None
        )

    def refresh(self) -> None:
        """Print everything new or changed since the last refresh."""
        with self.emulator.state.lock:
            messages = list(self.emulator.state.messages)
        for message in messages:
            self._show_message(message)
        for note in self.emulator.ephemerals()[self.ephemerals_seen :]:
            self._show_ephemeral(note)
        self.ephemerals_seen = len(self.emulator.ephemerals())
        for view in self.emulator.views():
            typed = self.drafts.get(view.id, {})
            signature = repr(view.view.get("blocks")) + repr(typed)
            if self.views_seen.get(view.id) != signature:
                self.views_seen[view.id] = signature
                self._show_view(view.kind, view.user, view.view, typed)

    def _show_message(self, message: Message) -> None:
        key = (message.channel, message.ts)
        signature = message.text + repr(message.blocks) + repr(message.reactions)
        if self.shown.get(key) == signature:
            return
        updated = key in self.shown
        self.shown[key] = signature
        where = self.channel(message.channel)
        if message.thread_ts and message.thread_ts != message.ts:
            root = self.number_of_ts(message.channel, message.thread_ts)
            place = where if where.startswith("DM") else f"#{where}"
            label = f"{place} ↳ thread of [{root}]"
        else:
            label = f"[{self.number_of(message)}] #{where}" if not where.startswith("DM") else where
        mark = " (updated)" if updated else ""
        text = message.text  # the workspace's message stays as it is: only the screen adds files
        for file_id in message.files:
            upload = self.emulator.state.files.get(file_id)
            if upload is not None:
                shown = upload.title or upload.filename
                alt = f" — {upload.alt_txt}" if upload.alt_txt else ""
                text = f"{text}\n📎 {shown} ({upload.length:,} bytes){alt}".strip()
        self._print(
            f"{label}{mark}  {self.name(message.user)}: {self.words(text)}",
            message.blocks,
            message.reactions,
        )

    def number_of_ts(self, channel: str, ts: str) -> int:
        """Return the number of the top-level message with that ts."""
        ts_list = self.numbers.setdefault(channel, [])
        if ts not in ts_list:
            ts_list.append(ts)
        return ts_list.index(ts) + 1

    def _show_ephemeral(self, note: Ephemeral) -> None:
        where = self.channel(note.channel)
        where = where if where.startswith("DM") else f"#{where}"
        label = f"{where} (only @{self.name(note.user)} sees this)"
        self._print(f"{label}  Backbone: {self.words(note.text)}", note.blocks, {})

    def _show_view(self, kind: str, user: str, view: dict[str, Any], typed: dict[str, Any]) -> None:
        title = view.get("title", {}).get("text", "Home")
        self.out.write(f"┌ {kind} for @{self.name(user)}: {self.words(title)}\n")
        for block in view.get("blocks", []):
            for text in self._view_lines(block, typed):
                for line in text.splitlines() or [""]:
                    self.out.write(f"│ {line}\n")
        if kind == "modal":
            self.out.write("└ change a field with :fill FIELD TEXT, then :submit (or :cancel)\n")
        else:
            self.out.write("└\n")

    def _view_lines(self, block: dict[str, Any], typed: dict[str, Any]) -> list[str]:
        """Return a block's lines; a form field shows what it holds now, prefilled or typed."""
        if block.get("type") != "input" or not block.get("element"):
            return view_text({"blocks": [block]}, name_of=self.name, channel_of=self.channel)
        element, block_id = block["element"], str(block.get("block_id"))
        value = typed[block_id] if block_id in typed else initial_value(element)
        shown = shown_value(element, value, name_of=self.name, channel_of=self.channel)
        label = block.get("label", {}).get("text", "")
        optional = " (optional)" if block.get("optional") and "optional" not in label else ""
        return [f"  {label}{optional} [{short_name(block)}]: {shown}"]

    def _print(
        self, head: str, blocks: list[dict[str, Any]] | None, reactions: dict[str, list[str]]
    ) -> None:
        lines = head.splitlines() or [""]
        self.out.write(lines[0] + "\n")
        for line in lines[1:]:
            self.out.write(f"    {line}\n")
        for block in blocks or []:  # a line per block: a DM listing two items has two rows
            shown = buttons_line([block])
            if shown:
                self.out.write(f"    {shown}\n")
        if any(reactions.values()):
            counts = "  ".join(f":{name}: {len(who)}" for name, who in reactions.items() if who)
            self.out.write(f"    {counts}\n")


def local_time(zone: str, now: datetime) -> str:
    """Say what time it is in a zone, for the prompt."""
    return now.astimezone(ZoneInfo(zone)).strftime("%a %b %d %I:%M %p %Z")
