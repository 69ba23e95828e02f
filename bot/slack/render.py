"""Block Kit from neutral messages: the one place that writes Slack's markup.

Every span becomes mrkdwn here. Text a person typed (`Typed`) goes through `neutralise`, so it
can never ping a group or disguise a link, and Backbone's own words (`Words`) are escaped as
Slack asks (`&`, `<`, `>`); only this module writes mentions, channel links, `<!date^…>` and
links. Sections and context are cut to Slack's limits without breaking a token (`bot.clip`).
"""

from __future__ import annotations

from typing import Any

from bot.clip import clip
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
from bot.neutral import neutralise

Json = dict[str, Any]
SECTION_LIMIT = 3000  # a section's text, and a context element's
FIELD_LIMIT = 2000  # one of a section's fields
MAX_HOME_BLOCKS = 100
DATE_FORMAT = "{date_short_pretty} at {time}"


def mrkdwn_of(spans: Line) -> str:
    """Return a line as Slack mrkdwn."""
    return "".join(_span(span) for span in spans)


def _span(span: Span) -> str:
    match span:
        case Words(text):
            return escape(text)
        case Typed(text, limit):
            return neutralise(text if limit is None else clip(text, limit))
        case Strong(inner):
            return f"*{mrkdwn_of(inner)}*"
        case Struck(inner):
            return f"~{mrkdwn_of(inner)}~"
        case Code(text):
            return f"`{escape(text)}`"
        case Mention(person):
            return f"<@{_id(person)}>"
        case ChannelRef(channel):
            return f"<#{_id(channel)}>"
        case When(at, fallback, all_day):
            if all_day:
                return escape(fallback)
            return f"<!date^{int(at.timestamp())}^{DATE_FORMAT}|{_label(fallback)}>"
        case Day(at, fallback):
            return f"<!date^{int(at.timestamp())}^{{date_short}}|{_label(fallback)}>"
        case Link(url, label):
            shown = mrkdwn_of(label)
            target = _address(url)
            return f"<{target}|{shown.replace('|', '¦')}>" if shown else f"<{target}>"
        case Quote(inner):
            return "> " + mrkdwn_of(inner).replace("\n", "\n> ")
    raise TypeError(span)


def escape(text: str) -> str:
    """Escape the three characters Slack reads as markup in mrkdwn."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _label(text: str) -> str:
    return escape(text).replace("|", "¦")


def _id(platform_id: str) -> str:
    """Keep an id from closing or splitting the token it sits in."""
    return "".join(char for char in platform_id if char not in "<>|&")


def _address(url: str) -> str:
    return url.replace("<", "%3C").replace(">", "%3E").replace("|", "%7C").replace(" ", "%20")


def plain_text(text: str) -> Json:
    """Return a plain_text object (labels, titles, headers), emoji allowed."""
    return {"type": "plain_text", "text": text, "emoji": True}


def render_message(message: Message) -> Json:
    """Return a message's `text` and `blocks` as chat.postMessage takes them."""
    return {"text": mrkdwn_of(message.text), "blocks": render_parts(message.parts)}


def metadata_of(message: Message) -> Json | None:
    """Return the message metadata Slack keeps with a post, or None."""
    if message.tag is None:
        return None
    return {"event_type": message.tag.kind, "event_payload": dict(message.tag.values)}


def render_parts(parts: tuple[Part, ...] | list[Part]) -> list[Json]:
    """Return the blocks of some parts, in order (a listing may take two)."""
    blocks: list[Json] = []
    for part in parts:
        blocks += _listing(part) if isinstance(part, Listing) else [render_part(part)]
    return blocks


def _listing(listing: Listing) -> list[Json]:
    """Return the whole lines that fit in one section, and how many more there are."""
    shown: list[str] = []
    for one in listing.lines[: listing.most]:
        text = mrkdwn_of(one)
        if sum(len(kept) + 1 for kept in shown) + len(text) > SECTION_LIMIT:
            break
        shown.append(text)
    blocks = [_section("\n".join(shown), None, None)]
    total = len(listing.lines) if listing.total is None else listing.total
    if total > len(shown):
        more = f"…and {total - len(shown)} more"
        blocks.append({"type": "context", "elements": [_mrkdwn(escape(more), SECTION_LIMIT)]})
    return blocks


def render_part(part: Part) -> Json:
    """Return one part as a block."""
    match part:
        case Heading(text):
            return {"type": "header", "text": plain_text(text)}
        case Paragraph(lines, beside, key):
            return _section("\n".join(mrkdwn_of(one) for one in lines), beside, key)
        case Note(one):
            return {"type": "context", "elements": [_mrkdwn(mrkdwn_of(one), SECTION_LIMIT)]}
        case Facts(pairs):
            fields = [
                _mrkdwn(f"*{escape(label)}*\n{mrkdwn_of(value)}", FIELD_LIMIT)
                for label, value in pairs
            ]
            return {"type": "section", "fields": fields}
        case Controls(controls, key):
            block: Json = {"type": "actions"}
            if key:
                block["block_id"] = key
            block["elements"] = [render_control(control) for control in controls]
            return block
        case Picture(url, alt, title):
            image: Json = {"type": "image", "image_url": url, "alt_text": alt}
            if title:
                image["title"] = plain_text(title)
            return image
        case Rule():
            return {"type": "divider"}
        case Listing():
            raise TypeError("a listing may take two blocks: render it with render_parts")
    raise TypeError(part)


def _mrkdwn(text: str, limit: int) -> Json:
    return {"type": "mrkdwn", "text": clip(text, limit)}


def _section(text: str, beside: Button | None, key: str | None) -> Json:
    block: Json = {"type": "section", "text": _mrkdwn(text, SECTION_LIMIT)}
    if key:
        block["block_id"] = key
    if beside is not None:
        block["accessory"] = render_control(beside)
    return block


def render_control(control: Control) -> Json:
    """Return a button, an overflow menu or a date picker."""
    match control:
        case Button(label, action, value, style):
            element: Json = {
                "type": "button",
                "text": plain_text(label),
                "action_id": action,
                "value": value,
            }
            if style:
                element["style"] = style
            return element
        case Menu(action, options):
            return {"type": "overflow", "action_id": action, "options": _options(options, False)}
        case DatePick(action, placeholder, initial):
            picker: Json = {
                "type": "datepicker",
                "action_id": action,
                "placeholder": plain_text(placeholder),
            }
            if initial is not None:
                picker["initial_date"] = initial.isoformat()
            return picker
    raise TypeError(control)


def _options(options: tuple[Option, ...], emoji: bool) -> list[Json]:
    shown = [{"type": "plain_text", "text": option.label} for option in options]
    if emoji:
        shown = [plain_text(option.label) for option in options]
    return [
        {"text": text, "value": option.value} for text, option in zip(shown, options, strict=True)
    ]


def render_form(form: Form) -> Json:
    """Return a form as a modal view."""
    view: Json = {"type": "modal", "callback_id": form.key, "title": plain_text(form.title)}
    if form.submit:
        view["submit"] = plain_text(form.submit)
    view["close"] = plain_text(form.close)
    if form.state:
        view["private_metadata"] = form.state
    view["blocks"] = [_form_item(item) for item in form.items]
    return view


def render_home(page: HomePage) -> Json:
    """Return a Home tab view (Slack shows at most 100 blocks)."""
    return {"type": "home", "blocks": render_parts(page.parts)[:MAX_HOME_BLOCKS]}


def _form_item(item: Part | Field) -> Json:
    if isinstance(
        item, TextField | PeopleField | DateField | TimeField | ChannelField | ChoiceField
    ):
        return render_field(item)
    return render_part(item)


def render_field(field: Field) -> Json:
    """Return one field of a form as an input block."""
    block: Json = {
        "type": "input",
        "block_id": field.key,
        "label": plain_text(field.label),
        "element": {**_element(field), "action_id": _action_of(field)},
    }
    if field.optional:
        block["optional"] = True
    if field.hint:
        block["hint"] = plain_text(field.hint)
    return block


def _action_of(field: Field) -> str:
    if isinstance(field, DateField) and field.action:
        return field.action
    return field.key


def _element(field: Field) -> Json:
    match field:
        case TextField():
            element: Json = {"type": "plain_text_input"}
            if field.multiline:
                element["multiline"] = True
            if field.max_length is not None:
                element["max_length"] = field.max_length
            if field.initial:
                element["initial_value"] = field.initial
        case PeopleField():
            element = {"type": "multi_users_select"}
            if field.initial:
                element["initial_users"] = list(field.initial)
        case DateField():
            element = {"type": "datepicker"}
            if field.initial is not None:
                element["initial_date"] = field.initial.isoformat()
        case TimeField():
            element = {"type": "timepicker"}
            if field.initial is not None:
                element["initial_time"] = field.initial.strftime("%H:%M")
        case ChannelField():
            element = {
                "type": "conversations_select",
                "filter": {"include": ["public", "private"], "exclude_bot_users": True},
            }
        case ChoiceField():
            element = {"type": "static_select", "options": _options(field.options, True)}
            chosen = [o for o in field.options if o.value == field.initial]
            if chosen:
                element["initial_option"] = _options((chosen[0],), True)[0]
    if field.placeholder:
        element["placeholder"] = plain_text(field.placeholder)
    return element
