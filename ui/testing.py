"""Drive the real app in a real browser: start Streamlit on a free port, and a Playwright
driver for Debian's chromium. Shared by the browser tests and the benchmarks."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

APP = Path(__file__).resolve().parent / "app.py"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str | None:
    found = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class RunningApp:
    url: str
    process: subprocess.Popen[bytes]
    started_in: float


@contextmanager
def running_app(env: dict[str, str], timeout: float = 120.0, log: Path | None = None) -> Iterator[RunningApp]:
    """`streamlit run ui/app.py` on a free port; yields once /_stcore/health answers ok."""
    port = free_port()
    full_env = {
        **os.environ,
        **env,
        "STREAMLIT_SERVER_PORT": str(port),
        "STREAMLIT_SERVER_HEADLESS": "true",
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
        "STREAMLIT_CLIENT_TOOLBAR_MODE": "minimal",
        "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none",
    }
    out = log.open("wb") if log else subprocess.DEVNULL
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(APP), "--server.address", "127.0.0.1"],
        env=full_env,
        stdout=out,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"streamlit exited with code {process.returncode}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.read().strip() == b"ok":
                        break
            except OSError:
                pass
            if time.perf_counter() - started > timeout:
                raise TimeoutError("streamlit did not become healthy")
            time.sleep(0.2)
        yield RunningApp(url=url, process=process, started_in=time.perf_counter() - started)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        if log and hasattr(out, "close"):
            out.close()


@contextmanager
def browser() -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    if path is None:
        raise RuntimeError("chromium is not installed (apt-get install chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


class PracticeDriver:
    """The Practice page, as a user drives it."""

    def __init__(self, page: Page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url

    def open(self, path: str = "/", lang: str = "en") -> None:
        """The Practice page is the default page: it lives at the root URL."""
        self.page.goto(f"{self.base_url}{path}?lang={lang}")

    def start(self, scenario_title: str, timeout: float = 120_000) -> None:
        page = self.page
        page.get_by_text("Start interview").wait_for(timeout=timeout)
        page.locator('[data-testid="stSelectbox"]').first.click()
        page.get_by_role("option", name=scenario_title).click()
        page.get_by_role("button", name="Start interview").click()
        self.wait_for_messages(1, timeout)
        self.wait_idle(timeout)

    def wait_idle(self, timeout: float = 60_000, quiet_ms: int = 800, chat_open: bool = True) -> None:
        """Until the script run is over: the chat box is there (while the interview runs), no
        running indicator, and the page has not changed for `quiet_ms` (a reply is followed
        by one more rerun)."""
        if chat_open:
            self.page.locator('[data-testid="stChatInputTextArea"]').wait_for(timeout=timeout)
        deadline = time.perf_counter() + timeout / 1000
        last, quiet_since = None, time.perf_counter()
        while time.perf_counter() < deadline:
            state = self.page.evaluate(
                "() => [!!document.querySelector('[data-testid=\"stStatusWidget\"]'),"
                " document.querySelectorAll('[data-testid=\"stChatMessageContent\"]').length,"
                " (document.querySelector('[data-testid=\"stMain\"]') || document.body).innerText.length]"
            )
            if state != last or state[0]:
                last, quiet_since = state, time.perf_counter()
            elif (time.perf_counter() - quiet_since) * 1000 >= quiet_ms:
                return
            time.sleep(0.1)
        raise TimeoutError("the app did not settle")

    def messages(self) -> list[str]:
        return [m.inner_text() for m in self.page.locator('[data-testid="stChatMessageContent"]').all()]

    def wait_for_messages(self, count: int, timeout: float = 60_000) -> None:
        self.page.wait_for_function(
            "n => document.querySelectorAll('[data-testid=\"stChatMessageContent\"]').length >= n",
            arg=count,
            timeout=timeout,
        )

    def send(self, text: str, timeout: float = 60_000) -> float:
        """Type a turn and wait for the interviewer's full reply; seconds it took."""
        before = len(self.messages())
        box = self.page.locator('[data-testid="stChatInputTextArea"]')
        box.fill(text)
        started = time.perf_counter()
        box.press("Enter")
        self.wait_for_messages(before + 2, timeout)
        # The reply's bubble appears first and fills as it streams: wait for its words.
        self.page.wait_for_function(
            "n => { const m = document.querySelectorAll('[data-testid=\"stChatMessageContent\"]');"
            " return m.length >= n && m[n - 1].innerText.trim().length > 0; }",
            arg=before + 2,
            timeout=timeout,
        )
        elapsed = time.perf_counter() - started
        self.wait_idle(timeout)
        return elapsed
