"""People acting in the emulated workspace: commands, messages and reactions sent to the app.

Payloads are built under the workspace lock and delivered after releasing it: the app calls
the Web API back while it handles them, and those calls need the lock.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable

from bot.sandbox.api_base import REFUSALS, ApiError
from bot.sandbox.payloads import command_fields, event_envelope, message_event, reaction_event
from bot.sandbox.recorder import CallLog
from bot.sandbox.responses import post_response
from bot.sandbox.sender import AppResponse, deliver, form_body, interaction_body
from bot.sandbox.state import Channel, Json, Message, ResponseUrl, User, Workspace


class DriverBase:
    """What the drivers share: the workspace, the log, and signed delivery to the app."""

    state: Workspace
    request_url: str | None
    app_timeout: float
    _log: CallLog
    _signing_secret: str
    # Bolt answers Slack as soon as a listener acks and finishes the listener afterwards, so a
    # caller that reads the workspace right after a delivery can race the app's last posts. When
    # set (the tests and the shell set it to their executor's wait), every delivery returns only
    # once the app has finished what it was asked.
    settle: Callable[[], None] | None = None

    def send_event(
        self,
        event: Json,
        *,
        event_id: str | None = None,
        retry_num: int | None = None,
        retry_reason: str = "http_timeout",
    ) -> AppResponse:
        """Deliver an event in its `event_callback` envelope, as a retry when `retry_num` is set."""
        with self.state.lock:
            envelope = event_envelope(self.state, event, event_id or self.state.new_id("Ev"))
        headers = {"Content-Type": "application/json"}
        if retry_num is not None:
            headers.update({"X-Slack-Retry-Num": str(retry_num)})
            headers["X-Slack-Retry-Reason"] = retry_reason
        return self._deliver(json.dumps(envelope), headers)

    def send_interaction(self, payload: Json) -> AppResponse:
        """Deliver an interaction payload, form-encoded as `payload=<json>`."""
        return self._deliver(interaction_body(payload), {})

    def _deliver(self, body: str, headers: dict[str, str]) -> AppResponse:
        if self.request_url is None:
            raise RuntimeError("set SlackEmulator.request_url to the app's /slack/events URL")
        content_type = headers.pop("Content-Type", "application/x-www-form-urlencoded")
        answer = deliver(
            self.request_url,
            self._signing_secret,
            body,
            content_type=content_type,
            extra_headers=headers,
            timeout=self.app_timeout,
        )
        if self.settle is not None:
            self.settle()
        return answer

    def _register_url(self, url: ResponseUrl) -> str:
        self.state.response_urls[url.url_id] = url
        return f"{self.state.base_url}/response/{url.url_id}"

    def _user(self, user_id: str) -> User:
        user = self.state.users.get(user_id)
        if user is None:
            raise LookupError(f"no user {user_id!r}; add it with add_user()")
        return user

    def _channel(self, ref: str, user_id: str) -> Channel:
        """Return the conversation `user_id` acts in: a channel id, a DM id, or a user id's DM."""
        ws = self.state
        channel = ws.dm_for(ref) if ref in ws.users else ws.channels.get(ref)
        if channel is None:
            raise LookupError(f"no channel {ref!r}; add it with add_channel()")
        if user_id not in channel.members:
            raise ValueError(f"{user_id} is not a member of {ref}; list them in add_channel()")
        return channel

    def _message(self, channel: str, ts: str) -> Message:
        message = self.state.find_message(channel, ts)
        if message is None:
            raise LookupError(f"no message {ts} in {channel}")
        return message


class PeopleDriver(DriverBase):
    """Slash commands, typed messages and reactions, delivered to the app."""

    def send_command(
        self, command: str, text: str, *, user: str, channel: str, trigger_id: str | None = None
    ) -> AppResponse:
        """Run a slash command and show its ack body the way Slack does."""
        with self.state.lock:
            person, where = self._user(user), self._channel(channel, user)
            url = ResponseUrl(url_id=self.state.new_id("R"), channel=where.id, user=user)
            response_url = self._register_url(url)
            if trigger_id is not None:
                self.state.triggers[trigger_id] = user
            trigger = trigger_id or self.state.new_trigger(user)
            fields = command_fields(
                self.state, command, text, person, where, (response_url, trigger)
            )
        answer = self._deliver(form_body(fields), {})
        self._show_ack(url, answer)
        return answer

    def _show_ack(self, url: ResponseUrl, answer: AppResponse) -> None:
        body = answer.json if answer.json is not None else {"text": answer.body.strip()}
        if answer.status != 200 or not (body.get("text") or body.get("blocks")):
            return
        with self.state.lock:
            try:
                post_response(self.state, url, body, count=False)
            except ApiError as error:
                failure = {"url_id": url.url_id, "body": body, "error": error.error}
                self._log.record_failed("response_url", {**failure, "messages": error.messages})
                if error.error in REFUSALS:
                    self._log.record_refusal("ack", error.error, error.messages, body)
                return
            entry = {"url_id": url.url_id, "channel": url.channel, "user": url.user}
            self._log.record_response({**entry, "body": body})

    def post_message(
        self, *, user: str, channel: str, text: str, thread_ts: str | None = None, send: bool = True
    ) -> Message:
        """Post as a person; deliver the `message` event if the bot is in the conversation."""
        with self.state.lock:
            self._user(user)
            where = self._channel(channel, user)
            if thread_ts is not None:
                root = self._message(where.id, thread_ts)
                thread_ts = root.thread_ts or root.ts
            message = Message(channel=where.id, ts=self.state.next_ts(), user=user, text=text)
            message.thread_ts = thread_ts
            event = message_event(self.state, message, where)
            message.blocks = event["blocks"]
            self.state.messages.append(message)
            snapshot = copy.deepcopy(message)
        self._log.notify()
        if send and where.bot_is_member:
            self.send_event(event)
        return snapshot

    def react(
        self, *, user: str, channel: str, ts: str, name: str, send: bool = True
    ) -> AppResponse | None:
        """Add a person's reaction; None when not sent (or when they had already reacted)."""
        return self._reaction("reaction_added", user, channel, ts, name, send)

    def unreact(
        self, *, user: str, channel: str, ts: str, name: str, send: bool = True
    ) -> AppResponse | None:
        """Remove a person's reaction; None when not sent (or when there was none)."""
        return self._reaction("reaction_removed", user, channel, ts, name, send)

    def _reaction(
        self, kind: str, user: str, channel: str, ts: str, name: str, send: bool
    ) -> AppResponse | None:
        with self.state.lock:
            self._user(user)
            message = self._message(self._channel(channel, user).id, ts)
            users = message.reactions.setdefault(name, [])
            adding = kind == "reaction_added"
            if (user in users) == adding:
                return None  # Slack sends no event when nothing changed.
            if adding:
                users.append(user)
            else:
                users.remove(user)
            bot_sees = self.state.channels[message.channel].bot_is_member
            event = reaction_event(kind, user, message, name)
        self._log.notify()
        return self.send_event(event) if send and bot_sees else None
