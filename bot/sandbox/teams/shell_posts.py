"""What a person does to a numbered post in the Teams shell: react, reply, edit, delete, make.

Teams tells a bot only of reactions to its own posts, and its polls are voted with buttons: a
poll's number emoji (`:react :one: 1`, as on Slack) presses that option's button, and a 📌
says plainly that `:make N` (the message extension) is Teams' way.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from bot.sandbox.teams.delivery import Delivery
from bot.sandbox.teams.driver import REACTIONS
from bot.sandbox.teams.reading import Control, controls
from bot.sandbox.teams.screen import TeamsScreen
from bot.sandbox.teams.server import TeamsEmulator
from bot.sandbox.teams.state import Person, Post

BOT_FIRST = re.compile(r"^@backbone\b[\s,:]*", re.IGNORECASE)  # a message to Backbone
KEYCAPS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "keycap_ten"]


class PostCommands:
    """Commands on a numbered post; the Teams shell mixes this in."""

    emulator: TeamsEmulator
    screen: TeamsScreen
    out: Any
    channel_now: str | None
    if TYPE_CHECKING:

        @property
        def person(self) -> Person: ...
        def conversation(self) -> str: ...
        def say(self, words: str) -> None: ...
        def to_teams(self, text: str) -> tuple[str, list[Person]]: ...
        def press(self, post: Post, control: Control) -> None: ...
        def _answered(self, delivery: Delivery) -> None: ...
        def _opened(self, delivery: Delivery) -> None: ...

    def cmd_react(self, rest: str) -> None:
        """React to a post: a poll's number emoji votes with its button, as Teams polls do."""
        emoji, _, number = rest.partition(" ")
        post, name = self._numbered(number), emoji.strip(":").lower()
        votes = [c for c in controls(_card(post)) if str(c.verb).startswith("poll_vote:")]
        if votes and name in KEYCAPS[: len(votes)]:
            choice = votes[KEYCAPS.index(name)]
            self.say(f"Teams polls are voted with the card's buttons: pressing “{choice.label}”.")
            self.press(post, choice)
        elif name == "pushpin":
            self.say(
                "Teams tells Backbone only of reactions to its own posts, so a 📌 makes "
                f"nothing there. Use :make {number.strip()} (Make action item) instead."
            )
        elif post.author == self.emulator.bot_id and name in REACTIONS:
            self.emulator.react(post, self.person, name)
        else:
            kinds = ", ".join(sorted(REACTIONS))
            self.say(f"Teams reactions are {kinds}, and Backbone hears only of its own posts'.")

    def cmd_thread(self, rest: str) -> None:
        """Reply in the thread of a numbered post."""
        number, _, text = rest.partition(" ")
        post = self._numbered(number)
        if not text.strip():
            raise ValueError(f"say what to reply, like :thread {number.strip() or 1} I can help")
        if self.channel_now is None:
            raise ValueError("a chat with Backbone has no threads; just type your reply")
        to_bot = bool(BOT_FIRST.match(text))
        written, mentioned = self.to_teams(BOT_FIRST.sub("", text, count=1))
        said = self.emulator.say(
            post.conversation, self.person, written, mention_bot=to_bot,
            mentions=tuple(mentioned), reply_to=post.root or post.id,
        )  # fmt: skip
        self._answered(said)

    def cmd_edit(self, rest: str) -> None:
        """Change the words of one of your posts: Teams sends Backbone a messageUpdate."""
        number, _, text = rest.partition(" ")
        post = self._own(number, "edit")
        if not text.strip():
            raise ValueError("say the new words, like :edit 2 ACTION: @ana call the VA Friday")
        written, mentioned = self.to_teams(text.strip())
        self._answered(self.emulator.edit(post, written, mentions=tuple(mentioned)))

    def cmd_delete(self, rest: str) -> None:
        """Delete one of your posts."""
        post = self._own(rest, "delete")
        self._answered(self.emulator.delete_message(post))
        self.out.write(f"(shell) Post [{rest.strip()}] is deleted.\n")

    def cmd_make(self, rest: str) -> None:
        """Run the message extension's "Make action item" on a numbered post."""
        post = self._numbered(rest)
        self._opened(self.emulator.message_action(post, self.person))

    cmd_shortcut = cmd_make

    def _own(self, number: str, doing: str) -> Post:
        post = self._numbered(number)
        if post.author != self.person.id:
            who = self.screen.name(post.author)
            raise ValueError(f"you can only {doing} your own posts; [{number.strip()}] is @{who}'s")
        return post

    def _numbered(self, number: str) -> Post:
        if not number.strip().isdigit():
            raise ValueError("give the post's number, as shown in [brackets]")
        post = self.screen.post_at(self.conversation(), int(number))
        if post is None:
            raise LookupError(f"there is no post [{number.strip()}] here")
        return post


def _card(post: Post) -> dict[str, Any]:
    cards = post.cards
    return cards[0] if cards else {}
