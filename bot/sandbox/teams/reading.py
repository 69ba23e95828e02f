"""What a person reads on a Teams post: its markdown as words, its card as lines and buttons.

The Teams shell (shell.py) prints this; the words follow what Teams shows: a mention `<at>Joe
Tran</at>` reads @joe, a `{{DATE(…)}}` reads as a date in the reader's own zone, a channel link
reads #name, and backslash escapes are gone. Each card button reads [Title]; a choice input with
its button reads [⋯ one / two / three], as the Slack shell shows an overflow menu.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import unquote
from zoneinfo import ZoneInfo

Json = dict[str, Any]
NameOf = Callable[[str], str]  # a person's full name → their short name
STAMP = re.compile(r"\{\{(DATE|TIME)\(([^,)]+)(?:,\s*\w+)?\)\}\}")
AT = re.compile(r"<at>(.*?)</at>")
LINK = re.compile(r"\[((?:\\.|[^\]])*)\]\(([^)]*)\)")
CHANNEL_LINK = re.compile(r"https://teams\.microsoft\.com/l/channel/[^/]+/([^?)]+)")
ESCAPED = re.compile(r"\\(.)")
MARKS = re.compile(r"(?<!\\)(\*\*|~~)")


@dataclass(frozen=True)
class Control:
    """One thing a person can press on a card: a button, or one choice of a menu."""

    label: str
    kind: str  # "execute" (Action.Execute), "dialog" (task/fetch), "submit" (plain Submit)
    verb: str | None
    data: Json
    value: str | None  # the item (or poll) number it is for, when it names one
    input_id: str | None = None  # for a menu's choice: its input, and the choice's value
    choice: str | None = None


def words(text: str, *, name_of: NameOf, zone: str) -> str:
    """Return Teams markdown as the words a person reads, dates in `zone`."""
    text = STAMP.sub(lambda m: _stamp(m.group(1), m.group(2), zone), text)
    text = AT.sub(lambda m: "@" + name_of(m.group(1)), text)
    text = LINK.sub(_link, text)
    text = MARKS.sub("", text)
    return ESCAPED.sub(r"\1", text)


def _stamp(kind: str, iso: str, zone: str) -> str:
    try:
        moment = datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone(ZoneInfo(zone))
    except ValueError:
        return iso
    if kind == "DATE":
        return f"{moment:%a %b} {moment.day}"
    return f"{moment:%I:%M %p %Z}".lstrip("0")


def _link(match: re.Match[str]) -> str:
    label, url = match.group(1), match.group(2)
    channel = CHANNEL_LINK.match(url)
    if channel:
        return "#" + unquote(channel.group(1))
    if ESCAPED.sub(r"\1", label) == url or url.startswith("https://teams.microsoft.com/"):
        return label  # Teams' own links open a thread or a chat: their words say which
    return f"{label} <{url}>"


def card_lines(card: Json, *, read: Callable[[str], str]) -> list[str]:
    """Return a card's body and actions as lines, each button row as one line."""
    out: list[str] = []
    for element in [*card.get("body", []), *_actions_row(card.get("actions"))]:
        out += _element_lines(element, read)
    return out


def _actions_row(actions: Any) -> list[Json]:
    return [{"type": "ActionSet", "actions": actions}] if actions else []


def _element_lines(element: Json, read: Callable[[str], str]) -> list[str]:
    kind = element.get("type")
    if kind == "TextBlock":
        return read(str(element.get("text", ""))).splitlines()
    if kind == "FactSet":
        return [f"{read(f['title'])}: {read(f['value'])}" for f in element.get("facts", [])]
    if kind == "Image":
        return [f"🖼  {element.get('altText') or 'a picture'}"]
    if kind == "ActionSet":
        return [" ".join(f"[{a.get('title', '')}]" for a in element.get("actions", []))]
    if kind == "ColumnSet" and _is_picker(element):
        return [_picker_line(element)]
    if kind in {"Input.Text", "Input.Date", "Input.Time", "Input.ChoiceSet", "Input.Number"}:
        return [f"{element.get('label', element.get('id'))}: {element.get('value', '')}"]
    inner = element.get("items") or element.get("columns") or []
    lines: list[str] = []
    for child in inner:
        lines += _element_lines(child, read)
    return [" ".join(lines)] if kind == "ColumnSet" and len(lines) > 1 else lines


def _is_picker(column_set: Json) -> bool:
    columns = column_set.get("columns", [])
    return bool(columns) and any(
        str(item.get("type", "")).startswith("Input.") for item in columns[0].get("items", [])
    )


def _picker_line(column_set: Json) -> str:
    element = column_set["columns"][0]["items"][0]
    if element.get("type") == "Input.ChoiceSet":
        return "[⋯ " + " / ".join(c["title"] for c in element.get("choices", [])) + "]"
    return f"[📅 {element.get('placeholder') or 'a date'}]"


def controls(card: Json) -> Iterator[Control]:
    """Yield every control of a card, in the order Teams shows them."""
    for node in _walk(card):
        if node.get("type") == "ColumnSet" and _is_picker(node):
            yield from _picker_controls(node)
        elif str(node.get("type", "")).startswith("Action."):
            found = _action_control(node)
            if found is not None:
                yield found


def _walk(node: Any) -> Iterator[Json]:
    """Yield a card's elements and actions depth first; a picker is one, its button not apart."""
    if isinstance(node, list):
        for child in node:
            yield from _walk(child)
    elif isinstance(node, dict):
        yield node
        if node.get("type") == "ColumnSet" and _is_picker(node):
            return
        for key in ("body", "items", "columns", "actions"):
            yield from _walk(node.get(key))


def _action_control(action: Json) -> Control | None:
    given = action.get("data")
    data: Json = given if isinstance(given, dict) else {}
    label = str(action.get("title", ""))
    if action.get("type") == "Action.Execute":
        return Control(label, "execute", action.get("verb"), data, _number(data.get("value")))
    if action.get("type") != "Action.Submit":
        return None
    if (data.get("msteams") or {}).get("type") == "task/fetch":
        return Control(label, "dialog", data.get("verb"), data, _number(data.get("value")))
    return Control(label, "submit", None, data, None)


def _picker_controls(column_set: Json) -> Iterator[Control]:
    element = column_set["columns"][0]["items"][0]
    go = column_set["columns"][1]["items"][0]["actions"][0]
    data = go.get("data") or {}
    number = _number(data.get("block"))
    for choice in element.get("choices", []):
        value = str(choice.get("value"))
        yield Control(
            str(choice.get("title")),
            "execute",
            go.get("verb"),
            data,
            number or _number(value),
            input_id=str(element.get("id")),
            choice=value,
        )


def _number(value: Any) -> str | None:
    """Return the number a control's value names (`3`, `3:tomorrow`, `home_item:3`), if any."""
    found = re.search(r"(?:^|:)(\d+)(?::|$)", str(value or ""))
    return found.group(1) if found else None
