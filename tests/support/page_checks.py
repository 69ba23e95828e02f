"""What the browser helpers read from a page: axe-core's findings, a printed PDF, an element.

tests/support/browser.py drives Chromium; these turn what it gives back into plain answers and
failure messages.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

WCAG_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
# axe-core from npm (`make` installs it): axe-selenium-python's own copy, on Python 3.11, is
# axe-core 3.1 of 2018, which knows no WCAG 2.1 or 2.2 rule. Its `Axe` runs the newer one.
AXE_SCRIPT = Path(__file__).parents[2] / ".venv/axe/node_modules/axe-core/axe.min.js"


def describe(element: Any) -> str:
    """Name an element the way a failure message should: tag, then its label or text."""
    tag = str(element.tag_name)
    labels = element.parent.execute_script(
        "return [...(arguments[0].labels || [])].map(l => l.innerText).join(' ')", element
    )
    label = element.get_attribute("aria-label") or labels or element.text
    label = label or element.get_attribute("value")
    return tag if not label else f"{tag} {str(label).strip()!r}"


def pdf_page_count(pdf: bytes) -> int:
    """Count the pages of a PDF Chromium printed (its page tree's `/Count`)."""
    counts = [int(n) for n in re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", pdf)]
    counts += [int(n) for n in re.findall(rb"/Count\s+(\d+)[^>]*?/Type\s*/Pages\b", pdf)]
    if not counts:
        raise AssertionError("the printed PDF has no page tree to count")
    return max(counts)


def axe_report(violations: list[dict[str, Any]]) -> str:
    """Say each violation: the rule, why it matters, and the elements that break it."""
    lines = [f"{len(violations)} accessibility rule(s) broken:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            lines.append(f"    {node['target']}: {node['failureSummary']}")
    return "\n".join(lines)
