"""Adaptive Cards (1.5) and Teams activities from neutral messages, forms and Home pages.

The contract with the invoke handlers: a `Button` is an `Action.Execute` whose `verb` is its
action and whose data is `{"value": …}`, except the presses in `bot.ids.OPENS_FORM`, which are
`Action.Submit` with `{"msteams": {"type": "task/fetch"}, "verb": …, "value": …}` because Teams
opens a dialog only from a task/fetch. A `Menu` or `DatePick` is an input whose `id` is its action
with an `Action.Execute` (verb = action, data `{"menu": action}`) beside it; a form's inputs have
the field's key as `id`, and its submit button carries `{"form": key, "state": state}`. A row's
`key` rides along as `data["block"]`. Every card stays under Teams' 28 KB: a listing says
"…and N more" as on Slack, and parts that do not fit are left out with a note saying so.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import time
from typing import Any

from bot.ids import OPENS_FORM
from bot.messages.parts import (
    Button,
    ChannelField,
    ChoiceField,
    Control,
    Controls,
    DateField,
    DatePick,
    Facts,
    Field,
    Form,
    Heading,
    HomePage,
    Listing,
    Menu,
    Message,
    Note,
    Option,
    Paragraph,
    Part,
    PeopleField,
    Picture,
    Rule,
    TextField,
    TimeField,
)
from bot.messages.spans import Line
from bot.teams.spans import Writer, clip, escape, people_in, plain_of

Json = dict[str, Any]
CARD = "application/vnd.microsoft.card.adaptive"
SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
VERSION = "1.5"
MAX_BYTES = 28_000  # Teams refuses a message over about 28 KB
CARD_BUDGET = 25_000  # the card's share: its mentions and the activity around it need the rest
TEXT_LIMIT = 3_000  # one block of text, as Slack's section
TEXT_BYTES = 24_000  # a message of text alone, in bytes (its mentions need the rest)
SUMMARY_LIMIT = 300  # the words a notification shows, and the card's fallback
LISTING_LIMIT = 8_000  # the text of one listing
STYLES = {"primary": "positive", "danger": "destructive"}
RULE: Json = {"type": "rule"}  # a marker `ruled` turns into a separator
PEOPLE_QUERY = {"type": "Data.Query", "dataset": "graph.microsoft.com/users"}


def lines_of(parts: Iterable[Part | Field]) -> list[Line]:
    """Return every line of some parts (to learn whom they mention)."""
    found: list[Line] = []
    for part in parts:
        match part:
            case Paragraph(lines, _, _) | Listing(lines, _, _):
                found += lines
            case Note(one):
                found.append(one)
            case Facts(pairs):
                found += [value for _, value in pairs]
    return found


def people_of(message: Message | HomePage | Form) -> set[str]:
    """Return everyone a message, a Home page or a form mentions (their names are needed)."""
    parts = message.items if isinstance(message, Form) else message.parts
    lines = lines_of(parts)
    if isinstance(message, Message):
        lines.append(message.text)
    found = people_in(lines)
    if isinstance(message, Form):
        found.update(p for f in message.items if isinstance(f, PeopleField) for p in f.initial)
    return found


def render_message(message: Message, writer: Writer) -> Json:
    """Return a message as a Teams activity: plain text, or an Adaptive Card with its summary."""
    summary = shortened(plain_of(message.text, writer.people), SUMMARY_LIMIT)
    if not message.parts:
        return text_activity(writer.line(message.text), writer)
    card = render_card(message.parts, writer, fallback=summary)
    return {"type": "message", "summary": summary, "attachments": [attachment(card)]}


def text_activity(text: str, writer: Writer) -> Json:
    """Return a message of Teams markdown alone, cut to Teams' size, with its mentions."""
    while len(text.encode()) > TEXT_BYTES:
        text = clip(text, len(text) * 3 // 4)
    activity: Json = {"type": "message", "text": text, "textFormat": "markdown"}
    if entities := [e for e in writer.entities() if str(e["text"]) in text]:
        activity["entities"] = entities
    return activity


def shortened(text: str, limit: int) -> str:
    """Return plain words cut to `limit` characters, with … when cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def attachment(card: Json) -> Json:
    """Return a card as a message attachment."""
    return {"contentType": CARD, "content": card}


def render_home(page: HomePage, writer: Writer) -> Json:
    """Return a person's Home as one card."""
    return render_card(page.parts, writer, fallback="Your Backbone Home")


def render_card(parts: Iterable[Part], writer: Writer, *, fallback: str = "") -> Json:
    """Return parts as an Adaptive Card, cut to fit Teams' message size."""
    body: list[Json] = []
    for part in parts:
        body += render_part(part, writer)
    return card_of(ruled(body), writer, fallback)


def ruled(body: list[Json]) -> list[Json]:
    """Turn each rule into a separator above the element after it."""
    out: list[Json] = []
    rule = False
    for element in body:
        if element is RULE:
            rule = bool(out)
            continue
        out.append(element | {"separator": True, "spacing": "Medium"} if rule else element)
        rule = False
    return out


def card_of(
    body: list[Json], writer: Writer, fallback: str, actions: list[Json] | None = None
) -> Json:
    """Return an Adaptive Card of a body, cut to fit, with the mentions left in it."""
    card: Json = {"type": "AdaptiveCard", "$schema": SCHEMA, "version": VERSION, "body": body}
    if actions:
        card["actions"] = actions
    if fallback:
        card["fallbackText"] = shortened(fallback, SUMMARY_LIMIT)  # plain words, as they are
    card["msteams"] = {"width": "Full"}
    card = fit(card)
    written = json.dumps(card["body"], ensure_ascii=False)
    # Only the mentions still in the card: an entity whose text was cut is refused.
    entities = [e for e in writer.entities() if json.dumps(e["text"])[1:-1] in written]
    if entities:
        card["msteams"]["entities"] = entities
    return card


def size_of(value: Json) -> int:
    """Return how many bytes Teams counts for a card or an activity."""
    return len(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode())


def fit(card: Json) -> Json:
    """Leave out the last parts of a card until it fits, saying how many were left out."""
    body = list(card["body"])
    left_out = 0
    while body and size_of(card) > CARD_BUDGET:
        body.pop()
        left_out += 1
        card["body"] = [*body, _more(left_out, "part")]
    return card


def _more(count: int, what: str) -> Json:
    words = f"…and {count} more"
    if what != "line":
        words += ", too long for one Teams message"
    return text_block(escape(words), subtle=True)


def text_block(text: str, *, subtle: bool = False, **extra: Any) -> Json:
    """Return a wrapping TextBlock of Teams markdown (cut to one block's limit)."""
    block: Json = {"type": "TextBlock", "text": clip(text, TEXT_LIMIT), "wrap": True}
    if subtle:
        block |= {"isSubtle": True, "size": "Small"}
    return block | extra


def render_part(part: Part, writer: Writer) -> list[Json]:
    """Return one part as card elements (most parts are one)."""
    match part:
        case Heading(text):
            return [text_block(escape(text), size="Large", weight="Bolder", style="heading")]
        case Paragraph(lines, beside, key):
            return [_paragraph(lines, beside, key, writer)]
        case Note(one):
            return [text_block(writer.line(one), subtle=True)]
        case Facts(pairs):
            facts = [{"title": escape(label), "value": clip(writer.line(value), TEXT_LIMIT)}
                     for label, value in pairs]  # fmt: skip
            return [{"type": "FactSet", "facts": facts}] if facts else []
        case Controls(controls, key):
            return _controls(controls, key, writer)
        case Picture(url, alt, title):
            image: Json = {"type": "Image", "url": url, "altText": alt, "size": "Stretch"}
            return [text_block(escape(title), weight="Bolder"), image] if title else [image]
        case Rule():
            return [RULE]
        case Listing(lines, most, total):
            return _listing(lines, most, total, writer)
    raise TypeError(part)


def _paragraph(
    lines: tuple[Line, ...], beside: Button | None, key: str | None, writer: Writer
) -> Json:
    text = _blocks(lines, writer)
    if beside is None:
        return text
    column: Json = {"type": "Column", "width": "auto", "verticalContentAlignment": "Center"}
    column["items"] = [{"type": "ActionSet", "actions": [button(beside, key)]}]
    return {"type": "ColumnSet", "columns": [
        {"type": "Column", "width": "stretch", "items": [text]}, column]}  # fmt: skip


def _blocks(lines: tuple[Line, ...], writer: Writer) -> Json:
    """Return lines as one container, one TextBlock a line (Teams keeps the breaks)."""
    blocks = [text_block(writer.line(one), spacing="None") for one in lines]
    return {"type": "Container", "items": blocks or [text_block(" ")]}


def _listing(lines: tuple[Line, ...], most: int, total: int | None, writer: Writer) -> list[Json]:
    """Return the whole lines that fit in a listing's share, and how many more there are."""
    shown: list[Json] = []
    used = 0
    for one in lines[:most]:
        block = text_block(writer.line(one), spacing="None")
        if used + len(block["text"]) > LISTING_LIMIT:
            break
        shown.append(block)
        used += len(block["text"])
    count = len(lines) if total is None else total
    if count > len(shown):
        shown.append(_more(count - len(shown), "line"))
    return [{"type": "Container", "items": shown or [text_block(" ")]}]


def _controls(controls: tuple[Control, ...], key: str | None, writer: Writer) -> list[Json]:
    elements: list[Json] = []
    buttons: list[Json] = []
    for control in controls:
        match control:
            case Button():
                buttons.append(button(control, key))
            case Menu(action, options):
                menu = _choices(writer.input_id(action), options, None, None)
                elements.append(_picker(menu, action, key, "Choose"))
            case DatePick(action, placeholder, initial):
                picker: Json = {"type": "Input.Date", "id": writer.input_id(action)}
                picker["placeholder"] = placeholder
                if initial is not None:
                    picker["value"] = initial.isoformat()
                elements.append(_picker(picker, action, key, "Set"))
    if buttons:
        elements.insert(0, {"type": "ActionSet", "actions": buttons})
    return elements


def _picker(element: Json, action: str, key: str | None, label: str) -> Json:
    """Return an input with the button that sends its choice (`data["menu"]` names the input)."""
    data: Json = {"menu": element["id"]}
    if key:
        data["block"] = key
    go = {"type": "Action.Execute", "title": label, "verb": action, "data": data}
    return {"type": "ColumnSet", "columns": [
        {"type": "Column", "width": "stretch", "items": [element]},
        {"type": "Column", "width": "auto", "items": [{"type": "ActionSet", "actions": [go]}]},
    ]}  # fmt: skip


def button(control: Button, key: str | None = None) -> Json:
    """Return a button: Action.Execute, or a task/fetch Submit for presses that open a form."""
    if control.action in OPENS_FORM:
        data: Json = {"msteams": {"type": "task/fetch"}, "verb": control.action}
        data["value"] = control.value
        action: Json = {"type": "Action.Submit", "title": control.label, "data": data}
    else:
        data = {"value": control.value}
        action = {"type": "Action.Execute", "title": control.label, "verb": control.action}
        action["data"] = data
    if key:
        data["block"] = key
    if control.style:
        action["style"] = STYLES[control.style]
    return action


def _choices(
    key: str, options: tuple[Option, ...], initial: str | None, placeholder: str | None
) -> Json:
    choices = [{"title": option.label, "value": option.value} for option in options]
    element: Json = {"type": "Input.ChoiceSet", "id": key, "choices": choices, "style": "compact"}
    if initial is not None and any(option.value == initial for option in options):
        element["value"] = initial
    if placeholder:
        element["placeholder"] = placeholder
    return element


def render_form(form: Form, writer: Writer) -> Json:
    """Return a form as a dialog (task module) answering a task/fetch or task/submit.

    Teams draws a dialog's own close button, so `form.close` has no place in it.
    """
    body: list[Json] = []
    for item in form.items:
        body += render_field(item, writer) if _is_field(item) else render_part(item, writer)  # type: ignore[arg-type]
    actions = None
    if form.submit:
        submit = {"type": "Action.Submit", "title": form.submit,
                  "data": {"form": form.key, "state": form.state}}  # fmt: skip
        actions = [submit]
    card = card_of(ruled(body), writer, "", actions)
    return {"task": {"type": "continue", "value": {"title": form.title, "card": attachment(card)}}}


def _is_field(item: object) -> bool:
    return isinstance(
        item, TextField | PeopleField | DateField | TimeField | ChannelField | ChoiceField
    )


def render_field(field: Field, writer: Writer) -> list[Json]:
    """Return a form's field as its input (and its hint under it)."""
    element = _input(field, writer) | {"id": field.key, "label": field.label}
    if not field.optional:
        element |= {"isRequired": True, "errorMessage": f"Please fill in {field.label.lower()}."}
    if field.placeholder and element["type"] != "Input.ChoiceSet":
        element["placeholder"] = field.placeholder
    elif field.placeholder:
        element.setdefault("placeholder", field.placeholder)
    hint = [text_block(escape(field.hint), subtle=True, spacing="Small")] if field.hint else []
    return [element, *hint]


def _input(field: Field, writer: Writer) -> Json:
    match field:
        case TextField():
            element: Json = {"type": "Input.Text"}
            if field.multiline:
                element["isMultiline"] = True
            if field.max_length is not None:
                element["maxLength"] = field.max_length
            if field.initial:
                element["value"] = field.initial
            return element
        case PeopleField():
            return _people(field.initial, writer.people)
        case DateField():
            return {"type": "Input.Date"} | (
                {"value": field.initial.isoformat()} if field.initial else {}
            )
        case TimeField():
            return {"type": "Input.Time"} | (
                {"value": _hhmm(field.initial)} if field.initial else {}
            )
        case ChannelField():
            options = tuple(
                Option(name, cid)
                for cid, name in sorted(writer.channels.items(), key=lambda c: c[1])
            )
            return _choices(field.key, options, None, None)
        case ChoiceField():
            return _choices(field.key, field.options, field.initial, None)
    raise TypeError(field)


def _people(initial: tuple[str, ...], names: Mapping[str, str]) -> Json:
    """Teams' people picker; the people already chosen are offered by name."""
    element: Json = {"type": "Input.ChoiceSet", "isMultiSelect": True, "style": "compact"}
    element["choices"] = [{"title": names.get(p, "someone"), "value": p} for p in initial]
    element["choices.data"] = PEOPLE_QUERY
    if initial:
        element["value"] = ",".join(initial)
    return element


def _hhmm(moment: time) -> str:
    return moment.strftime("%H:%M")
