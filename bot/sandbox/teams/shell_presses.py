"""Cards and dialogs in the Teams shell: `:click`, `:fill`, `:submit`, `:cancel`.

A button is pressed as Teams presses it: an Action.Execute sends `adaptiveCard/action` (its
card answer replaces the card in place; a text answer shows to the presser alone), a button
that opens a form sends `task/fetch` and the dialog opens; `:submit` sends `task/submit` (or
the message extension's `submitAction`) with what the dialog's fields hold.
"""

from __future__ import annotations

import re
import shlex
from typing import TYPE_CHECKING, Any, TextIO
from zoneinfo import ZoneInfo

from bot.sandbox.shell_forms import picked_day
from bot.sandbox.teams.delivery import Delivery
from bot.sandbox.teams.invokes import ERROR_ANSWER, MESSAGE_ANSWER, Dialog, inputs_of
from bot.sandbox.teams.reading import Control, controls
from bot.sandbox.teams.screen import TeamsScreen, short_field
from bot.sandbox.teams.server import TeamsEmulator
from bot.sandbox.teams.state import Person, Post

if TYPE_CHECKING:
    from bot.sandbox.teams.world import TeamsWorld

CODE = re.compile(r"[AaDdPpGg]-\d+")


class PressCommands:
    """What a person does with cards and dialogs; the Teams shell mixes this in."""

    world: TeamsWorld
    emulator: TeamsEmulator
    screen: TeamsScreen
    out: TextIO
    user: str
    drafts: dict[str, tuple[Dialog, dict[str, str]]]  # by person: the dialog open, and typed
    if TYPE_CHECKING:

        @property
        def person(self) -> Person: ...
        def conversation(self) -> str: ...
        def say(self, words: str) -> None: ...
        def to_teams(self, text: str) -> tuple[str, list[Person]]: ...

    def cmd_click(self, rest: str) -> None:
        """Press a button or a menu's choice, the latest that matches (of item A-N, if given)."""
        words = rest.split()
        code = words[-1].upper() if words and CODE.fullmatch(words[-1]) else None
        label = " ".join(words[:-1] if code else words).lower()
        if not label:
            raise ValueError("say which button, like :click Done A-1")
        number = code.split("-")[1] if code else None
        for post in reversed(self._visible()):
            for card in post.cards[:1]:
                for control in controls(card):
                    if label in control.label.lower() and number in (None, control.value):
                        self.press(post, control)
                        return
        raise LookupError(f"no button or choice “{rest}” on the latest cards")

    def _visible(self) -> list[Post]:
        """Return the posts the person sees: this conversation's (threads too) and their chat's."""
        places = {self.conversation(), self.emulator.personal_chat_id(self.person)}
        with self.emulator.state.lock:
            return [p for p in self.emulator.state.posts if p.conversation in places and p.cards]

    def press(self, post: Post, control: Control) -> None:
        """Press one control as Teams does, and show what Backbone answered."""
        emulator, person = self.emulator, self.person
        if control.kind == "dialog":
            self._opened(emulator.fetch_dialog(post, control.verb, person, data=control.data))
        elif control.kind == "submit":
            self._shown(emulator.submit_card(post, control.label, person), post)
        else:
            inputs = {control.input_id: str(control.choice)} if control.input_id else None
            verb = str(control.verb)
            self._shown(emulator.press(post, verb, control.data, person, inputs=inputs), post)

    def _shown(self, delivery: Delivery, post: Post) -> None:
        """Print a press's text answer, which Teams shows to the presser alone."""
        answer = delivery.json or {}
        value = answer.get("value")
        if answer.get("type") == MESSAGE_ANSWER:
            where = self.screen.place(post.conversation)
            words = self.screen.read(str(value))
            self.out.write(f"{where} (only @{self.user} sees this)  Backbone: {words}\n")
        elif answer.get("type") == ERROR_ANSWER and isinstance(value, dict):
            self.say(f"Teams shows an error: {value.get('message')}")
        elif delivery.status == 0:
            self.say("Backbone is not installed here, so Teams sent it nothing.")

    def _opened(self, delivery: Delivery) -> None:
        """Show the dialog an invoke opened (or its closing words), and keep it open."""
        if delivery.dialog is not None:
            typed: dict[str, str] = {}
            self.drafts[self.user] = (delivery.dialog, typed)
            self.screen.show_dialog(delivery.dialog, typed)
            return
        self.drafts.pop(self.user, None)
        task = (delivery.json or {}).get("task") or {}
        if task.get("type") == "message":
            self.out.write(f"(dialog for @{self.user})  Backbone: {task.get('value')}\n")
        elif delivery.status == 0:
            self.say("Backbone is not installed here, so Teams sent it nothing.")

    # -- the open dialog --------------------------------------------------------------------

    def cmd_fill(self, rest: str) -> None:
        """Type a value into a field of the open dialog."""
        name, _, value = rest.partition(" ")
        if not name:
            raise ValueError("say which field and what to put in it, like :fill title Call the VA")
        dialog, typed = self._open_dialog()
        key, element = field_named(dialog.card, name)
        typed[key] = self._value_for(element, value.strip())
        self.screen.show_dialog(dialog, typed)

    def cmd_submit(self, rest: str) -> None:
        """Send the open dialog as it stands, with any field=value pairs given here."""
        dialog, typed = self._open_dialog()
        typed = dict(typed)
        for pair in shlex.split(rest):
            name, equals, value = pair.partition("=")
            if not equals:
                raise ValueError(f"write “{pair}” as field=value, or use :fill {pair} TEXT")
            key, element = field_named(dialog.card, name)
            typed[key] = self._value_for(element, value)
        fields = inputs_of(dialog.card)
        missing = [
            key
            for key, element in fields.items()
            if element.get("isRequired") and not (typed.get(key) or element.get("value"))
        ]
        if missing:
            raise ValueError(
                f"this dialog needs {', '.join(missing)} first, like :fill {missing[0]} …"
            )
        self.drafts.pop(self.user, None)
        self._opened(self.emulator.submit_dialog(dialog, typed))

    def cmd_cancel(self, _: str) -> None:
        """Close the open dialog without sending it."""
        self._open_dialog()
        self.drafts.pop(self.user, None)
        self.out.write("(shell) The dialog is closed; nothing was sent.\n")

    def _open_dialog(self) -> tuple[Dialog, dict[str, str]]:
        found = self.drafts.get(self.user) or self._open_offered()
        if found is None:
            raise LookupError("no dialog is open")
        return found

    def _open_offered(self) -> tuple[Dialog, dict[str, str]] | None:
        """Open the form a command offered by a button (a command opens no dialog on Teams).

        The same script then runs on Slack, whose command opens its modal at once, and here.
        """
        chat = self.emulator.personal_chat_id(self.person)
        with self.emulator.state.lock:
            mine = [p for p in self.emulator.state.posts if p.conversation == chat and p.cards]
        offered = [c for c in controls(mine[-1].cards[0]) if c.kind == "dialog"] if mine else []
        if len(offered) != 1:
            return None
        self.say(f"A command opens no form on Teams: pressing “{offered[0].label}”.")
        self.press(mine[-1], offered[0])
        return self.drafts.get(self.user)

    def _value_for(self, element: dict[str, Any], value: str) -> str:
        """Return what Teams sends for a field: people by their Teams ids, a choice by value."""
        if element.get("choices.data") is not None:  # the people picker
            return ",".join(self._person_id(part) for part in value.replace(",", " ").split())
        if element.get("type") == "Input.Date":  # a calendar in Teams: "Dec 18th" picks a day
            zone = ZoneInfo(self.person.zone)
            return picked_day(value, now=self.world.clock.now, zone=zone)
        choices = {
            str(c.get("title")).lower(): str(c.get("value")) for c in element.get("choices", [])
        }
        return choices.get(value.lower(), value)

    def _person_id(self, ref: str) -> str:
        person = self.world.people.get(ref.lstrip("@").lower())
        if person is None:
            raise LookupError(f"nobody is called {ref}; :who lists people")
        return person.id


def field_named(card: dict[str, Any], name: str) -> tuple[str, dict[str, Any]]:
    """Return the input a person means: its id, its id without the form's prefix, or its label."""
    wanted = name.strip().lower()
    fields = inputs_of(card)
    for found in (
        [k for k in fields if k.lower() == wanted],
        [k for k in fields if short_field(k).lower() == wanted],
        [k for k in fields if str(fields[k].get("label", "")).lower().startswith(wanted)],
    ):
        if len(found) == 1:
            return found[0], fields[found[0]]
    names = ", ".join(fields) or "none"
    raise LookupError(f"the dialog has no field “{name}”; its fields are: {names}")
