"""People editing and deleting their messages, delivered to the app as Slack delivers them.

An edit is a `message_changed` event carrying the new `message` and the `previous_message`. A
deletion is a `message_deleted` event, except for a message with thread replies: Slack keeps it
as a "tombstone" ("This message was deleted.") and sends `message_changed` instead.
"""

from __future__ import annotations

import copy

from bot.sandbox.driver import DriverBase
from bot.sandbox.payloads import message_changed_event, message_deleted_event
from bot.sandbox.sender import AppResponse
from bot.sandbox.shapes import message_json, rich_text
from bot.sandbox.state import Json, Message

SLACKBOT = "USLACKBOT"
TOMBSTONE_TEXT = "This message was deleted."


class EditsDriver(DriverBase):
    """Edits and deletions of people's messages."""

    def edit_message(
        self, *, user: str, channel: str, ts: str, text: str, send: bool = True
    ) -> Message:
        """Change the words of a person's own message and deliver `message_changed`."""
        with self.state.lock:
            where = self._channel(channel, user)
            message = self._message(where.id, ts)
            if message.user != user:
                raise ValueError(f"{user} cannot edit a message {message.user} wrote")
            before = message_json(self.state, message)
            message.text, message.blocks = text, [rich_text(text)]
            message.edited = {"user": user, "ts": self.state.next_ts()}
            event = message_changed_event(self.state, message, before, where)
            snapshot = copy.deepcopy(message)
        self._log.notify()
        if send and where.bot_is_member:
            self.send_event(event)
        return snapshot

    def delete_message(
        self, *, user: str, channel: str, ts: str, send: bool = True
    ) -> AppResponse | None:
        """Delete a message as its author or an admin; deliver the event Slack sends for it."""
        with self.state.lock:
            where = self._channel(channel, user)
            message = self._message(where.id, ts)
            person = self._user(user)
            if message.user != user and not (person.is_admin or person.is_owner):
                raise ValueError(f"{user} cannot delete a message {message.user} wrote")
            before = message_json(self.state, message)
            event = self._deletion(message, before)
        self._log.notify()
        return self.send_event(event) if send and where.bot_is_member else None

    def _deletion(self, message: Message, before: Json) -> Json:
        where = self.state.channels[message.channel]
        has_replies = any(
            m.channel == message.channel and m.thread_ts == message.ts and m.ts != message.ts
            for m in self.state.messages
        )
        if not has_replies:
            self.state.messages.remove(message)
            return message_deleted_event(self.state, before, where)
        message.subtype, message.user, message.text = "tombstone", SLACKBOT, TOMBSTONE_TEXT
        message.blocks, message.thread_ts, message.edited = None, message.ts, None
        return message_changed_event(self.state, message, before, where)
