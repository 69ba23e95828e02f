import tempfile, collections, re, time, sys
from sqlalchemy import event
from bench import tick_scale as t
from bot.sandbox.server import SlackEmulator
from bot.settings import Settings
from bot.app import make_client
from bot.deps import Deps
from storage.db import make_engine, make_session_factory
from tests.support.databases import migrated, fresh_postgres
from scheduler.jobs import run_due_work
import cProfile, pstats
items, due = int(sys.argv[1]), int(sys.argv[2])
with SlackEmulator() as emulator, fresh_postgres("postgresql+psycopg://postgres@127.0.0.1:5432/bb_dev") as url:
    for n, user in enumerate(t.PEOPLE):
        emulator.add_user(user, user.lower(), tz=t.ZONES[n % 3])
    emulator.add_channel(t.CHANNEL, "case", members=t.PEOPLE)
    engine = make_engine(url)
    t.seed(engine, items, due)
    settings = Settings(bot_token=emulator.bot_token, api_url=emulator.api_url)
    deps = Deps(make_session_factory(engine), default_zone=settings.zone)
    times = collections.Counter(); counts = collections.Counter()
    @event.listens_for(engine, "before_cursor_execute")
    def b(conn, cur, st, *a): conn.info["t0"] = time.perf_counter()
    @event.listens_for(engine, "after_cursor_execute")
    def a(conn, cur, st, *x):
        k = re.sub(r"\s+", " ", st)[:90]; times[k] += time.perf_counter() - conn.info["t0"]; counts[k] += 1
    prof = cProfile.Profile()
    t0 = time.perf_counter()
    prof.enable()
    run_due_work(deps, make_client(settings), now=t.NOW)
    prof.disable()
    print("total", time.perf_counter() - t0, "sql", sum(times.values()))
    for k, v in times.most_common(12): print(f"{v*1000:8.1f}ms {counts[k]:5d} {k}")
    pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
