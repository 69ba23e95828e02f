"""Spans as Teams text: the one place that writes Teams' markup (markdown, `<at>`, dates).

Teams reads a subset of markdown in cards and messages, and a mention is `<at>Name</at>` that
pings only with a `mention` entity naming the same text. Everything a person typed is escaped
here so that it can never become a mention, a hidden link or formatting: markdown characters
get a backslash and `<`/`>` are escaped too, so a typed `<at>Maria</at>` never matches the
text of a real mention. Stored text keeps Slack's shape (`<@id>`, `<!channel>`, `<url|label>`,
`&lt;`); people stay mentions, group pings read as plain words, and a labelled link shows its
address, as on Slack. Only this module writes mentions, dates (`{{DATE(…)}}`, shown in each
reader's zone) and links.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import quote

from bot.ids import PERSON_ID, Command
from bot.messages.spans import (
    ChannelRef,
    Code,
    Day,
    Line,
    Link,
    Mention,
    Quote,
    Span,
    Strong,
    Struck,
    Typed,
    When,
    Words,
)
from bot.text import from_mrkdwn

Json = dict[str, object]
TOKEN = re.compile(r"<([^<>]*)>")
PERSON = re.compile(rf"@({PERSON_ID})(?:\|[^|]*)?")
CHANNEL = re.compile(r"#([^|<>\s]+)(?:\|([^|]*))?")
GROUP = re.compile(r"!(here|channel|everyone)(?:\|.*)?|!subteam\^[A-Za-z0-9]+(?:\|@?(.*))?", re.S)
ADDRESS = re.compile(r"(?:https?://|mailto:)[^|\s<>]+", re.I)
# What Teams reads as markup anywhere, and at the start of a line (headings, lists, quotes);
# each gets a backslash so that it shows as typed.
SPECIAL = re.compile(r"([\\`*_\[\]()|~<>])")
LEADING = re.compile(r"^(\s*)([#+\->]|\d+(?=\.))", re.M)
# Pieces `clip` never cuts: an escape, a mention, a date, a link.
WHOLE = re.compile(r"\\.|<at>.*?</at>|\{\{[A-Z]+\([^)]*\)\}\}|\[(?:\\.|[^\]])*\]\([^)]*\)")
ELLIPSIS = "…"


# Backbone's own words name a few emoji the way Slack writes them (":one:" before a poll's first
# option); Teams shows such a code as it is, so they become the characters themselves. Only our
# own words are read this way: what a person typed is shown as typed.
EMOJI = {
    "one": "1\ufe0f\u20e3", "two": "2\ufe0f\u20e3", "three": "3\ufe0f\u20e3",
    "four": "4\ufe0f\u20e3", "five": "5\ufe0f\u20e3", "six": "6\ufe0f\u20e3",
    "seven": "7\ufe0f\u20e3", "eight": "8\ufe0f\u20e3", "nine": "9\ufe0f\u20e3",
    "keycap_ten": "\U0001f51f", "pushpin": "\U0001f4cc", "white_check_mark": "\u2705",
}  # fmt: skip
EMOJI_CODE = re.compile(r":([a-z_]+):")
# Backbone's own words name its commands as Slack's are typed ("/goal list"); in Teams they are
# typed without the slash, after @Backbone in a channel or alone in the personal chat.
SLASH_COMMAND = re.compile(
    r"(?<![\w/:.])/(" + "|".join(command.value[1:] for command in Command) + r")\b"
)


def commands(words: str) -> str:
    """Return Backbone's words with its commands as Teams users type them (`goal list`)."""
    return SLASH_COMMAND.sub(r"\1", words)


def code(text: str) -> str:
    """Return a code span: cards have no inline code, so a command reads in quotes (“/poll close
    P-1”); a row of symbols, such as a poll's bar, is shown as it is."""
    if not any(character.isalnum() for character in text):
        return escape(text)
    return f"“{escape(text)}”"


def emoji(words: str) -> str:
    """Return Backbone's words with the emoji codes it uses as the emoji themselves."""
    return EMOJI_CODE.sub(lambda code: EMOJI.get(code[1], code[0]), words)


@dataclass
class Writer:
    """Writes lines as Teams markdown and collects the mentions they make (for the entities)."""

    people: Mapping[str, str] = field(default_factory=dict)
    channels: Mapping[str, str] = field(default_factory=dict)
    tenant_id: str = ""
    mentioned: dict[str, str] = field(default_factory=dict)  # person id -> the mention's text
    inputs: dict[str, int] = field(default_factory=dict)  # input ids given, for `input_id`

    def input_id(self, action: str) -> str:
        """Return an input id for an action: the action itself, then `action#2`, `action#3`…

        A card's input ids must differ (the Home has a Snooze menu per item); the press's
        `data["menu"]` names the one that was used.
        """
        count = self.inputs[action] = self.inputs.get(action, 0) + 1
        return str(action) if count == 1 else f"{action}#{count}"

    def line(self, spans: Line) -> str:
        """Return a line as Teams markdown."""
        return "".join(self.span(span) for span in spans)

    def span(self, span: Span) -> str:
        """Return one span as Teams markdown."""
        match span:
            case Words(text):
                return escape(emoji(commands(text)))
            case Typed(text, limit):
                return self.typed(text if limit is None else clip_typed(text, limit))
            case Strong(inner):
                return f"**{self.line(inner)}**"
            case Struck(inner):
                return f"~~{self.line(inner)}~~"
            case Code(text):
                return code(commands(text))
            case Mention(person):
                return self.mention(person)
            case ChannelRef(channel):
                return self.channel(channel)
            case When(at, fallback, all_day):
                if all_day:
                    return escape(fallback)
                return f"{{{{DATE({stamp(at)}, SHORT)}}}} at {{{{TIME({stamp(at)})}}}}"
            case Day(at, _fallback):
                return f"{{{{DATE({stamp(at)}, SHORT)}}}}"
            case Link(url, label):
                shown = self.line(label) or escape(url)
                return f"[{shown}]({address(url)})"  # the label's own ] are escaped
            case Quote(inner):
                return "“" + self.line(inner) + "”"
        raise TypeError(span)

    def mention(self, person: str) -> str:
        """Return `<at>Name</at>` for a person and remember the entity it needs."""
        name = "".join(c for c in self.people.get(person, "") if c not in "<>") or "someone"
        text = f"<at>{name}</at>"
        self.mentioned.setdefault(person, text)
        return self.mentioned[person]

    def channel(self, channel: str) -> str:
        """Return a link that opens a channel, named as we know it."""
        name = self.channels.get(channel) or "a channel"
        link = f"https://teams.microsoft.com/l/channel/{quote(channel, safe='')}/{quote(name)}"
        if self.tenant_id:
            link += f"?tenantId={quote(self.tenant_id)}"
        return f"[{escape('#' + name)}]({link})"

    def typed(self, stored: str) -> str:
        """Return text a person typed: escaped, people as mentions, links with their address."""
        out: list[str] = []
        position = 0
        for token in TOKEN.finditer(stored):
            out += [escape(from_mrkdwn(stored[position : token.start()])), self._token(token[1])]
            position = token.end()
        return "".join([*out, escape(from_mrkdwn(stored[position:]))])

    def _token(self, inner: str) -> str:
        if person := PERSON.fullmatch(inner):
            return self.mention(person[1])
        if group := GROUP.fullmatch(inner):
            return escape("@" + (group[2] or group[1] or "group").strip())
        if channel := CHANNEL.fullmatch(inner):
            return self.channel(channel[1])
        target, _, label = inner.partition("|")
        if ADDRESS.fullmatch(target):
            shown = escape(from_mrkdwn(label))
            bare = escape_address(target)
            return bare if label in {"", target} else f"{shown} ({bare})"
        return escape(from_mrkdwn(f"<{inner}>"))

    def entities(self) -> list[Json]:
        """Return the mention entities of every mention written so far."""
        return [
            {"type": "mention", "text": text, "mentioned": {"id": person, "name": text[4:-5]}}
            for person, text in self.mentioned.items()
        ]


def stamp(at: datetime) -> str:
    """Return an instant as Adaptive Cards' date functions take it (RFC 3339, in UTC)."""
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def escape(text: str) -> str:
    """Return text that Teams shows as it is: every markup character behind a backslash.

    `{{` would start a date function: a zero-width space keeps the braces apart.
    """
    text = SPECIAL.sub(r"\\\1", text).replace("{{", "{\u200b{")
    return LEADING.sub(lambda m: m[1] + "\\" + m[2] if not m[2].isdigit() else m[0] + "\\", text)


def escape_address(url: str) -> str:
    """Return an address shown as text: still one link for Teams, never markup around it."""
    return re.sub(r"([\\`*_\[\]()~<>|])", r"\\\1", url)


def address(url: str) -> str:
    """Return a link's address so that it cannot close the markdown around it."""
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C")


def clip_typed(stored: str, limit: int) -> str:
    """Cut stored typed text to `limit` characters (with …), never inside a `<…>` token."""
    if len(stored) <= limit:
        return stored
    cut = max(limit - 1, 0)
    for token in TOKEN.finditer(stored):
        if token.start() >= cut:
            break
        if token.end() > cut:
            cut = token.start()
            break
    return stored[:cut].rstrip() + ELLIPSIS


def clip(text: str, limit: int) -> str:
    """Cut Teams markdown to `limit` characters (with …), never inside an escape or a token."""
    if len(text) <= limit:
        return text
    cut = max(limit - 1, 0)
    for token in WHOLE.finditer(text):
        if token.start() >= cut:
            break
        if token.end() > cut:
            cut = token.start()
            break
    return text[:cut].rstrip() + ELLIPSIS


def people_in(lines: Iterable[Line]) -> set[str]:
    """Return every person the lines mention, in spans or in typed text."""
    found: set[str] = set()
    for spans in lines:
        for span in spans:
            match span:
                case Mention(person):
                    found.add(person)
                case Typed(text, _):
                    found.update(m[1] for m in map(PERSON.fullmatch, TOKEN.findall(text)) if m)
                case Strong(inner) | Struck(inner) | Quote(inner) | Link(_, inner):
                    found |= people_in([inner])
    return found


def plain_of(spans: Line, people: Mapping[str, str]) -> str:
    """Return how a line reads without markup (a notification, a fallback), people by name."""
    return "".join(_plain(span, people) for span in spans)


def _plain(span: Span, people: Mapping[str, str]) -> str:
    match span:
        case Words(text):
            return emoji(commands(text))
        case Code(text):
            return commands(text)
        case Typed(text, limit):
            shown = text if limit is None else clip_typed(text, limit)
            return from_mrkdwn(TOKEN.sub(lambda t: _plain_token(t[1], people), shown))
        case Strong(inner) | Struck(inner) | Quote(inner):
            return plain_of(inner, people)
        case Mention(person):
            return "@" + people.get(person, "someone")
        case ChannelRef(_):
            return "a channel"
        case When(_, fallback, _) | Day(_, fallback):
            return fallback
        case Link(url, label):
            return plain_of(label, people) or url
    raise TypeError(span)


def _plain_token(inner: str, people: Mapping[str, str]) -> str:
    if person := PERSON.fullmatch(inner):
        return "@" + people.get(person[1], "someone")
    if group := GROUP.fullmatch(inner):
        return "@" + (group[2] or group[1] or "group").strip()
    target, _, label = inner.partition("|")
    return f"{label} ({target})" if label and label != target else target
