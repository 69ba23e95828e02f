"""What a person typed in Teams, in the words the core reads.

Teams sends a message's text as a little HTML (`<p>`, `<br>`, `&nbsp;`, `<a href>`, lists) with
each mention written `<at>Name</at>` and described by a `mention` entity. The core reads text
as Slack writes it: `&`, `<` and `>` escaped, people as `<@id>`, group pings as `<!channel>`,
links as `<url|label>`. So Backbone's own mention goes, a person's becomes `<@29:…>`, a
channel's, team's or tag's becomes `<!channel>` (refused as an owner, as on Slack), and the
HTML becomes the plain lines the person saw. Anything typed that looks like markup stays text:
a typed `<@29:…>` or `<!channel>` arrives from Teams as `&lt;…&gt;` and is escaped again here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from bot.ids import PERSON_ID

# Tags that end a line where Teams shows them.
BREAKS = frozenset({"br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "pre"})
BREAKS_AFTER = frozenset({"p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "pre"})
# Tags whose content a person never reads as words.
HIDDEN = frozenset({"script", "style", "head", "title"})
GROUP = "<!channel>"
PERSON = re.compile(PERSON_ID)
SPACES = re.compile(r"[ \t\u00a0\u2007\u202f]+")
BLANK_LINES = re.compile(r"\n{3,}")


@dataclass(frozen=True)
class Mentioned:
    """One `mention` entity: who or what it names, and the words Teams showed for it."""

    id: str
    name: str
    group: bool  # a channel, a team or a tag


def mentions_of(activity: dict[str, Any]) -> list[Mentioned]:
    """Return an activity's mention entities, in order."""
    found = []
    for entity in activity.get("entities") or []:
        if not isinstance(entity, dict) or entity.get("type") != "mention":
            continue
        mentioned = entity.get("mentioned") or {}
        identity = str(mentioned.get("conversationIdentityType") or mentioned.get("type") or "")
        ident = str(mentioned.get("id") or "")
        group = identity in {"channel", "team", "tag"} or ident.startswith("19:")
        found.append(Mentioned(ident, _inner_text(entity, mentioned), group))
    return found


def _inner_text(entity: dict[str, Any], mentioned: dict[str, Any]) -> str:
    """Return the words between an entity's `<at>` tags (or the name it carries)."""
    parser = _Plain()
    parser.feed(str(entity.get("text") or ""))
    parser.close()
    return " ".join(parser.words().split()) or str(mentioned.get("name") or "")


def core_text(activity: dict[str, Any], *, bot_id: str) -> str:
    """Return a message's text as the core reads it (see the module docstring)."""
    reader = _Reader(mentions_of(activity), bot_id=bot_id)
    reader.feed(str(activity.get("text") or ""))
    reader.close()
    return reader.result()


def mentions_bot(activity: dict[str, Any], *, bot_id: str) -> bool:
    """Tell whether a message mentions Backbone itself."""
    return any(m.id == bot_id for m in mentions_of(activity))


class _Plain(HTMLParser):
    """Collect the words of a little HTML, entities read."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def words(self) -> str:
        return "".join(self.parts)


@dataclass
class _Mention:
    words: list[str] = field(default_factory=list)


class _Reader(HTMLParser):
    """Walk a message's HTML once, writing the core's text as it goes."""

    def __init__(self, mentions: list[Mentioned], *, bot_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.mentions, self.bot_id = list(mentions), bot_id
        self.out: list[str] = []
        self.open_mention: _Mention | None = None
        self.link: tuple[str, list[str]] | None = None
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in HIDDEN:
            self.hidden += 1
        elif tag == "at":
            self.open_mention = _Mention()
        elif tag == "br":
            self.out.append("\n")
        elif tag in BREAKS:
            self._break()
            if tag == "li":
                self.out.append("- ")
        elif tag == "a":
            self.link = (dict(attrs).get("href") or "", [])
        elif tag in {"img", "emoji"}:
            self.handle_data(dict(attrs).get("alt") or "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"at", "a"} or tag in HIDDEN:
            return  # an empty mention or link says nothing
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN:
            self.hidden = max(self.hidden - 1, 0)
        elif tag == "at" and self.open_mention is not None:
            said, self.open_mention = " ".join("".join(self.open_mention.words).split()), None
            self._write(self._mention(said))
        elif tag == "a" and self.link is not None:
            (href, words), self.link = self.link, None
            self._write(_link(href, "".join(words)))
        elif tag in BREAKS_AFTER:
            self._break()

    def _break(self) -> None:
        """End the line, unless it just ended: a block's end and the next one's start are one."""
        if self.out and not self.out[-1].endswith("\n"):
            self.out.append("\n")

    def handle_data(self, data: str) -> None:
        if self.hidden:
            return
        if self.open_mention is not None:
            self.open_mention.words.append(data)
        elif self.link is not None:
            self.link[1].append(data)
        else:
            self.out.append(_escape(data))

    def _write(self, core: str) -> None:
        if self.link is not None and self.open_mention is None:
            self.link[1].append(core)
        else:
            self.out.append(core)

    def _mention(self, said: str) -> str:
        """Return a mention in the core's words, taking the entity it stands for."""
        entity = self._take(said)
        if entity is None:
            return _escape(said)  # no entity says who: only the words stay
        if entity.id == self.bot_id:
            return ""
        if entity.group:
            return GROUP
        if PERSON.fullmatch(entity.id):
            return f"<@{entity.id}>"
        return _escape(said)  # another app: its name as words

    def _take(self, said: str) -> Mentioned | None:
        """Take the first unused entity whose words match; else the next one in order."""
        for at, entity in enumerate(self.mentions):
            if entity.name == said:
                return self.mentions.pop(at)
        return self.mentions.pop(0) if self.mentions and not said else None

    def result(self) -> str:
        """Return the collected text: one space between words, lines trimmed, no blank runs."""
        lines = [SPACES.sub(" ", piece).strip() for piece in "".join(self.out).split("\n")]
        return BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def _escape(text: str) -> str:
    """Escape what the core would read as markup, as Slack does with what people type."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _link(href: str, label: str) -> str:
    """Return a link as the core reads it: `<url>` or `<url|label>`; else just the words."""
    if not re.fullmatch(r"(?:https?|mailto|tel):[^\s<>|]+", href):
        return label
    shown, href = _escape(label.strip()), href.replace("&", "&amp;")
    if not shown or shown in {href, href.removeprefix("mailto:"), href.removeprefix("tel:")}:
        return f"<{href}>"
    return f"<{href}|{shown}>"
