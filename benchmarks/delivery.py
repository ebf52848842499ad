"""Delivery under Telegram's limits, against a local fake Bot API that enforces them.

The fake server (tests/fakes/bot_api.py) allows 30 messages a second overall and one a second
per chat, answering real 429s beyond that. The worker runs as a real `welcomebot worker`
process on SQLite. Two runs:

1. rate: 5,000 recipients, the worker left alone. Reports the sustained rate as a fraction of
   the configured one (WELCOMEBOT_DELIVERY_RATE) and how many 429s the worker caused.
2. resilience: 5,000 recipients, 2% of them blocked (403), the worker SIGKILLed and restarted
   twice mid-run. Reports messages lost (to reachable recipients), duplicated, and the rows
   whose outcome is unknown because the kill fell inside a request (not resent by design).

Also the worker process's peak memory.

    python -m benchmarks.delivery [--recipients 5000] [--rate 25]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import resource
import signal
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from welcomebot.config import load_settings
from welcomebot.delivery.outbox import Outbox, Outgoing
from welcomebot.storage import database
from welcomebot.storage.models import User, utcnow

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.fakes.bot_api import FakeBotAPI  # noqa: E402  (the repo's own fake server)
from tests.fakes.process_env import start_welcomebot, welcomebot_env

REPO = Path(__file__).resolve().parents[1]
STARTUP = 60.0  # seconds a worker may take to start (imports, content) before it sends


async def prepare(folder: Path, recipients: int, blocked: frozenset[int]) -> None:
    settings = load_settings(data_dir=folder)
    database.upgrade(settings)
    engine = database.create_engine(settings)
    async with database.session_factory(engine)() as session:
        session.add_all(User(telegram_id=chat, language="uk") for chat in blocked)
        await Outbox(session).enqueue(
            [
                Outgoing(f"bench:{chat}", chat, f"message {chat}")
                for chat in range(1, recipients + 1)
            ],
            utcnow(),
        )
        await session.commit()
        counts = await Outbox(session).counts()
    await engine.dispose()
    assert counts["pending"] == recipients, counts


async def start_worker(folder: Path, api: FakeBotAPI, rate: float) -> asyncio.subprocess.Process:
    env = welcomebot_env(
        data_dir=str(folder),
        telegram_token="123:BENCH",
        telegram_api_url=api.url,
        content_dir=str(REPO / "content"),
        report_secret="bench",
        delivery_rate=str(rate),
    )
    return await start_welcomebot("worker", env=env, stderr=asyncio.subprocess.DEVNULL)


def delivered(api: FakeBotAPI) -> list[int]:
    return [int(params["chat_id"]) for params in api.called("sendMessage")]


async def wait_for(api: FakeBotAPI, count: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while len(delivered(api)) < count and time.monotonic() < deadline:
        await asyncio.sleep(0.2)


async def final_counts(folder: Path) -> dict[str, int]:
    settings = load_settings(data_dir=folder)
    engine = database.create_engine(settings)
    async with database.session_factory(engine)() as session:
        counts = await Outbox(session).counts()
    await engine.dispose()
    return counts


async def rate_run(recipients: int, rate: float) -> dict[str, float]:
    folder = Path(tempfile.mkdtemp())
    await prepare(folder, recipients, frozenset())
    async with FakeBotAPI(per_second=30, per_chat_interval=1.0) as api:
        worker = await start_worker(folder, api, rate)
        await wait_for(api, 20, 120)  # start-up (imports, content) is not sending
        start, first = time.monotonic(), len(delivered(api))
        await wait_for(api, recipients, STARTUP + recipients / rate * 3)
        elapsed = time.monotonic() - start
        sent = len(delivered(api)) - first
        worker.send_signal(signal.SIGTERM)
        await worker.wait()
        refused = sum(api.refused.values())
    return {"rate": sent / elapsed, "fraction": sent / elapsed / rate, "429s": refused}


async def resilience_run(recipients: int, rate: float) -> dict[str, float]:
    folder = Path(tempfile.mkdtemp())
    rng = random.Random(5)
    blocked = frozenset(rng.sample(range(1, recipients + 1), recipients // 50))
    await prepare(folder, recipients, blocked)
    async with FakeBotAPI(per_second=30, per_chat_interval=1.0, blocked=blocked) as api:
        for kill_at in (recipients // 3, 2 * recipients // 3):
            worker = await start_worker(folder, api, rate)
            await wait_for(api, kill_at, STARTUP + recipients / rate * 3)
            worker.send_signal(signal.SIGKILL)  # no cleanup, as in a crash
            await worker.wait()
        worker = await start_worker(folder, api, rate)
        reachable = recipients - len(blocked)
        deadline = time.monotonic() + STARTUP + recipients / rate * 2
        while time.monotonic() < deadline:
            counts = await final_counts(folder)
            if counts["pending"] + counts["claimed"] == 0 and counts["sending"] == 0:
                break
            await asyncio.sleep(1)
        worker.send_signal(signal.SIGTERM)
        await worker.wait()
        arrivals = Counter(delivered(api))
    counts = await final_counts(folder)
    queued = counts["pending"] + counts["claimed"]  # the run ended before these were tried
    lost = sum(1 for chat in range(1, recipients + 1) if chat not in blocked and not arrivals[chat])
    lost -= queued
    return {
        "reachable": reachable,
        "lost": lost,
        "duplicated": sum(n - 1 for n in arrivals.values() if n > 1),
        "unknown": counts["unknown"],
        "queued": queued,
        "blocked": counts["blocked"],
        "sent": counts["sent"],
    }


async def main(recipients: int, rate: float) -> None:
    fast = await rate_run(recipients, rate)
    safe = await resilience_run(recipients, rate)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"{recipients:,} recipients, configured rate {rate}/s, server limit 30/s and 1/s per chat\n"
    )
    print("| figure | value |\n|---|---:|")
    print(f"| sustained rate | {fast['rate']:.2f} msg/s |")
    print(f"| as a fraction of the configured rate | {fast['fraction']:.3f} |")
    print(f"| 429s the worker caused | {int(fast['429s'])} |")
    print(f"| lost, of {int(safe['reachable']):,} reachable (2 kills) | {int(safe['lost'])} |")
    print(f"| duplicated | {int(safe['duplicated'])} |")
    print(f"| still queued when the run ended (not lost: never tried) | {int(safe['queued'])} |")
    print(f"| outcome unknown (kill during a request; not resent) | {int(safe['unknown'])} |")
    print(f"| blocked (403) | {int(safe['blocked'])} |")
    print(f"| worker peak memory | {peak_mb:.0f} MB |")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=5000)
    parser.add_argument("--rate", type=float, default=25.0)
    args = parser.parse_args()
    asyncio.run(main(args.recipients, args.rate))
