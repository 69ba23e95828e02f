"""Check an Adaptive Card as Teams would, and then some: the 1.5 schema plus Teams' own rules.

The official schema (schema/adaptive-card-1.5.json, see schema/README.md) is strict: unknown
properties and types are refused. Teams adds two host extensions the schema does not allow:
`msteams` on the card (`width`, mention `entities`) and `choices.data` (a `Data.Query`, the
dynamic typeahead and people picker) on `Input.ChoiceSet`; those are checked here and set aside
before the schema runs. The rules the schema cannot say (a version Teams renders, a verb on every
Action.Execute, image URLs Teams can fetch, unique input ids, mentions with their entities) are
checked after it.
"""

from __future__ import annotations

import base64
import binascii
import copy
import functools
import json
import re
from collections.abc import Iterator
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

from jsonschema import Draft6Validator
from jsonschema.exceptions import ValidationError, best_match

from bot.sandbox.teams.state import Json

ADAPTIVE_CARD = "application/vnd.microsoft.card.adaptive"
MAX_VERSION = (1, 5)
MAX_DATA_URI_BYTES = 1024 * 1024
MAX_IMAGE_SIDE = 1024
SUBMIT_KINDS = {"messageBack", "imBack", "invoke", "signin", "task/fetch"}
QUERY_KEYS = {"type", "dataset", "count", "skip", "associatedInputs"}
MENTION = re.compile(r"<at>(.*?)</at>", re.DOTALL)
# Hosts whose plain-http pictures the emulator shows (the bot's own picture route in tests);
# Teams itself fetches pictures over https only.
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


class CardRefused(ValueError):
    """A card Teams would not show; the message says where and why."""


@functools.cache
def _validator() -> Draft6Validator:
    text = resources.files("bot.sandbox.teams").joinpath("schema/adaptive-card-1.5.json")
    schema: Json = json.loads(text.read_text(encoding="utf-8"))
    return Draft6Validator(schema)


def _definitions() -> Json:
    definitions: Json = _validator().schema["definitions"]  # type: ignore[index]
    return definitions


def check_card(card: Any) -> None:
    """Raise `CardRefused` unless Teams would render `card` (an AdaptiveCard object)."""
    if not isinstance(card, dict) or card.get("type") != "AdaptiveCard":
        raise CardRefused('the attachment content must be an object with "type": "AdaptiveCard"')
    _check_version(card.get("version"))
    plain = copy.deepcopy(card)
    extension = plain.pop("msteams", None)
    for node, path in _nodes(plain, "$"):
        if node.get("type") == "Input.ChoiceSet" and "choices.data" in node:
            _check_query(node.pop("choices.data"), f"{path}.choices.data")
    _check_schema(plain)
    _check_msteams(extension, card)
    _check_rules(card)


def _check_version(version: Any) -> None:
    match = re.fullmatch(r"(\d+)\.(\d+)", version) if isinstance(version, str) else None
    if match is None:
        raise CardRefused(f'$.version must be a string such as "1.5", not {version!r}')
    if (int(match[1]), int(match[2])) > MAX_VERSION:
        raise CardRefused(f"$.version is {version}: Teams shows Adaptive Cards up to version 1.5")


def _check_msteams(extension: Any, card: Json) -> None:
    if extension is None:
        return
    if not isinstance(extension, dict) or set(extension) - {"width", "entities"}:
        raise CardRefused('$.msteams may hold only "width" and "entities"')
    if "width" in extension and extension["width"] != "Full":
        raise CardRefused('$.msteams.width can only be "Full"')
    entities = extension.get("entities", [])
    if not isinstance(entities, list):
        raise CardRefused("$.msteams.entities must be a list of mention entities")
    check_mentions(_card_texts(card), entities, "the card")


def _check_query(query: Any, path: str) -> None:
    if not isinstance(query, dict) or query.get("type") != "Data.Query":
        raise CardRefused(f'{path} must be {{"type": "Data.Query", "dataset": …}}')
    if set(query) - QUERY_KEYS or not isinstance(query.get("dataset"), str) or not query["dataset"]:
        raise CardRefused(f"{path} takes a non-empty dataset and only {sorted(QUERY_KEYS)}")


def _check_schema(card: Json) -> None:
    validator = _validator()
    if validator.is_valid(card):
        return
    for node, path in reversed(list(_nodes(card, "$"))):  # deepest first: the clearest error
        definition = _definitions().get(str(node.get("type")))
        if definition is None and node is not card and _looks_typed(node):
            known = "Adaptive Cards 1.5"
            raise CardRefused(f"{path}: {node['type']!r} is not an element or action of {known}")
        if definition is not None:
            alone = {"definitions": _definitions(), **definition}
            errors = list(validator.evolve(schema=alone).iter_errors(node))
            if errors:
                raise CardRefused(_describe(best_match(errors), path))
    raise CardRefused(_describe(best_match(validator.iter_errors(card)), "$"))


def _looks_typed(node: Json) -> bool:
    kind = node.get("type")
    return isinstance(kind, str) and kind not in {"Data.Query"}


def _describe(error: ValidationError | None, path: str) -> str:
    if error is None:
        return f"{path}: not a valid Adaptive Card 1.5"
    where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)
    return f"{path}{where}: {error.message} (Adaptive Cards 1.5 schema)"


def _nodes(value: Any, path: str) -> Iterator[tuple[Json, str]]:
    """Yield every element, action and property object of a card with its JSON path, parents
    before children; an action's free-form `data` (the bot's own payload) is not walked."""
    if isinstance(value, dict):
        yield value, path
        free = str(value.get("type", "")).startswith("Action.")
        for key, child in value.items():
            if not (free and key == "data"):
                yield from _nodes(child, f"{path}.{key}")
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _nodes(child, f"{path}[{index}]")


def _check_rules(card: Json) -> None:
    input_ids: set[str] = set()
    for node, path in _nodes(card, "$"):
        kind = node.get("type")
        if kind == "Action.Execute" and not (isinstance(node.get("verb"), str) and node["verb"]):
            raise CardRefused(f"{path}: an Action.Execute needs a verb (Teams sends it back)")
        if kind == "Action.Submit":
            _check_submit(node, path)
        if isinstance(kind, str) and kind.startswith("Input."):
            if node.get("id") in input_ids:
                raise CardRefused(f"{path}: the input id {node.get('id')!r} is used twice")
            input_ids.add(str(node.get("id")))
        for url, where in _picture_urls(node, path):
            _check_image_url(url, where)


def _picture_urls(node: Json, path: str) -> Iterator[tuple[str, str]]:
    """Yield the picture URLs an element or action carries (what Teams will fetch)."""
    kind = node.get("type")
    if kind == "Image" and isinstance(node.get("url"), str):
        yield node["url"], f"{path}.url"
    if (
        isinstance(kind, str)
        and kind.startswith("Action.")
        and isinstance(node.get("iconUrl"), str)
    ):
        yield node["iconUrl"], f"{path}.iconUrl"
    background = node.get("backgroundImage")
    if isinstance(background, str):
        yield background, f"{path}.backgroundImage"
    elif isinstance(background, dict) and isinstance(background.get("url"), str):
        yield background["url"], f"{path}.backgroundImage.url"


def picture_urls(card: Json) -> list[str]:
    """Return every picture URL a card makes Teams fetch, in order."""
    return [url for node, path in _nodes(card, "$") for url, _ in _picture_urls(node, path)]


def _check_submit(node: Json, path: str) -> None:
    data = node.get("data")
    extension = data.get("msteams") if isinstance(data, dict) else None
    if extension is None:
        return
    if not isinstance(extension, dict) or extension.get("type") not in SUBMIT_KINDS:
        raise CardRefused(f"{path}.data.msteams.type must be one of {sorted(SUBMIT_KINDS)}")


def _check_image_url(url: str, path: str) -> None:
    if url.startswith("data:"):
        _check_data_uri(url, path)
        return
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return
    if parts.scheme == "http" and parts.hostname in LOCAL_HOSTS:
        return
    raise CardRefused(
        f"{path}: Teams fetches pictures by https URL (or a small data: URI), not {url!r}"
    )


def _check_data_uri(url: str, path: str) -> None:
    header, _, payload = url.partition(",")
    if not re.fullmatch(r"data:image/(png|jpeg|gif);base64", header):
        raise CardRefused(f"{path}: a data URI picture must be base64 PNG, JPEG or GIF")
    try:
        raw = base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError) as error:
        raise CardRefused(f"{path}: the data URI is not valid base64") from error
    if len(raw) > MAX_DATA_URI_BYTES:
        raise CardRefused(f"{path}: a picture in a card must be at most 1 MB")
    if raw[:8] == b"\x89PNG\r\n\x1a\n" and len(raw) >= 24:
        width, height = int.from_bytes(raw[16:20], "big"), int.from_bytes(raw[20:24], "big")
        if max(width, height) > MAX_IMAGE_SIDE:
            raise CardRefused(f"{path}: a picture must be at most 1024×1024, not {width}×{height}")


def _card_texts(card: Json) -> list[str]:
    return [
        str(node.get("text", ""))
        for node, _ in _nodes(card, "$")
        if node.get("type") in {"TextBlock", "TextRun"}
    ] + [
        str(fact.get("title", "")) + " " + str(fact.get("value", ""))
        for node, _ in _nodes(card, "$")
        if node.get("type") == "FactSet"
        for fact in node.get("facts", [])
        if isinstance(fact, dict)
    ]


def check_mentions(texts: list[str], entities: list[Any], where: str) -> None:
    """Refuse `<at>` tags without a mention entity, and mention entities not in the text."""
    mentions = [e for e in entities if isinstance(e, dict) and e.get("type") == "mention"]
    tagged = {f"<at>{name}</at>" for text in texts for name in MENTION.findall(text)}
    named = set()
    for entity in mentions:
        mentioned = entity.get("mentioned")
        if not isinstance(mentioned, dict) or not mentioned.get("id") or not mentioned.get("name"):
            raise CardRefused(f"a mention entity in {where} needs mentioned.id and mentioned.name")
        text = entity.get("text")
        if not isinstance(text, str) or not any(text in t for t in texts):
            raise CardRefused(f"the mention entity {text!r} does not appear in {where}'s text")
        named.add(text)
    missing = sorted(tagged - named)
    if missing:
        raise CardRefused(f"{missing[0]} in {where} has no matching mention entity")
