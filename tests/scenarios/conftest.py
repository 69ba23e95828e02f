from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import FakeClock
from tests.support.harness import Harness, running_backbone


@pytest.fixture
def backbone(database_url: str, clock: FakeClock) -> Iterator[Harness]:
    """Backbone on HTTP with the emulator as its Slack, a fresh database and a fixed clock."""
    with running_backbone(database_url, clock) as harness:
        yield harness
