"""The arrows of the architecture (bot/port.py draws them), kept honest by reading the imports.

Only a platform's two packages (`bot/slack/` and `handlers/slack/`, later `bot/teams/` and
`handlers/teams/`) import its SDK; the emulators in `bot/sandbox/` may too, because they check
what we send with the platform's own models. The core (services, messages, scheduler, storage
and the rest of `bot/`) imports no SDK and no adapter: it reaches a platform only through the port.
Listeners stay thin: the median handler function is at most 10 lines.
"""

from __future__ import annotations

import ast
import statistics
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SDKS = ("slack_sdk", "slack_bolt", "microsoft_teams", "microsoft", "botbuilder", "microsoft_agents")
ADAPTERS = {
    "slack": ("bot/slack", "handlers/slack"),
    "teams": ("bot/teams", "handlers/teams"),
}
# Where the parts are put together: the CLI picks a command, serving.py and tick.py put the
# platforms that are set up on one server and one scheduler, the sandbox drives the Slack app.
COMPOSITION = ("bot/cli.py", "bot/serving.py", "bot/tick.py", "bot/sandbox")
PLATFORM_PACKAGES = tuple(folder for folders in ADAPTERS.values() for folder in folders)


def sources() -> Iterator[Path]:
    """Every module of the project's own packages."""
    for top in ("bot", "handlers", "scheduler", "storage"):
        yield from sorted((ROOT / top).rglob("*.py"))


def imported(path: Path) -> set[str]:
    """Every module a file imports, at its top or inside a function."""
    return imports_in(path.read_text(encoding="utf-8"))


def imports_in(source: str) -> set[str]:
    """Every module some source imports, at its top or inside a function."""
    tree = ast.parse(source)
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def within(path: str, folders: tuple[str, ...]) -> bool:
    return any(path == folder or path.startswith(folder + "/") for folder in folders)


def is_sdk(module: str) -> bool:
    return any(module == sdk or module.startswith(sdk + ".") for sdk in SDKS)


def is_adapter(module: str) -> bool:
    return any(
        module == folder.replace("/", ".") or module.startswith(folder.replace("/", ".") + ".")
        for folder in PLATFORM_PACKAGES
    )


def test_only_a_platforms_own_packages_import_its_sdk() -> None:
    wrong = {
        relative(path): sorted(module for module in imported(path) if is_sdk(module))
        for path in sources()
        if not within(relative(path), (*PLATFORM_PACKAGES, "bot/sandbox"))
    }
    assert {path: modules for path, modules in wrong.items() if modules} == {}


def test_the_core_reaches_a_platform_only_through_the_port() -> None:
    wrong = {
        relative(path): sorted(module for module in imported(path) if is_adapter(module))
        for path in sources()
        if not within(relative(path), PLATFORM_PACKAGES + COMPOSITION)
    }
    assert {path: modules for path, modules in wrong.items() if modules} == {}


def test_one_platforms_adapter_never_imports_anothers() -> None:
    for platform, folders in ADAPTERS.items():
        others = tuple(f for name, fs in ADAPTERS.items() if name != platform for f in fs)
        for folder in folders:
            for path in sorted((ROOT / folder).rglob("*.py")):
                bad = [m for m in imported(path) if within(m.replace(".", "/"), others)]
                assert bad == [], relative(path)


def body_lines(function: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    """Count a function's lines without its docstring."""
    body = function.body
    first = body[0]
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
        body = body[1:]
    return 0 if not body else (body[-1].end_lineno or 0) - body[0].lineno + 1


@pytest.mark.parametrize("folder", ["handlers/slack", "handlers/teams"])
def test_listeners_are_thin(folder: str) -> None:
    sizes = [
        body_lines(node)
        for path in sorted((ROOT / folder).rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    ]
    assert len(sizes) > 20  # the listeners are really there
    assert statistics.median(sizes) <= 10


def test_the_checks_see_every_way_of_importing() -> None:
    source = (
        "import slack_sdk.errors\n"
        "from bot.slack.port import SlackPort\n"
        "def later():\n"
        "    from slack_bolt import App\n"
    )
    found = imports_in(source)
    assert sorted(m for m in found if is_sdk(m)) == [
        "slack_bolt",
        "slack_bolt.App",
        "slack_sdk.errors",
    ]
    assert sorted(m for m in found if is_adapter(m)) == [
        "bot.slack.port",
        "bot.slack.port.SlackPort",
    ]
    assert not is_sdk("slackish") and not is_adapter("bot.slacker")
