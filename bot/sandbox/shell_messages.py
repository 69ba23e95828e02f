"""The message commands of `backbone shell`: react, reply, edit, delete, the message shortcut."""

from __future__ import annotations

from bot.ids import CallbackId
from bot.sandbox.shell_part import ShellPart
from bot.sandbox.state import Message


class MessageCommands(ShellPart):
    """What a person does to a numbered message of their channel; the shell mixes this in."""

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
        if not text.strip():
            raise ValueError(f"say what to reply, like :thread {number.strip() or 1} I can help")
        self.emulator.post_message(
            user=self.user, channel=self.channel, text=self.to_slack(text), thread_ts=message.ts
        )

    def cmd_edit(self, rest: str) -> None:
        """Change the words of one of your messages, as Slack's Edit message does."""
        number, _, text = rest.partition(" ")
        message = self._own(number, "edit")
        if not text.strip():
            raise ValueError("say the new words, like :edit 2 ACTION: @ana call the VA Friday")
        self.emulator.edit_message(
            user=self.user, channel=self.channel, ts=message.ts, text=self.to_slack(text.strip())
        )

    def cmd_delete(self, rest: str) -> None:
        """Delete one of your messages."""
        message = self._own(rest, "delete")
        self.emulator.delete_message(user=self.user, channel=self.channel, ts=message.ts)
        self.out.write(f"(shell) Message [{rest.strip()}] is deleted.\n")

    def cmd_make(self, rest: str) -> None:
        """Use the message shortcut "Make action item" on a numbered message."""
        message = self._numbered(rest)
        self.emulator.open_shortcut(CallbackId.MAKE_ACTION_ITEM, message, user=self.user)

    cmd_shortcut = cmd_make

    def _own(self, number: str, doing: str) -> Message:
        message = self._numbered(number)
        if message.user != self.user:
            who = self.screen.name(message.user)
            raise ValueError(
                f"you can only {doing} your own messages; [{number.strip()}] is @{who}'s"
            )
        return message

    def _numbered(self, number: str) -> Message:
        if not number.strip().isdigit():
            raise ValueError("give the message's number, as shown in [brackets]")
        message = self.screen.message_at(self.channel, int(number))
        if message is None:
            raise LookupError(f"there is no message [{number.strip()}] in this channel")
        return message
