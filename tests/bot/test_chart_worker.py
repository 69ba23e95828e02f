"""The chart worker's protocol: one JSON request in, a PNG out, or one line saying why not."""

from __future__ import annotations

import io
from typing import Any

import pytest
from PIL import Image

from bot.chart_worker import ChartFailed, draw_chart, draw_in_process, serve_one
from bot.digest_picture import Trend

GOOD: dict[str, Any] = {
    "title": "Run chart", "weeks": ["Nov 23", "Nov 30"], "open": [3, 2], "done": [1, 2],
    "overdue": [0, 1], "median": 1.5, "median_label": "Median done per week: 1.5",
}  # fmt: skip


def test_the_worker_process_draws_the_digest_trend() -> None:
    png = draw_chart("digest_trend", GOOD)
    with Image.open(io.BytesIO(png)) as image:
        image.load()
        assert (image.format, image.size) == ("PNG", (800, 400))


def test_an_unknown_kind_is_refused_before_any_process_starts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("bot.chart_worker.WORKER", ["/no/such/worker"])
    for draw in (draw_chart, draw_in_process):
        with pytest.raises(ChartFailed) as failed:
            draw("pie", GOOD)
        assert failed.value.reason == "no chart kind 'pie'"


def test_the_worker_process_refuses_a_wrong_description_in_one_line() -> None:
    with pytest.raises(ChartFailed) as failed:
        draw_chart("digest_trend", {**GOOD, "done": [1]})
    assert failed.value.reason == (
        "the chart worker failed (exit 2): bad chart request: 'done' must have one count per week"
    )


def test_drawing_in_process_refuses_a_wrong_description_too() -> None:
    with pytest.raises(ChartFailed) as failed:
        draw_in_process("digest_trend", {**GOOD, "median": "many"})
    assert failed.value.reason == "the chart's description is wrong: 'median' must be a number"


@pytest.mark.parametrize(
    ("stdin", "said"),
    [
        (b"", "bad chart request: JSONDecodeError: Expecting value: line 1 column 1 (char 0)"),
        # why: a request must name its kind and carry its data
        (b'{"data": {}}', "bad chart request: KeyError: 'kind'"),
        (b'{"kind": "pie", "data": {}}', "bad chart request: ValueError: no chart kind 'pie'"),
        (b'{"kind": "digest_trend", "data": []}', "bad chart request: ValueError: data: not {}"),
    ],
)
def test_a_request_that_cannot_be_read_exits_2_with_one_line(stdin: bytes, said: str) -> None:
    out, err = io.BytesIO(), io.StringIO()
    assert serve_one(io.BytesIO(stdin), out, err) == 2
    assert (out.getvalue(), err.getvalue()) == (b"", said + "\n")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"weeks": []}, "'weeks' must be a list of 1 to 60 labels"),  # why: nothing to draw
        ({"weeks": "Nov 23"}, "'weeks' must be a list of 1 to 60 labels"),
        ({"open": [3, -1]}, "'open' must hold whole numbers, 0 or more"),
        (
            {"overdue": [0, True]},
            "'overdue' must hold whole numbers, 0 or more",
        ),  # why: bool is int
        ({"done": [1, 2.5]}, "'done' must hold whole numbers, 0 or more"),
        ({"median": None}, "'median' must be a number"),
        ({"title": "x" * 201}, "'title' must be text of at most 200 characters"),
        ({"weeks": ["Nov 23", 30]}, "'week' must be text of at most 200 characters"),
    ],
)
def test_a_wrong_description_says_what_is_wrong(change: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError) as wrong:
        Trend.of({**GOOD, **change})
    assert str(wrong.value) == message
