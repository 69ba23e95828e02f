"""What the benchmarks share: the machine's description, percentiles, tables, databases."""

from __future__ import annotations

import os
import platform
import sqlite3
import statistics
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, text

POSTGRES_ENV = ("BACKBONE_BENCH_POSTGRES_URL", "BACKBONE_TEST_POSTGRES_URL")


def postgres_server_url() -> str | None:
    """Return the PostgreSQL server to create benchmark databases on, if one is configured."""
    return next((os.environ[name] for name in POSTGRES_ENV if os.environ.get(name)), None)


def machine() -> list[tuple[str, str]]:
    """Describe the machine, the interpreter and the databases, as the results depend on them."""
    cpu = _cpu_model()
    rows = [
        ("date", datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")),
        ("cpu", f"{cpu}, {os.cpu_count()} cores"),
        ("memory", f"{_memory_gb():.0f} GB"),
        ("os", platform.platform()),
        ("python", sys.version.split()[0]),
        ("sqlite", sqlite3.sqlite_version),
    ]
    server = postgres_server_url()
    if server:
        rows.append(("postgresql", _postgres_version(server)))
    return rows


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown cpu"


def _memory_gb() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return 0.0


def _postgres_version(server: str) -> str:
    engine = create_engine(server)
    try:
        with engine.connect() as connection:
            return str(connection.execute(text("SHOW server_version")).scalar_one())
    finally:
        engine.dispose()


def percentile(values: Sequence[float], p: float) -> float:
    """Return the p-th percentile (0-100) by the nearest-rank method."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def median(values: Sequence[float]) -> float:
    """Return the median."""
    return statistics.median(values)


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """Return a Markdown table, as docs/benchmarks.md shows results."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def report(
    title: str, command: str, headers: Sequence[str], rows: Sequence[Sequence[object]]
) -> None:
    """Print a benchmark's results with the machine and the command that produced them."""
    print(f"## {title}\n")
    print(f"Command: `{command}`\n")
    print("\n".join(f"- {name}: {value}" for name, value in machine()))
    print()
    print(table(headers, rows))
    print()
