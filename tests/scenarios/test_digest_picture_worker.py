"""The digest's picture comes from the chart worker; when the worker fails us, it comes in words.

The worker is a real process (`python -m bot.chart_worker`). The ways it can fail are played by
other real processes put in its place: one that fails, one that hangs past the timeout, one that
answers garbage, one that answers too much, and one that cannot start at all.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

import bot.chart_worker as chart_worker
from bot.slack.blocks import context
from tests.scenarios.test_digests import (
    MISSING_PICTURE,
    MONDAY_9_NY,
    build_week,
    digests_posted,
    ledger_of,
)
from tests.support.harness import CASE, Harness

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def case_week(backbone: Harness) -> Harness:
    return build_week(backbone)


@pytest.fixture
def workers_started(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Count the worker processes started, each by the kind it was asked to draw."""
    started: list[str] = []
    real = chart_worker._run_worker

    def counted(request: bytes, *args: Any) -> tuple[bytes, int, bool]:
        started.append(json.loads(request)["kind"])
        return real(request, *args)

    monkeypatch.setattr(chart_worker, "_run_worker", counted)
    return started


def the_digest(b: Harness) -> Any:
    (message,) = [m for m in b.emulator.messages(CASE) if m.text.startswith("Weekly digest")]
    return message


def test_digest_now_over_http_carries_the_picture_the_worker_drew(
    case_week: Harness, workers_started: list[str]
) -> None:
    b = case_week
    b.clock.now = MONDAY_9_NY
    b.command("now", command="/digest")
    (picture,) = b.emulator.files()
    assert (picture.channel, picture.thread_ts, picture.completed) == (
        CASE,
        the_digest(b).ts,
        True,
    )
    assert picture.content is not None
    with Image.open(io.BytesIO(picture.content)) as image:
        image.load()
        assert (image.format, image.size) == ("PNG", (800, 400))
    assert workers_started == ["digest_trend"]


@dataclass(frozen=True)
class Worker:
    """A process put in the chart worker's place, and what the log should say of it."""

    name: str
    command: list[str]
    logged: str
    settings: tuple[tuple[str, float], ...] = ()


def python(code: str) -> list[str]:
    return [sys.executable, "-c", code]


BROKEN = [
    Worker("fails", python("import sys; print('Traceback (most recent call last):', file="
                           "sys.stderr); sys.exit('RuntimeError: no fonts today')"),
           "the chart worker failed (exit 1): RuntimeError: no fonts today"),
    Worker("hangs", python("import time; time.sleep(600)"),
           "the chart worker took longer than 0.5 s and was stopped",
           (("TIMEOUT_SECONDS", 0.5),)),
    Worker("answers garbage", python("print('<html>502 Bad Gateway</html>')"),
           "the chart worker's answer is not a PNG"),
    Worker("answers too much", python("import sys; sys.stdout.buffer.write("
                                      "b'\\x89PNG\\r\\n\\x1a\\n' + b'0' * 5000)"),
           "the chart worker's answer is larger than 1000 bytes", (("MAX_BYTES", 1000),)),
    Worker("cannot start", [str(ROOT / "no-such-python")],
           "the chart worker could not start: [Errno 2] No such file or directory"),
]  # fmt: skip


@pytest.mark.parametrize("worker", BROKEN, ids=[w.name for w in BROKEN])
def test_a_worker_that_lets_us_down_leaves_the_digest_posted_with_its_picture_in_words(
    case_week: Harness,
    worker: Worker,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    b = case_week
    monkeypatch.setattr(chart_worker, "WORKER", worker.command)
    for name, value in worker.settings:
        monkeypatch.setattr(chart_worker, name, value)
    with caplog.at_level("WARNING", logger="bot.services.digest_posts"):
        report = b.tick(MONDAY_9_NY)
    assert (report.digests.posted, report.digests.failed) == (1, 0)
    (post,) = digests_posted(b)
    assert b.emulator.files() == []
    (update,) = [c for c in b.emulator.calls("chat.update") if c["ts"] == the_digest(b).ts]
    assert update["blocks"] == [*post["blocks"][:-2], context(MISSING_PICTURE), post["blocks"][-1]]
    assert the_digest(b).text.split("\n")[-2] == MISSING_PICTURE
    said = [r.getMessage() for r in caplog.records if r.name == "bot.services.digest_posts"]
    assert len(said) == 1
    assert said[0].startswith(f"the picture of the digest of {CASE} could not be drawn: ")
    assert worker.logged in said[0]
    sent = json.dumps([c for c in b.emulator.calls() if c["method"].startswith("chat.")])
    assert "Traceback" not in sent and "RuntimeError" not in sent
    assert ledger_of(b) == [("2026-W49", "sent")]
    b.tick(MONDAY_9_NY.replace(minute=30))
    assert len(digests_posted(b)) == 1  # never posted again for its picture


def test_digest_now_with_a_hung_worker_posts_the_digest_and_no_apology(
    case_week: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    b = case_week
    monkeypatch.setattr(chart_worker, "WORKER", python("import time; time.sleep(600)"))
    monkeypatch.setattr(chart_worker, "TIMEOUT_SECONDS", 0.5)
    b.clock.now = MONDAY_9_NY
    answered = len(b.emulator.responses())
    b.command("now", command="/digest")
    assert the_digest(b).text.split("\n")[-2] == MISSING_PICTURE
    assert b.emulator.files() == []
    assert b.emulator.responses()[answered:] == []  # nothing went wrong for the person


# A serve-like process: the Slack app and its scheduler's modules, over real HTTP to the
# emulator, posting a digest with its picture; then what it has imported.
SERVE_LIKE = """
import json, sys
import bot.slack.runtime, scheduler.setup, scheduler.jobs
from tests.conftest import FakeClock
from tests.scenarios.test_digests import MONDAY_9_NY, build_week
from tests.support.harness import running_backbone
from storage.db import make_engine
from storage.migrate import upgrade

url = f"sqlite:///{sys.argv[1]}"
engine = make_engine(url)
upgrade(engine)
engine.dispose()
with running_backbone(url, FakeClock(MONDAY_9_NY)) as b:
    build_week(b)
    b.clock.now = MONDAY_9_NY
    b.command("now", command="/digest")
    b.tick(MONDAY_9_NY)
    files = [f.filename for f in b.emulator.files()]
loaded = sorted({name.split(".")[0] for name in sys.modules})
print(json.dumps({"files": files, "loaded": loaded}))
"""


def test_matplotlib_never_loads_into_a_serving_process_that_posts_digests(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", SERVE_LIKE, str(tmp_path / "serve.db")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.splitlines()[-1])
    assert seen["files"] == ["digest-2026-11-30.png", "digest-2026-11-30.png"]
    assert "bot" in seen["loaded"] and "slack_bolt" in seen["loaded"]  # it really served
    assert {"matplotlib", "numpy"} & set(seen["loaded"]) == set()
