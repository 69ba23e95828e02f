"""What the Teams shell prints: every new or changed post, chat and dialog, and every refusal.

Posts of a channel go by their number, as in the Slack shell: `[2] #case-conferencing`; a
reply in a thread reads `#case-conferencing ↳ thread of [1]`; a personal chat with Backbone
reads `chat with @joe`. A card prints as its lines and its buttons ([✅ Done] [🙋 Need help]),
a card changed in place prints again marked (updated), and anything Teams would have refused
prints loudly, with Teams' reason.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any, TextIO

from bot.sandbox.teams.invokes import Dialog, inputs_of
from bot.sandbox.teams.reading import card_lines, words
from bot.sandbox.teams.server import TeamsEmulator
from bot.sandbox.teams.state import PERSONAL, Post

CARD = "application/vnd.microsoft.card.adaptive"
FIELD_PREFIXES = ("item_", "poll_")  # as the Slack shell names a form's fields


@dataclass
class TeamsScreen:
    """Remembers what was shown, so each step prints only what is new."""

    emulator: TeamsEmulator
    out: TextIO
    viewer_zone: str = "America/New_York"  # whose clock a channel's dates are read on
    shown: dict[tuple[str, str], str] = field(default_factory=dict)
    numbers: dict[str, list[str]] = field(default_factory=dict)
    refusals_seen: int = 0

    # -- names ------------------------------------------------------------------------------

    def name(self, person_id: str) -> str:
        """Return a person's short name (their first name, lower case); Backbone is Backbone."""
        if person_id == self.emulator.bot_id:
            return "Backbone"
        person = self.emulator.state.person(person_id)
        return short_name(person.name) if person else person_id

    def name_of_full(self, full: str) -> str:
        """Return the short name of whoever Teams shows as `full` (a mention's words)."""
        return short_name(full) if full != self.emulator.state.bot_name else "Backbone"

    def place(self, conversation_id: str) -> str:
        """Return a conversation's name: #channel, or "chat with @x" for a personal chat."""
        with self.emulator.state.lock:
            found = self.emulator.state.conversations.get(conversation_id)
        if found is None:
            return conversation_id
        if found.kind == PERSONAL:
            return f"chat with @{self.name(str(found.person_id))}"
        return f"#{found.name}"

    def read(self, text: str, zone: str | None = None) -> str:
        """Turn Teams markdown into terminal words."""
        return words(text, name_of=self.name_of_full, zone=zone or self.viewer_zone)

    # -- numbers ----------------------------------------------------------------------------

    def number_of(self, conversation: str, post_id: str) -> int:
        """Return the number a top-level post goes by in its conversation."""
        ids = self.numbers.setdefault(conversation, [])
        if post_id not in ids:
            ids.append(post_id)
        return ids.index(post_id) + 1

    def post_at(self, conversation: str, number: int) -> Post | None:
        """Return the post shown with that number in a conversation."""
        ids = self.numbers.get(conversation, [])
        if not 1 <= number <= len(ids):
            return None
        with self.emulator.state.lock:
            return self.emulator.state.post(conversation, ids[number - 1])

    # -- printing ---------------------------------------------------------------------------

    def refresh(self) -> None:
        """Print every post new or changed since the last refresh, and every new refusal."""
        with self.emulator.state.lock:
            posts = [p for p in self.emulator.state.posts if not p.deleted]
        # What a person just wrote first, then what Backbone did about it (a card it changed
        # in place is older than the message that changed it).
        typed = [p for p in posts if p.author != self.emulator.bot_id]
        for post in [*typed, *(p for p in posts if p.author == self.emulator.bot_id)]:
            self._show_post(post)
        refusals = self.emulator.refusals()
        for refusal in refusals[self.refusals_seen :]:
            why = "; ".join(refusal["messages"]) or refusal["error"]
            self.out.write(f"⚠️  TEAMS REFUSED what Backbone sent ({refusal['method']}): {why}\n")
        self.refusals_seen = len(refusals)

    def _show_post(self, post: Post) -> None:
        key, signature = (post.conversation, post.id), repr(post.activity)
        if self.shown.get(key) == signature:
            return
        updated = key in self.shown
        self.shown[key] = signature
        where = self.place(post.conversation)
        if post.root is not None and post.root != post.id:
            label = f"{where} ↳ {self._thread_of(post.conversation, post.root)}"
        elif where.startswith("#") and not self._is_command(post):
            label = f"[{self.number_of(post.conversation, post.id)}] {where}"
        else:
            label = where
        mark = " (updated)" if updated else ""
        lines = self.post_lines(post)
        self.out.write(f"{label}{mark}  {self.name(post.author)}: {lines[0]}\n")
        for line in lines[1:]:
            self.out.write(f"    {line}\n")

    def _is_command(self, post: Post) -> bool:
        """Tell whether a post is a person's command to Backbone (it goes by no number: the
        Slack shell's commands are no posts, and numbers stay the same on both)."""
        if post.author == self.emulator.bot_id:
            return False
        entities = post.activity.get("entities") or []
        return any((e.get("mentioned") or {}).get("id") == self.emulator.bot_id for e in entities)

    def _thread_of(self, conversation: str, root: str) -> str:
        with self.emulator.state.lock:
            found = self.emulator.state.post(conversation, root)
        if found is not None and self._is_command(found):
            return f"reply to @{self.name(found.author)}'s command"
        return f"thread of [{self.number_of(conversation, root)}]"

    def post_lines(self, post: Post) -> list[str]:
        """Return what a post shows: its text, then each card's lines and buttons."""
        zone = self._zone_of(post.conversation)
        text = str(post.activity.get("text") or "")
        if post.author != self.emulator.bot_id:  # a person's message is HTML, as they typed it
            text = html.unescape(text)
        lines = self.read(text, zone).splitlines()
        for attachment in post.activity.get("attachments") or []:
            if attachment.get("contentType") == CARD:
                lines += card_lines(attachment["content"], read=lambda t: self.read(t, zone))
        return [line for line in lines if line.strip()] or [""]

    def _zone_of(self, conversation_id: str) -> str:
        """Return the zone a conversation's dates are read in: its person's, or the viewer's."""
        with self.emulator.state.lock:
            found = self.emulator.state.conversations.get(conversation_id)
            person = self.emulator.state.person(str(found.person_id)) if found else None
        return person.zone if person is not None else self.viewer_zone

    def show_dialog(self, dialog: Dialog, typed: dict[str, str]) -> None:
        """Print an open dialog: its words, and each field with what it holds now."""
        self.out.write(f"┌ dialog for @{self.name(dialog.person_id)}: {dialog.title}\n")
        fields = inputs_in_order(dialog.card)
        for element in dialog.card.get("body", []):
            key = str(element.get("id"))
            if key in fields:
                line = field_line(key, fields.pop(key), typed.get(key), self.name)
                self.out.write(f"│   {line}\n")
                continue
            for line in card_lines({"body": [element]}, read=self.read):
                self.out.write(f"│ {line}\n")
        for key, element in fields.items():  # inputs inside containers, if any
            self.out.write(f"│   {field_line(key, element, typed.get(key), self.name)}\n")
        self.out.write("└ change a field with :fill FIELD TEXT, then :submit (or :cancel)\n")


def field_line(key: str, element: dict[str, Any], typed: str | None, name: Any) -> str:
    """Return one field of a dialog: its label, its short name, and what it holds."""
    value = typed if typed is not None else element.get("value")
    label = str(element.get("label") or key)
    optional = "" if element.get("isRequired") or "optional" in label.lower() else " (optional)"
    if value in (None, ""):
        hint = element.get("placeholder")
        shown = f"(empty{': ' + hint if hint else ''})"
    elif element.get("choices.data") is not None:  # the people picker: Teams ids
        shown = " ".join(f"@{name(part)}" for part in str(value).split(","))
    elif element.get("type") == "Input.ChoiceSet":  # a multi-choice holds "a,b"
        titles = {c.get("value"): c.get("title") for c in element.get("choices", [])}
        shown = ", ".join(str(titles.get(part) or part) for part in str(value).split(","))
    else:  # typed text, shown as typed: "1,300" stays one number
        shown = str(value)
    return f"{label}{optional} [{short_field(key)}]: {shown}"


def short_field(key: str) -> str:
    """Return the name the shell shows for a field, as the Slack shell does: no form prefix."""
    return key.split("_", 1)[1] if key.startswith(FIELD_PREFIXES) else key


def inputs_in_order(card: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Return a dialog's inputs by id, in the order the dialog shows them."""
    ordered = inputs_of(card)
    found: dict[str, dict[str, Any]] = {}

    def walk(node: Any) -> None:
        if isinstance(node, list):
            for child in node:
                walk(child)
        elif isinstance(node, dict):
            if node.get("id") in ordered and str(node.get("type", "")).startswith("Input."):
                found[str(node["id"])] = node
            for key in ("body", "items", "columns"):
                walk(node.get(key))

    walk(card)
    return found | ordered


def short_name(full: str) -> str:
    """Return the sandbox's short name for a full name (Joe Tran → joe)."""
    return full.split()[0].lower() if full.strip() else full
