"""Browser benchmarks: time from starting the app to a healthy server, and time from
sending a chat message to the interviewer's full offline reply in chromium."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np

from interviewer.testing.candidates import scripted_candidate
from knowledge.base import KnowledgeBase
from knowledge.notes import bundled_catalog
from knowledge.scenarios import default_catalog
from knowledge.types import Language
from ui.testing import PracticeDriver, browser, chromium_path, running_app

Log = Callable[[str], None]


def bench_browser(home: Path, log: Log, messages: int = 12) -> dict[str, float]:
    if chromium_path() is None:
        log("chromium is not installed (apt-get install chromium): browser figures skipped")
        return {}
    KnowledgeBase.open(home).sync()  # the index exists, as after `make run`
    out: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="bench-browser-") as tmp:
        env = {
            "INTERVIEWER_HOME": str(home),
            "INTERVIEWER_DATABASE_URL": f"sqlite:///{Path(tmp) / 'bench.sqlite'}",
            "INTERVIEWER_PROVIDER": "offline",
            "INTERVIEWER_MINUTES_PER_TURN": "3",
        }
        log("starting the app")
        with running_app(env) as app:
            out["server_start_to_healthy_s"] = app.started_in
            scenario = default_catalog().get("url-shortener")
            with browser() as b:
                page = b.new_page(viewport={"width": 1400, "height": 1000})
                driver = PracticeDriver(page, app.url)
                driver.open()
                driver.start(scenario.title.en)
                log(f"{messages} chat messages in chromium")
                times = [
                    driver.send(turn)
                    for turn in scripted_candidate(scenario, Language.EN, bundled_catalog(), turns=16)[:messages]
                ]
    out["chat_reply_in_browser_s_p50"] = float(np.percentile(times, 50))
    out["chat_reply_in_browser_s_p95"] = float(np.percentile(times, 95))
    return out
