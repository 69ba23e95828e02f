"""A Teams port that records what Backbone sends, for the handler tests (no HTTP, no emulator)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.messages.parts import Form, HomePage, Message
from bot.port import ChannelInfo, ChatError, PersonInfo, Platform, PostRef, Seen
from bot.teams.render import render_form
from bot.teams.spans import Writer

TENANT = "5f1c7a9e-0000-4000-8000-00000000c0c0"
APP_ID = "00000000-0000-0000-0000-0000000b0b0e"
BOT = f"28:{APP_ID}"
ANA = "29:1GcS4EyB_oSI8A88XmWBN7NJFyMqe3QGnJdgLfFGkJnVelzRGos0bPbpsfJjcbAD22bmKc4"
BO = "29:1a-Zq9XyW3t7Bc4dEf"
CHANNEL = "19:c0ffee@thread.tacv2"
ANA_CHAT = "a:1anaPersonalChat"
ANA_AAD = "4d1b2c3a-1111-4222-8333-444455556666"
BO_AAD = "9e8d7c6b-2222-4333-8444-555566667777"
SERVICE = "https://smba.example/amer/"
PEOPLE = {ANA: "Ana Ruiz", BO: "Bo Chen"}


@dataclass
class Recorded:
    """A Teams workspace's port that records what Backbone sends, and draws dialogs as the port
    does (people known by their AAD ids too, as Teams' people picker gives them)."""

    platform: Platform = "teams"
    private_in_dm = True
    dm_threads = False
    tenant_id: str = TENANT
    sent: list[tuple[str, Any, Any]] = field(default_factory=list)
    answers: dict[str, dict[str, Any]] = field(default_factory=dict)
    count: int = 0

    def _ref(self, channel: str) -> PostRef:
        self.count += 1
        return PostRef(channel, f"1700000000{self.count:03d}")

    def post(self, channel: str, message: Message) -> PostRef:
        self.sent.append(("post", channel, message))
        return self._ref(channel)

    def update(self, ref: PostRef, message: Message) -> None:
        self.sent.append(("update", ref, message))

    def reply(self, thread: PostRef, message: Message) -> PostRef:
        self.sent.append(("reply", thread, message))
        return self._ref(thread.channel)

    def dm(self, person: str, message: Message) -> PostRef:
        self.sent.append(("dm", person, message))
        return self._ref(ANA_CHAT)

    def whisper(
        self, channel: str, person: str, message: Message, *, thread: PostRef | None = None
    ) -> None:
        self.sent.append(("whisper", person, message))

    def open_form(self, trigger: str, form: Form) -> None:
        self.answers[trigger] = render_form(form, Writer(people=PEOPLE, tenant_id=TENANT))

    def show_home(self, person: str, page: HomePage) -> None:
        self.sent.append(("home", person, page))

    def upload_image(self, channel: str, png: bytes, **kwargs: Any) -> None:
        raise ChatError("refused", "not in these tests")

    def react(self, ref: PostRef, emoji: str) -> None:
        raise ChatError("refused", "bots cannot react on Teams")

    def reactions(self, ref: PostRef) -> dict[str, frozenset[str]]:
        raise ChatError("refused", "bots cannot read reactions on Teams")

    def person(self, person: str) -> PersonInfo:
        ident = {ANA_AAD: ANA, BO_AAD: BO}.get(person, person)
        if ident not in PEOPLE:
            raise ChatError("no_person", "member not found")
        return PersonInfo(ident, PEOPLE[ident], "America/New_York", False, False, False)

    def channel(self, channel: str) -> ChannelInfo:
        return ChannelInfo(channel, "Case conferencing", False, False, True)

    def members(self, channel: str) -> frozenset[str]:
        return frozenset(PEOPLE)

    def read(self, ref: PostRef) -> Seen | None:
        return None

    def find_tagged(self, channel: str, kind: str, *, since: datetime) -> list[Seen]:
        return []

    def link_to(self, ref: PostRef) -> str | None:
        return None

    def me(self) -> str:
        return BOT

    def kinds(self) -> list[str]:
        return [kind for kind, _, _ in self.sent if kind != "home"]
