"""The run-chart signals said in plain words (bot/messages/signals.py)."""

from __future__ import annotations

import pytest

from bot.messages.signals import describe
from bot.messages.spans import Words
from bot.run_rules import RunReport, Signal, analyse

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan"]


def words(report: RunReport, **kwargs: object) -> list[str]:
    lines = describe(report, **kwargs)  # type: ignore[arg-type]
    assert all(isinstance(span, Words) for one in lines for span in one)  # no markup, no typed
    return ["".join(span.text for span in one if isinstance(span, Words)) for one in lines]


def shift_report(direction: str) -> RunReport:
    return RunReport(
        method="ihi",
        median=5.0,
        enough=True,
        signals=(Signal("shift", 5, 11, direction, 7),),  # type: ignore[arg-type]
        runs=4,
        crossings=3,
        useful=12,
        points=12,
        runs_limits=(3, 11),
    )


@pytest.mark.parametrize(
    ("direction", "higher_is_better", "verdict"),
    [
        # why: above the median when higher is better: the way you want
        ("up", True, "a real change, and it is the way you want."),
        # why: above the median when lower is better: not the way you want
        ("up", False, "a real change, and not the way you want: worth a look together."),
        # why: below the median when lower is better
        ("down", False, "a real change, and it is the way you want."),
    ],
)
def test_a_shift_at_the_end_says_the_last_points(
    direction: str, higher_is_better: bool, verdict: str
) -> None:
    side = "above" if direction == "up" else "below"
    assert words(shift_report(direction), higher_is_better=higher_is_better) == [
        f"A shift: the last 7 points are all {side} the median — {verdict}"
    ]


def test_too_few_points() -> None:
    assert words(analyse([3, 4, 5, 4, 3, 6]), higher_is_better=True) == [
        "Not enough points yet to tell a signal from noise (6 of 10)."
    ]


def test_no_signal_names_the_rules() -> None:
    values = [20, 22, 1, 3, 21, 2, 4, 23, 20, 1, 22, 3]
    assert words(analyse(values), higher_is_better=True) == [
        "No signal by the run-chart rules: so far the ups and downs look like everyday variation."
    ]
    assert words(analyse(values, method="anhoj"), higher_is_better=True) == [
        "No signal by Anhøj's rules: so far the ups and downs look like everyday variation."
    ]


def test_a_shift_in_the_middle_names_its_months_and_the_point_on_the_median() -> None:
    report = analyse([20, 21, 1, 2, 1, 10, 2, 1, 3, 22, 10, 23, 24])
    assert words(report, higher_is_better=False, labels=MONTHS) == [
        "A shift: from Mar to Sep, 7 points are all below the median (leaving aside 1 on the "
        "median) — a real change, and it is the way you want."
    ]


def test_a_rising_trend_and_too_few_runs() -> None:
    assert words(analyse(list(range(1, 11))), higher_is_better=False) == [
        "A trend: the last 10 points kept going up — a real change, and not the way you want: "
        "worth a look together.",
        "Too few runs: the line crossed the median only once in 10 points (2 runs; fewer than 3 "
        "is unusual). The points stay on one side for long stretches: something has likely "
        "changed.",
    ]


def test_a_trend_with_a_repeat_says_it_counted_once() -> None:
    report = analyse([1, 9, 2, 8, 7, 7, 5, 4, 3, 9, 1, 9])
    assert words(report, higher_is_better=True) == [
        "A trend: from point 4 to point 9, 6 points kept going down (a repeated value counted "
        "once) — a real change, and not the way you want: worth a look together."
    ]


def test_too_many_runs() -> None:
    assert words(analyse([1, 9] * 5), higher_is_better=True) == [
        "Too many runs: the points swing above and below the median more often than chance "
        "would (10 runs; more than 9 is unusual). Check whether the numbers mix two sources "
        "or alternate for a reason."
    ]


def test_an_astronomical_point_is_for_the_team_to_judge() -> None:
    report = analyse([5, 6, 5, 4, 6, 5, 4, 40, 6, 4, 5])
    assert words(report, higher_is_better=True, labels=MONTHS) == [
        "Aug stands far above the others: perhaps an astronomical point. That is for the team "
        "to judge: was something different then?"
    ]


def test_anhoj_long_run_and_few_crossings() -> None:
    report = analyse([1, 3, 2, 4, 1, 3, 2, 4, 20, 22, 21, 23, 20, 22, 21, 23], method="anhoj")
    assert words(report, higher_is_better=True) == [
        "An unusually long run: from point 1 to point 8, 8 points are all below the median "
        "(more than 7 in a row is unlikely by chance) — a real change, and not the way you "
        "want: worth a look together.",
        "Too few crossings: the line crossed the median only once in 16 points (fewer than 4 "
        "is unusual by chance). The points stay on one side for long stretches: something has "
        "likely changed.",
    ]
