"""Hub client throughput against the local Hub test server: prints figures, asserts nothing.

    python benchmarks/hub.py [--repos N] [--latency SECONDS]

Every answer of the local Hub is held back by ``--latency`` (default 50 ms) to stand in
for a distant Hub. Measures:
  * ``lookup_many`` over N repositories with 1, 8 and 16 workers (wall time, look-ups/s);
  * the same with one repository in ten answering 503 once (requests made, retries);
  * an ``--offline`` re-run from the answer cache (wall time, requests made: should be 0);
  * reading a LICENSE of every repository with 8 threads.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from hubserver import HubServer  # noqa: E402

from audit.resolve.hub import HubClient  # noqa: E402


def _serve(hub: HubServer, count: int) -> list[tuple[str, str | None]]:
    refs: list[tuple[str, str | None]] = []
    for i in range(count):
        name = f"org{i % 13}/model-{i:04d}"
        hub.add_model(
            name,
            card_data={"license": "apache-2.0", "base_model": f"base/b-{i % 17}"},
            files={"LICENSE": f"Licence text of {name}\n" * 40},
        )
        refs.append((name, None))
    return refs


def _timed(label: str, run: Callable[[], list[Any]], hub: HubServer) -> None:
    hub.clear_requests()
    start = time.perf_counter()
    results = run()
    seconds = time.perf_counter() - start
    count = len(results)
    # Look-ups count when ``ok``; file reads when they gave text.
    ok = sum(1 for r in results if (r.status == "ok" if hasattr(r, "status") else r is not None))
    rate = count / seconds if seconds else float("inf")
    print(
        f"{label:<44} {seconds:7.2f} s  {rate:8.1f}/s  ok {ok}/{count}  "
        f"requests {len(hub.requests)}"
    )


def main() -> None:
    """Run the measurements and print one line each."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repos", type=int, default=200)
    parser.add_argument("--latency", type=float, default=0.05)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as home, HubServer(latency=args.latency) as hub:
        os.environ["HF_HOME"] = home
        os.environ["HF_ENDPOINT"] = hub.endpoint
        for name in ("HF_TOKEN", "HF_HUB_OFFLINE", "HF_HUB_CACHE"):
            os.environ.pop(name, None)
        refs = _serve(hub, args.repos)
        print(f"{args.repos} repositories, {args.latency * 1000:.0f} ms per answer")

        for workers in (1, 8, 16):
            client = HubClient(cache_dir=Path(home) / f"answers-{workers}")
            _timed(
                f"lookup_many, {workers} worker(s)",
                lambda c=client, w=workers: list(c.lookup_many(refs, workers=w).values()),
                hub,
            )

        for name, _ in refs[::10]:
            hub.fail(name, [503])
        flaky = HubClient(cache_dir=Path(home) / "answers-flaky", backoff_seconds=0.05)
        _timed(
            "lookup_many, 8 workers, 1 in 10 answers 503 once",
            lambda: list(flaky.lookup_many(refs, workers=8).values()),
            hub,
        )

        offline = HubClient(offline=True, cache_dir=Path(home) / "answers-8")
        _timed(
            "lookup_many --offline from the answer cache",
            lambda: list(offline.lookup_many(refs).values()),
            hub,
        )

        reader = HubClient()
        with ThreadPoolExecutor(max_workers=8) as pool:
            _timed(
                "read_text_file LICENSE, 8 threads",
                lambda: list(pool.map(lambda r: reader.read_text_file(r[0], "LICENSE"), refs)),
                hub,
            )


if __name__ == "__main__":
    main()
