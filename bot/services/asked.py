"""Who gave a command, where, and how to answer them: what a platform's listener hands a service.

Each platform answers in its own way: Slack to the person alone through the command's
response_url, and to the channel as an in-channel response; Teams in the person's personal
chat, and as a reply in the command's thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.deps import Deps
from bot.messages.parts import Message
from bot.port import ChatPort, PostRef

Answer = Callable[[Message], None]


@dataclass(frozen=True)
class Asked:
    """Who gave a command, where, and how to answer them.

    `tell` reaches the person alone; `show` everyone where the command was given; `thread`,
    when set, is where a new item's announcement goes instead of the channel itself; `me` is
    Backbone's own id there, when the platform named it with the command; `direct` says the
    command came from a direct message, not a channel.
    """

    deps: Deps
    port: ChatPort
    team_id: str
    user_id: str
    channel_id: str
    tell: Answer
    show: Answer
    thread: PostRef | None = None
    me: str | None = None
    direct: bool = False
