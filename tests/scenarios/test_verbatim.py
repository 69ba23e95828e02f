"""Words of every script, emoji, and text that looks like SQL or markup: stored and shown as typed.

Slack sends command text escaped (`&` `<` `>` as `&amp;` `&lt;` `&gt;`); that is what arrives
and what is kept, so each text below is written as Slack delivers it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from bot.ids import Command
from bot.services.export import export_records
from tests.support.harness import CASE, MARIA, TEAM, Harness
from tests.support.records import all_decisions, all_items, read

TEXTS = [
    "Llamar al refugio — 3 camas 🛏️ para señora Núñez",  # why: accents, a dash and emoji
    "תאם פגישה עם בעל הבית ברחוב הרצל",  # why: Hebrew, right to left
    "اتصل بالمأوى بخصوص ٣ أسرّة",  # why: Arabic, right to left, Arabic-Indic digits
    "Mix עברית and English in one line",  # why: both directions at once
    "Check \u202eexe.txt and \u200fmarks\u200e",  # why: direction-override and mark characters
    "Family of 👩🏽‍🦱👨🏿‍🦳👧🏻 needs 2 rooms",  # why: emoji joined with skin tones (ZWJ)
    "Robert'); DROP TABLE action_items;-- follow-up",  # why: text that looks like SQL
    "1' OR '1'='1 \\ %s %% {0} $1 :name ?",  # why: quoting and placeholders of SQL drivers
    "Bring 4 chairs &amp; the &lt;big&gt; table",  # why: Slack's escaped &, <, >
    "𝕏 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 beyond the BMP: 𐍈 𓂀 🀄",  # why: characters outside the basic plane
    "中文 日本語 한국어 ภาษาไทย हिन्दी",  # why: CJK, Thai and Devanagari
]


@dataclass(frozen=True)
class Kind:
    """A kind of record typed with a command: how it is read back, posted and exported."""

    command: str
    stored: Callable[[Harness], list[str]]
    post: str  # the channel post's text, around {text}
    export: tuple[str, str]  # the export's list and field


KINDS = {
    "item": Kind(
        Command.ACTION,
        lambda b: [item.title for item in all_items(b)],
        f"📌 A-1 {{text}} — <@{MARIA}>",
        ("actions", "title"),
    ),
    "decision": Kind(
        Command.DECISION,
        lambda b: [decision.text for decision in all_decisions(b)],
        f"🧭 Decision D-1: {{text}} — recorded by <@{MARIA}>",
        ("decisions", "text"),
    ),
}


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("text", TEXTS)
def test_words_are_kept_in_the_database_the_post_and_the_export(
    backbone: Harness, kind: str, text: str
) -> None:
    record = KINDS[kind]
    backbone.command(text, user=MARIA, command=record.command)
    assert record.stored(backbone) == [text]
    assert backbone.emulator.messages(CASE)[-1].text == record.post.format(text=text)
    exported = read(backbone, lambda s: export_records(s, team_id=TEAM))
    listed, field = record.export
    assert [row[field] for row in exported[listed]] == [text]


def test_a_nul_character_is_dropped_not_a_failure(backbone: Harness) -> None:
    # PostgreSQL can't store U+0000 in text; Slack never shows it: the rest is kept.
    backbone.command("Call the shelter\x00 and the VA", user=MARIA)
    assert [item.title for item in all_items(backbone)] == ["Call the shelter and the VA"]
    assert backbone.emulator.responses() == []
