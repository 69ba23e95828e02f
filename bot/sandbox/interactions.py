"""People using interactive surfaces: buttons and selects, modals, message shortcuts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.sandbox import payloads
from bot.sandbox.api_views import new_hash
from bot.sandbox.blockkit import normalize_blocks, view_problems
from bot.sandbox.driver import DriverBase
from bot.sandbox.elements import action_json, find_element, submission_values
from bot.sandbox.sender import AppResponse
from bot.sandbox.shapes import view_json
from bot.sandbox.state import Ephemeral, Message, ResponseUrl, View


class InteractionsDriver(DriverBase):
    """Clicks, view submissions and shortcuts, delivered to the app."""

    def click(
        self,
        message: Message | Ephemeral,
        action_id: str,
        *,
        user: str,
        value: str | None = None,
        selected_option_value: str | None = None,
        block_id: str | None = None,
    ) -> AppResponse:
        """Use the element `action_id` (of block `block_id`, if given) of a message or ephemeral."""
        with self.state.lock:
            person = self._user(user)
            current = self._current(message, user)
            block_id, element = find_element(current.blocks or [], action_id, block_id)
            action = action_json(block_id, element, value, selected_option_value)
            url = ResponseUrl(self.state.new_id("R"), current.channel, user, current.ts)
            url.is_ephemeral, url.from_interaction = isinstance(current, Ephemeral), True
            url.thread_ts = current.thread_ts
            urls = (self._register_url(url), self.state.new_trigger(user))
            if isinstance(current, Ephemeral):
                payload = payloads.ephemeral_actions(self.state, person, current, action, urls)
            else:
                payload = payloads.message_actions(self.state, person, current, action, urls)
        return self.send_interaction(payload)

    def _current(self, message: Message | Ephemeral, user: str) -> Message | Ephemeral:
        if isinstance(message, Message):
            return self._message(message.channel, message.ts)
        if message.user != user:
            raise ValueError(f"only {message.user} sees that ephemeral message")
        for ephemeral in self.state.ephemerals:
            if ephemeral.ts == message.ts and ephemeral.user == user and not ephemeral.deleted:
                return ephemeral
        raise LookupError(f"no ephemeral {message.ts} for {user}")

    def click_view(
        self,
        view: View | str,
        action_id: str,
        *,
        user: str,
        value: str | None = None,
        selected_option_value: str | None = None,
        block_id: str | None = None,
    ) -> AppResponse:
        """Use the element `action_id` (of block `block_id`, if given) in a modal or Home tab."""
        with self.state.lock:
            person, current = self._user(user), self._open_view(view, user)
            block_id, element = find_element(current.view["blocks"], action_id, block_id)
            action = action_json(block_id, element, value, selected_option_value)
            shown = view_json(self.state, current)
            trigger = self.state.new_trigger(user)
            payload = payloads.view_actions(self.state, person, shown, action, trigger)
        return self.send_interaction(payload)

    def submit_view(
        self, view_id: str, values: Mapping[str, Mapping[str, Any]], *, user: str
    ) -> AppResponse:
        """Submit a modal with `values` (block_id → action_id → value); apply the answer."""
        with self.state.lock:
            person, view = self._user(user), self._open_view(view_id, user)
            view.state_values = submission_values(view.view["blocks"], values)
            shown = view_json(self.state, view)
            trigger = self.state.new_trigger(user)
            payload = payloads.view_submission(self.state, person, shown, trigger)
        answer = self.send_interaction(payload)
        with self.state.lock:
            self._apply_response_action(view, answer)
        self._log.notify()
        return answer

    def _apply_response_action(self, view: View, answer: AppResponse) -> None:
        if answer.status != 200:
            return  # Slack shows the person an error and leaves the modal open.
        body = answer.json or {}
        action = body.get("response_action")
        if action is None:
            view.closed = True
        elif action == "clear":
            for other in self.state.views.values():
                other.closed = other.closed or (other.kind == "modal" and other.user == view.user)
        elif action in ("update", "push"):
            self._show_answered_view(view, body.get("view"), push=action == "push")
        elif action == "errors":
            self._check_errors(view, body.get("errors"))

    def _check_errors(self, view: View, errors: Any) -> None:
        # https://docs.slack.dev/surfaces/modals: `errors` is "an object keyed by the block_id of
        # input blocks"; Slack shows a generic failure for any other key, and the person is stuck.
        inputs = {b.get("block_id") for b in view.view["blocks"] if b.get("type") == "input"}
        if not isinstance(errors, dict) or not errors:
            problems = ["[ERROR] must provide an object [json-pointer:/errors]"]
        else:
            problems = [
                f"[ERROR] must be the block_id of an input block [json-pointer:/errors/{key}]"
                for key in errors
                if key not in inputs
            ]
        if problems:
            failure = {"view_id": view.id, "errors": errors, "messages": problems}
            self._log.record_failed("response_action", failure)
            self._log.record_refusal("response_action", "invalid_arguments", problems, failure)

    def _show_answered_view(self, view: View, definition: Any, *, push: bool) -> None:
        problems = view_problems(definition)
        if problems or not isinstance(definition, dict):
            # Slack shows the person an error and keeps the modal; the record says why.
            failure = {"view_id": view.id, "view": definition, "messages": problems}
            self._log.record_failed("response_action", failure)
            self._log.record_refusal("response_action", "invalid_arguments", problems, failure)
            return
        definition = {**definition, "blocks": normalize_blocks(self.state, definition["blocks"])}
        if push:
            pushed = View(
                self.state.new_id("V"), view.user, definition, "modal", new_hash(self.state)
            )
            self.state.views[pushed.id] = pushed
        else:
            view.view, view.state_values, view.hash = definition, {}, new_hash(self.state)

    def _open_view(self, view: View | str, user: str) -> View:
        view_id = view if isinstance(view, str) else view.id
        current = self.state.views.get(view_id)
        if current is None or current.closed:
            raise LookupError(f"no open view {view_id!r}")
        if current.user != user:
            raise ValueError(f"view {view_id} is shown to {current.user}, not {user}")
        return current

    def open_shortcut(self, callback_id: str, message: Message, *, user: str) -> AppResponse:
        """Run a message shortcut on a message."""
        with self.state.lock:
            person = self._user(user)
            current = self._message(message.channel, message.ts)
            url = ResponseUrl(self.state.new_id("R"), current.channel, user)
            urls = (self._register_url(url), self.state.new_trigger(user))
            payload = payloads.message_shortcut(self.state, callback_id, person, current, urls)
        return self.send_interaction(payload)
