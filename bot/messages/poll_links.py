"""What Backbone says about a poll's web link: the open link, and the links for named people."""

from __future__ import annotations

import json

from bot.ids import ActionId, BlockId, CallbackId
from bot.messages.parts import Button, Controls, Form, Message, Paragraph, Part, TextField
from bot.messages.spans import Code, Line, Link, Typed, joined, line, strong
from storage.models import Poll

LANGUAGE_NAMES = {"en": "English", "es": "Spanish"}
MAX_LABELS = 3000  # fifty labels of sixty characters
PER_BLOCK = 10


def share_button(poll: Poll) -> Controls:
    """Return the "Share a link" button for a poll's creator."""
    button = Button("🔗 Share a link", ActionId.POLL_SHARE_LINK, str(poll.number))
    return Controls((button,), key=BlockId.POLL_SHARE)


def link_lines(
    poll: Poll, url: str, *, language: str, qr: bool, open_votes: bool = True
) -> list[Line]:
    """Say where a poll is answered on the web, and how the link counts votes."""
    where = "in the poll's thread" if poll.message_ts else "in the channel"
    page = f"The page is in {LANGUAGE_NAMES.get(language, 'English')}."
    how = (
        "Anyone with this link can answer, without Slack or Teams: one vote per web browser, "
        f"counted with the chat votes. {page}"
        if open_votes
        else "This poll has links for named people, so this link takes no votes: each person "
        f"votes with their own link. {page}"
    )
    return [
        line("🔗 ", strong(f"{poll.code} on the web:"), " ", Link(url)),
        line(how),
        line(
            f"Share it by text message or email. The QR code is {where}" if qr else
            "Share it by text message or email",
            ". For one link per person instead: ",
            Code(f'/poll people {poll.code} "Advisor 1" "Advisor 2"'),
        ),
    ]  # fmt: skip


def link_message(
    poll: Poll, url: str, *, language: str, qr: bool, first: Line = (), open_votes: bool = True
) -> Message:
    """Return the private answer with a poll's link (after `first`, when it says more)."""
    said = link_lines(poll, url, language=language, qr=qr, open_votes=open_votes)
    lines = ([first] if first else []) + said
    button = Button("👥 Links for named people", ActionId.POLL_PEOPLE_LINKS, str(poll.number))
    parts = (Paragraph(tuple(lines)), Controls((button,), key=BlockId.POLL_SHARE))
    return Message(text=joined(lines, "\n"), parts=parts)


def people_form(poll: Poll) -> Form:
    """Return the form where a poll's creator lists who gets a link of their own."""
    about = line(
        f"Each label gets its own link to {poll.code}: one vote each, which its person can "
        "change until the poll closes. Once you make them, the open link stops taking votes."
    )
    labels = TextField(
        key=BlockId.POLL_PEOPLE_LABELS, label="Who gets a link? One label per line",
        multiline=True, max_length=MAX_LABELS, placeholder="Advisor 1",
        hint="Use labels like “Advisor 1” or “Landlord B”, never a client's name or details.",
    )  # fmt: skip
    return Form(
        key=CallbackId.POLL_PEOPLE, title="Links for people", items=(Paragraph((about,)), labels),
        submit="Make the links", state=json.dumps({"n": poll.number}),
    )  # fmt: skip


def people_message(poll: Poll, links: list[tuple[str, str]]) -> Message:
    """Return the private answer with one link per named person."""
    head = line(
        "👥 ", strong(f"Links for {poll.code}, one per person."),
        " Each takes one vote, which its person can change until the poll closes. "
        "Send each link only to its person.",
    )  # fmt: skip
    people: list[Line] = [line("• ", Typed(label), ": ", Link(url)) for label, url in links]
    tail = line("The open link of the poll no longer takes votes, so every vote is one person's.")
    lines = [head, *people, tail]
    # A few links to a block: a platform's block holds about 3,000 characters.
    groups = [Paragraph(tuple(people[i : i + PER_BLOCK])) for i in range(0, len(people), PER_BLOCK)]
    parts: tuple[Part, ...] = (Paragraph((head,)), *groups, Paragraph((tail,)))
    return Message(text=joined(lines, "\n"), parts=parts)


def created_with_share(said: Line, poll: Poll) -> Message:
    """Return the creator's "poll is up" answer, with the button that shares it on the web."""
    return Message(text=said, parts=(Paragraph((said,)), share_button(poll)))
