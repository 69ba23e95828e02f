"""Pictures drawn in a short-lived worker process, so no plotting library lives in the server.

matplotlib (with numpy, fonts and its caches) adds some 40 MB to a process and half a second
to its first picture. `backbone serve` runs for weeks and draws a chart once a week per channel,
so it never imports it: `draw_chart` starts `python -m bot.chart_worker`, writes one request to
its stdin and reads the PNG from its stdout; the worker exits and gives all of it back.

The protocol, one request per process:

    stdin   {"kind": "digest_trend", "data": {...}}      JSON, the chart's description
    stdout  the PNG's bytes                              exit 0
    stderr  one line saying why not                      exit 2: a bad request; 1: drawing failed

The caller waits at most `timeout` seconds (then the worker is killed), reads at most
`max_bytes`, and accepts only a PNG. Anything else raises `ChartFailed` with a reason for the
log: a chart is always extra to the message it belongs to, which goes out without it.

Chart kinds are registered in `KINDS`, one line each: a kind names the module whose
`draw(data: dict) -> bytes` draws it. That module is imported only in the worker, and should
import matplotlib only inside `draw`, so the worker's start stays lean. To add goal run charts:

    KINDS = {
        "digest_trend": "bot.digest_picture",
        "run_chart": "bot.run_chart",   # values over time, median, target, annotations
    }

`draw_in_process` draws the same picture in the calling process: for one-shot commands and
tests that have no reason to start another process.
"""

from __future__ import annotations

import importlib
import json
import logging
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from typing import IO, Any

log = logging.getLogger(__name__)

KINDS: dict[str, str] = {
    "digest_trend": "bot.digest_picture",
    "run_chart": "bot.run_chart",  # a goal's values over time, median, target, annotations
}
WORKER = [sys.executable, "-m", "bot.chart_worker"]
TIMEOUT_SECONDS = 30.0  # matplotlib's first start on a busy machine builds its font cache
MAX_BYTES = 2_000_000  # a digest's chart is about 40 kB
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
BAD_REQUEST = 2  # an uncaught error exits 1, its traceback on stderr
Drawer = Callable[[str, dict[str, Any]], bytes]  # draw_chart or draw_in_process


class ChartFailed(Exception):
    """A picture could not be drawn; `reason` says why, in words for the log."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def draw_chart(
    kind: str,
    data: dict[str, Any],
    *,
    timeout: float | None = None,
    max_bytes: int | None = None,
) -> bytes:
    """Draw a chart in a worker process; return its PNG or raise ChartFailed."""
    if kind not in KINDS:
        raise ChartFailed(f"no chart kind {kind!r}")
    request = json.dumps({"kind": kind, "data": data}).encode()
    limit = TIMEOUT_SECONDS if timeout is None else timeout
    max_bytes = MAX_BYTES if max_bytes is None else max_bytes
    with tempfile.TemporaryFile() as errors:
        png, code, timed_out = _run_worker(request, errors, limit, max_bytes)
        errors.seek(0)
        said = _last_line(errors.read(4096))
    if timed_out:
        raise ChartFailed(f"the chart worker took longer than {limit:g} s and was stopped")
    if len(png) > max_bytes:
        raise ChartFailed(f"the chart worker's answer is larger than {max_bytes} bytes")
    if code != 0:
        raise ChartFailed(f"the chart worker failed (exit {code}): {said or 'it said nothing'}")
    if not png.startswith(PNG_SIGNATURE):
        raise ChartFailed("the chart worker's answer is not a PNG")
    return png


def _run_worker(
    request: bytes, errors: IO[bytes], timeout: float, max_bytes: int
) -> tuple[bytes, int, bool]:
    """Run one worker; return what it wrote (at most one byte past the cap), its exit, a timeout."""
    try:
        worker = subprocess.Popen(
            WORKER, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors
        )
    except OSError as error:
        raise ChartFailed(f"the chart worker could not start: {error}") from None
    assert worker.stdin is not None and worker.stdout is not None
    stopped = threading.Event()

    def stop() -> None:
        stopped.set()
        worker.kill()  # unblocks the read below

    timer = threading.Timer(timeout, stop)
    timer.start()
    try:
        threading.Thread(target=_feed, args=(worker.stdin, request), daemon=True).start()
        png = worker.stdout.read(max_bytes + 1)
        if len(png) > max_bytes:
            worker.kill()
        worker.stdout.close()
        code = worker.wait()
    finally:
        timer.cancel()
        if worker.poll() is None:
            worker.kill()
            worker.wait()
    return png, code, stopped.is_set() and code != 0


def _feed(stdin: IO[bytes], request: bytes) -> None:
    try:
        stdin.write(request)
        stdin.close()
    except OSError:  # the worker is gone before reading it all: its exit says why
        pass


def _last_line(said: bytes) -> str:
    lines = said.decode("utf-8", "replace").strip().splitlines()
    return lines[-1][:300] if lines else ""


def draw_in_process(kind: str, data: dict[str, Any]) -> bytes:
    """Draw a chart in this process (loading its plotting library); raise ChartFailed."""
    if kind not in KINDS:
        raise ChartFailed(f"no chart kind {kind!r}")
    try:
        return bytes(importlib.import_module(KINDS[kind]).draw(data))
    except ValueError as error:
        raise ChartFailed(f"the chart's description is wrong: {error}") from None
    except Exception as error:  # a chart is extra: whatever broke it, the message still goes
        log.debug("drawing %s failed", kind, exc_info=True)
        raise ChartFailed(f"drawing failed: {type(error).__name__}: {error}") from None


def serve_one(stdin: IO[bytes], stdout: IO[bytes], stderr: IO[str]) -> int:
    """Read one request, draw it, write the PNG; return the exit code.

    A request that cannot be read is refused (exit 2) in one line. A drawing that fails raises:
    Python prints its traceback to stderr and exits 1, and the traceback's last line, the
    error, is what the caller logs.
    """
    try:
        request = json.loads(stdin.read())
        kind, data = request["kind"], request["data"]
        if kind not in KINDS or not isinstance(data, dict):
            raise ValueError(f"no chart kind {kind!r}" if kind not in KINDS else "data: not {}")
        drawer = importlib.import_module(KINDS[kind]).draw
    except (ValueError, KeyError, TypeError) as error:
        print(f"bad chart request: {type(error).__name__}: {error}", file=stderr)
        return BAD_REQUEST
    try:
        png = drawer(data)
    except ValueError as error:  # the description's own check (see each kind's `draw`)
        print(f"bad chart request: {error}", file=stderr)
        return BAD_REQUEST
    stdout.write(png)
    stdout.flush()
    return 0


def main() -> None:
    """Serve one request from stdin to stdout, then exit."""
    sys.exit(serve_one(sys.stdin.buffer, sys.stdout.buffer, sys.stderr))


if __name__ == "__main__":
    main()
