"""The parts a message, a form and a Home page are made of, and the controls people press.

Each part says what it is for, not how a platform draws it: a `Paragraph` of lines (with one
control beside it), a small `Note`, `Facts` as label and value, a row of `Controls`, a `Picture`.
Ids (`action`, `key`) are members of the StrEnums in `bot/ids.py`, or built from them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, time

from bot.messages.spans import Line, Style


@dataclass(frozen=True)
class Button:
    """A button: pressing it sends `action` with `value`."""

    label: str
    action: str
    value: str
    style: Style | None = None


@dataclass(frozen=True)
class Option:
    """One choice of a menu or a select."""

    label: str
    value: str


@dataclass(frozen=True)
class Menu:
    """A small menu of choices ("…"); picking one sends `action` with the option's value."""

    action: str
    options: tuple[Option, ...]


@dataclass(frozen=True)
class DatePick:
    """A date picker in a message; picking a day sends `action` with it."""

    action: str
    placeholder: str
    initial: date | None = None


Control = Button | Menu | DatePick


@dataclass(frozen=True)
class Heading:
    """A short heading in Backbone's own words."""

    text: str


@dataclass(frozen=True)
class Paragraph:
    """Lines of text, one below the other, with an optional control beside them."""

    lines: tuple[Line, ...]
    beside: Button | None = None
    key: str | None = None


@dataclass(frozen=True)
class Note:
    """A line of small print under what matters."""

    line: Line


@dataclass(frozen=True)
class Facts:
    """Labelled values, shown side by side where the platform can."""

    pairs: tuple[tuple[str, Line], ...]


@dataclass(frozen=True)
class Controls:
    """A row of controls; `key` names the row (the platform hands it back with a press)."""

    controls: tuple[Control, ...]
    key: str | None = None


@dataclass(frozen=True)
class Picture:
    """An image at a public `url`, with words for people who cannot see it."""

    url: str
    alt: str
    title: str | None = None


@dataclass(frozen=True)
class Rule:
    """A line between groups."""


@dataclass(frozen=True)
class Listing:
    """Lines in one group, up to `most`: as many whole ones as the platform fits, then a note
    "…and N more" for the rest. `total` is how many the group holds when `lines` are only its
    first ones (None: `lines` are all of it)."""

    lines: tuple[Line, ...]
    most: int
    total: int | None = None


Part = Heading | Paragraph | Note | Facts | Controls | Picture | Rule | Listing


@dataclass(frozen=True)
class Message:
    """A message: its parts, and `text`, the plain words that say the same (notifications,
    screen readers, exports). `tag` is data the platform keeps with the post, to find it again.
    """

    text: Line
    parts: tuple[Part, ...]
    tag: Tag | None = None


@dataclass(frozen=True)
class Tag:
    """What a post is, kept with it by the platform (Slack's message metadata)."""

    kind: str
    values: Mapping[str, str | int] = field(default_factory=dict)


@dataclass(frozen=True)
class TextField:
    """A text box."""

    key: str
    label: str
    initial: str = ""
    multiline: bool = False
    max_length: int | None = None
    placeholder: str | None = None
    optional: bool = False
    hint: str | None = None


@dataclass(frozen=True)
class PeopleField:
    """Pick one or more people."""

    key: str
    label: str
    initial: tuple[str, ...] = ()
    placeholder: str | None = None
    optional: bool = False
    hint: str | None = None


@dataclass(frozen=True)
class DateField:
    """Pick a day (`action` names the picker when it differs from the field's `key`)."""

    key: str
    label: str
    initial: date | None = None
    placeholder: str | None = None
    optional: bool = False
    hint: str | None = None
    action: str | None = None


@dataclass(frozen=True)
class TimeField:
    """Pick a time of day."""

    key: str
    label: str
    initial: time | None = None
    placeholder: str | None = None
    optional: bool = False
    hint: str | None = None


@dataclass(frozen=True)
class ChannelField:
    """Pick a channel (public or private, never a DM)."""

    key: str
    label: str
    placeholder: str | None = None
    optional: bool = False
    hint: str | None = None


@dataclass(frozen=True)
class ChoiceField:
    """Pick one of some options."""

    key: str
    label: str
    options: tuple[Option, ...]
    initial: str | None = None
    placeholder: str | None = None
    optional: bool = False
    hint: str | None = None


Field = TextField | PeopleField | DateField | TimeField | ChannelField | ChoiceField


@dataclass(frozen=True)
class Form:
    """A form to fill in: `key` says which form, `state` rides along to its submission.

    Without `submit` the form only shows something and closes with `close`.
    """

    key: str
    title: str
    items: tuple[Part | Field, ...]
    submit: str | None = None
    close: str = "Cancel"
    state: str = ""


@dataclass(frozen=True)
class HomePage:
    """What a person sees on Backbone's Home."""

    parts: tuple[Part, ...]
