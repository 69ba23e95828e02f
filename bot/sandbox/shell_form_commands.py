"""The form commands of `backbone shell`: :fill, :submit and :cancel on the open modal."""

from __future__ import annotations

import shlex
from typing import Any

from bot.sandbox import shell_forms
from bot.sandbox.shell_part import ShellPart
from bot.sandbox.state import View


class FormCommands(ShellPart):
    """What a person does with an open form; the shell mixes this in."""

    def cmd_fill(self, rest: str) -> None:
        """Type a value into a field of the open form."""
        name, _, value = rest.partition(" ")
        if not name:
            raise ValueError("say which field and what to put in it, like :fill title Call the VA")
        view = self._open_modal()
        block = shell_forms.field_named(view.view, name)
        typed = self.screen.drafts.setdefault(view.id, {})
        typed[str(block["block_id"])] = self._value_for(block["element"], value.strip())

    def cmd_submit(self, rest: str) -> None:
        """Send the open form as it stands, with any field=value pairs given here."""
        view = self._open_modal()
        typed = dict(self.screen.drafts.get(view.id, {}))
        for pair in shlex.split(rest):
            name, equals, value = pair.partition("=")
            if not equals:
                raise ValueError(f"write “{pair}” as field=value, or use :fill {pair} TEXT")
            block = shell_forms.field_named(view.view, name)
            typed[str(block["block_id"])] = self._value_for(block["element"], value)
        values = shell_forms.current_values(view.view, typed)
        missing = [
            b
            for b in shell_forms.inputs(view.view)
            if not b.get("optional") and b["block_id"] not in values
        ]
        if missing:
            names = ", ".join(shell_forms.short_name(b) for b in missing)
            first = f"{shell_forms.short_name(missing[0])} {shell_forms.example(missing[0])}"
            raise ValueError(f"this form needs {names} first, like :fill {first}")
        answer = self.emulator.submit_view(view.id, values, user=self.user)
        errors = (answer.json or {}).get("errors")
        for field, problem in (errors or {}).items():
            self.out.write(f"(form) {field}: {problem}\n")
        if not errors:
            self.screen.drafts.pop(view.id, None)

    def _open_modal(self) -> View:
        modals = [v for v in self.emulator.views(self.user) if v.kind == "modal"]
        if not modals:
            raise LookupError("no form is open")
        return modals[-1]

    def _value_for(self, element: dict[str, Any], value: str) -> Any:
        kind = element.get("type")
        if kind in {"multi_users_select", "multi_conversations_select", "multi_channels_select"}:
            return [self._id_of(part) for part in value.replace(",", " ").split()]
        if kind in {"users_select", "conversations_select", "channels_select"}:
            return self._id_of(value) if value else None
        if kind == "datepicker":
            return shell_forms.picked_day(value, now=self.shell_now(), zone=self.shell_zone())
        return value

    def _id_of(self, ref: str) -> str:
        if ref.startswith("#"):
            channel = self.emulator.state.channel_by_name(ref[1:])
            if channel is None:
                raise LookupError(f"there is no channel {ref}")
            return channel.id
        found = self._user_named(ref.lstrip("@"))
        if found is None:
            raise LookupError(f"nobody is called {ref}; :who lists people")
        return found

    def cmd_cancel(self, _: str) -> None:
        """Close the open modal without submitting it."""
        view = self._open_modal()
        with self.emulator.state.lock:
            self.emulator.state.views[view.id].closed = True
        self.screen.drafts.pop(view.id, None)
        self.out.write("(shell) The form is closed; nothing was sent.\n")
