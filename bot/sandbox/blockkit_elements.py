"""Slack's documented limits for Block Kit elements and composition objects.

Each check sits next to the reference page that states it. Problems use Slack's wording:
`[ERROR] must be less than 76 characters [json-pointer:/blocks/0/elements/0/text/text]`.
"""

from __future__ import annotations

from typing import Any

Json = dict[str, Any]
_STATIC_MENUS = {"static_select", "multi_static_select"}
# https://docs.slack.dev/reference/block-kit/block-elements/overflow-menu-element: "Maximum
# number of options is 5, minimum is 1"; radio-button-group-element and checkboxes-element:
# "A maximum of 10 options are allowed"; select-menu-element (static): "Maximum number of
# options is 100".
_OPTION_COUNTS = {
    "overflow": (1, 5),
    "radio_buttons": (1, 10),
    "checkboxes": (1, 10),
    "static_select": (0, 100),
    "multi_static_select": (0, 100),
}
# https://docs.slack.dev/reference/block-kit/block-elements/plain-text-input-element:
# max_length "between 1 and 3000, inclusive"; min_length "between 0 and 3000, inclusive".
MAX_INPUT_LENGTH = 3000


def too_long(value: object, limit: int, pointer: str) -> list[str]:
    """Return Slack's complaint when a string is over `limit` characters."""
    if isinstance(value, str) and len(value) > limit:
        return [f"[ERROR] must be less than {limit + 1} characters [json-pointer:{pointer}]"]
    return []


def text_problems(obj: object, at: str, limit: int, *, plain_only: bool = False) -> list[str]:
    """Return what a text object breaks: its type, and a text of 1 to `limit` characters.

    https://docs.slack.dev/reference/block-kit/composition-objects/text-object: "The minimum
    length is 1 and maximum length is 3000 characters"; the containing field may allow less.
    """
    allowed = ("plain_text",) if plain_only else ("plain_text", "mrkdwn")
    if not isinstance(obj, dict) or obj.get("type") not in allowed:
        return [f"[ERROR] must be a text object of type {' or '.join(allowed)} [json-pointer:{at}]"]
    text = obj.get("text")
    if not isinstance(text, str):
        return [f"[ERROR] missing required field: text [json-pointer:{at}]"]
    if not text:
        return [f"[ERROR] must be more than 0 characters [json-pointer:{at}/text]"]
    return too_long(text, limit, f"{at}/text")


def element_problems(element: object, at: str) -> list[str]:
    """Return the limits an interactive element (button, select, input...) breaks."""
    if not isinstance(element, dict) or not isinstance(element.get("type"), str):
        return [f"[ERROR] missing required field: type [json-pointer:{at}]"]
    # action_id: "Maximum length is 255 characters" (every element's reference page).
    problems = too_long(element.get("action_id"), 255, f"{at}/action_id")
    if "placeholder" in element:
        # placeholder: "Maximum length for the text in this field is 150 characters".
        problems += text_problems(element["placeholder"], f"{at}/placeholder", 150)
    if "confirm" in element:
        problems += confirm_problems(element["confirm"], f"{at}/confirm")
    kind = element["type"]
    if kind == "button":
        problems += _button(element, at)
    elif kind == "plain_text_input":
        problems += plain_text_input_problems(element, at)
    elif kind in _OPTION_COUNTS:
        problems += _options(element, at)
    return problems


def _button(element: Json, at: str) -> list[str]:
    # https://docs.slack.dev/reference/block-kit/block-elements/button-element: text
    # plain_text "Maximum length ... 75 characters"; value "Maximum length ... 2000
    # characters"; url "Maximum length ... 3000 characters".
    problems = text_problems(element.get("text"), f"{at}/text", 75, plain_only=True)
    problems += too_long(element.get("value"), 2000, f"{at}/value")
    return problems + too_long(element.get("url"), 3000, f"{at}/url")


def plain_text_input_problems(element: Json, at: str) -> list[str]:
    """Return what a plain_text_input breaks: its length bounds and its initial value.

    Slack itself lets an `initial_value` exceed the bounds (IBM/slack-wrench#105, Slack: "there
    isn't a hard limit for the initial_value"); the emulator refuses it, because a person shown
    that value could never submit it back unchanged.
    """
    problems = _bounded(element.get("max_length"), 1, MAX_INPUT_LENGTH, f"{at}/max_length")
    problems += _bounded(element.get("min_length"), 0, MAX_INPUT_LENGTH, f"{at}/min_length")
    longest = element.get("max_length")
    if not isinstance(longest, int) or problems:
        longest = MAX_INPUT_LENGTH
    problems += too_long(element.get("initial_value"), longest, f"{at}/initial_value")
    shortest = element.get("min_length")
    if not problems and isinstance(shortest, int) and shortest > longest:
        problems.append(f"[ERROR] must be at most max_length [json-pointer:{at}/min_length]")
    return problems


def _bounded(value: object, low: int, high: int, pointer: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        return [f"[ERROR] must be between {low} and {high} [json-pointer:{pointer}]"]
    return []


def _options(element: Json, at: str) -> list[str]:
    kind = element["type"]
    options = element.get("options")
    problems: list[str] = []
    if kind in _STATIC_MENUS and "option_groups" in element:
        problems += _option_groups(element["option_groups"], f"{at}/option_groups")
        options = [o for g in element["option_groups"] if isinstance(g, dict)
                   for o in g.get("options", [])]  # fmt: skip
    elif not isinstance(options, list):
        return [f"[ERROR] must provide an array [json-pointer:{at}/options]"]
    else:
        low, high = _OPTION_COUNTS[kind]
        if not low <= len(options) <= high:
            where = f"{at}/options"
            wanted = (
                f"no more than {high} items allowed"
                if low == 0
                else f"must provide {low} to {high} items"
            )
            problems.append(f"[ERROR] {wanted} [json-pointer:{where}]")
        for index, option in enumerate(options):
            problems += option_problems(option, f"{at}/options/{index}")
    return problems + _initial_options(element, options or [], at)


def _option_groups(groups: object, at: str) -> list[str]:
    # https://docs.slack.dev/reference/block-kit/composition-objects/option-group-object: "a
    # maximum number of 100 option groups"; label plain_text of up to 75; up to 100 options.
    if not isinstance(groups, list) or not 1 <= len(groups) <= 100:
        return [f"[ERROR] must provide 1 to 100 items [json-pointer:{at}]"]
    problems: list[str] = []
    for index, group in enumerate(groups):
        where = f"{at}/{index}"
        if not isinstance(group, dict) or not isinstance(group.get("options"), list):
            problems.append(f"[ERROR] must provide an object with options [json-pointer:{where}]")
            continue
        problems += text_problems(group.get("label"), f"{where}/label", 75, plain_only=True)
        if not 1 <= len(group["options"]) <= 100:
            problems.append(f"[ERROR] must provide 1 to 100 items [json-pointer:{where}/options]")
        for number, option in enumerate(group["options"]):
            problems += option_problems(option, f"{where}/options/{number}")
    return problems


def option_problems(option: object, at: str) -> list[str]:
    """Return what an option object breaks.

    https://docs.slack.dev/reference/block-kit/composition-objects/option-object: text "Maximum
    length for the text in this field is 75 characters"; value "Maximum length ... 150
    characters"; description "Maximum length ... 75 characters"; url "... 3000 characters".
    """
    if not isinstance(option, dict):
        return [f"[ERROR] must provide an object [json-pointer:{at}]"]
    problems = text_problems(option.get("text"), f"{at}/text", 75)
    if not isinstance(option.get("value"), str):
        problems.append(f"[ERROR] missing required field: value [json-pointer:{at}]")
    problems += too_long(option.get("value"), 150, f"{at}/value")
    if "description" in option:
        problems += text_problems(option["description"], f"{at}/description", 75)
    return problems + too_long(option.get("url"), 3000, f"{at}/url")


def _initial_options(element: Json, options: list[Any], at: str) -> list[str]:
    # select-menu-element: initial_option "A single option that exactly matches one of the
    # options within options or option_groups"; checkboxes and multi-select: initial_options
    # "An array of option objects that exactly matches one or more of the options".
    chosen = element.get("initial_options", [])
    if "initial_option" in element:
        chosen = [element["initial_option"]]
    key = "initial_option" if "initial_option" in element else "initial_options"
    problems: list[str] = []
    for index, option in enumerate(chosen if isinstance(chosen, list) else [chosen]):
        if option not in options:
            where = f"{at}/{key}" if key == "initial_option" else f"{at}/{key}/{index}"
            problems.append(f"[ERROR] must match one of the options [json-pointer:{where}]")
    return problems


def confirm_problems(confirm: object, at: str) -> list[str]:
    """Return what a confirmation dialog breaks.

    https://docs.slack.dev/reference/block-kit/composition-objects/confirmation-dialog-object:
    title "Maximum length ... 100 characters"; text "... 300 characters"; confirm and deny
    "... 30 characters"; all plain_text except text.
    """
    if not isinstance(confirm, dict):
        return [f"[ERROR] must provide an object [json-pointer:{at}]"]
    problems = text_problems(confirm.get("title"), f"{at}/title", 100, plain_only=True)
    problems += text_problems(confirm.get("text"), f"{at}/text", 300)
    problems += text_problems(confirm.get("confirm"), f"{at}/confirm", 30, plain_only=True)
    return problems + text_problems(confirm.get("deny"), f"{at}/deny", 30, plain_only=True)
