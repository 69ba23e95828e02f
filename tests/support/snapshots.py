"""Stored JSON snapshots for Block Kit builders: a change to a message shows up as a diff."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

SNAPSHOTS = Path(__file__).parents[1] / "snapshots"


def assert_snapshot(name: str, value: Any) -> None:
    """Compare a value with its stored snapshot; write it when missing or when asked to update."""
    path = SNAPSHOTS / f"{name}.json"
    rendered = json.dumps(value, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    if not path.exists() or os.environ.get("UPDATE_SNAPSHOTS") == "1":
        if os.environ.get("CI"):
            raise AssertionError(f"snapshot {name} is missing; run the tests locally and commit it")
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_text(rendered)
    assert json.loads(path.read_text()) == value, f"{name} differs from tests/snapshots/{name}.json"
