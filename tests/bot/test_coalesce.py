"""A burst of asks drains once; a full queue keeps the ask for the next try."""

from __future__ import annotations

from collections.abc import Callable

from bot.coalesce import Coalescer

ANA = ("T1", "ana")


def test_a_burst_is_drawn_once_with_the_latest_value() -> None:
    queued: list[Callable[[], None]] = []
    drawn: list[tuple[tuple[str, str], int]] = []
    homes: Coalescer[tuple[str, str], int] = Coalescer()
    for value in range(5):
        homes.ask(
            ANA,
            value,
            merge=lambda kept, new: new,
            schedule=queued.append,
            run=lambda key, value: drawn.append((key, value)),
        )
    assert len(queued) == 1
    queued.pop()()
    assert drawn == [(ANA, 4)]
    assert homes.pending() == 0


def test_a_full_queue_keeps_the_ask_and_the_next_ask_queues_a_drain() -> None:
    drawn: list[tuple[tuple[str, str], int]] = []
    homes: Coalescer[tuple[str, str], int] = Coalescer()
    homes.ask(
        ANA,
        1,
        merge=lambda kept, new: new,
        schedule=lambda job: False,
        run=lambda key, value: drawn.append((key, value)),
    )
    assert homes.pending() == 1 and drawn == []
    queued: list[Callable[[], None]] = []

    def accept(job: Callable[[], None]) -> bool:
        queued.append(job)
        return True

    homes.ask(
        ANA,
        2,
        merge=lambda kept, new: new,
        schedule=accept,
        run=lambda key, value: drawn.append((key, value)),
    )
    assert len(queued) == 1
    queued.pop()()
    assert drawn == [(ANA, 2)]
