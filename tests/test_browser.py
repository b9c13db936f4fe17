"""End to end in a real browser: Playwright driving Debian's chromium against the real app
(Streamlit on a free port, the session's index, a fresh database, the offline provider).

Without chromium these tests skip with the reason, except under CI (CI=true), where they
must run: `.ci/run` installs chromium with apt-get.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from interviewer.testing.candidates import scripted_candidate
from knowledge.notes import bundled_catalog
from knowledge.scenarios import default_catalog
from knowledge.types import Language
from ui.testing import PracticeDriver, RunningApp, browser, chromium_path, running_app

if chromium_path() is None:
    if os.environ.get("CI") == "true":
        raise RuntimeError("CI=true but chromium is missing: .ci/run must apt-get install chromium")
    pytest.skip("chromium is not installed (apt-get install chromium); browser tests skipped", allow_module_level=True)

SHOTS = Path(os.environ.get("SCREENSHOT_DIR", "")) if os.environ.get("SCREENSHOT_DIR") else None


@pytest.fixture(scope="module")
def app(kb_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    tmp = tmp_path_factory.mktemp("browser")
    env = {
        "INTERVIEWER_HOME": str(kb_home),
        "INTERVIEWER_DATABASE_URL": f"sqlite:///{tmp / 'app.sqlite'}",
        "INTERVIEWER_PROVIDER": "offline",
        "INTERVIEWER_MINUTES_PER_TURN": "3",  # simulated interview time, so constraints come due
    }
    with running_app(env, log=tmp / "streamlit.log") as running:
        yield running


def _shot(page, tmp_path: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    page.screenshot(path=str(tmp_path / name), full_page=True)
    if SHOTS is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / name), full_page=True)


def test_a_whole_offline_interview_in_the_browser(app: RunningApp, tmp_path: Path) -> None:
    scenario = default_catalog().get("url-shortener")
    constraint_starts = [c.text.en[:40] for c in scenario.constraints]
    with browser() as b:
        page = b.new_page(viewport={"width": 1400, "height": 1000})
        driver = PracticeDriver(page, app.url)
        driver.open()
        driver.start(scenario.title.en)
        assert "sid=" in page.url
        assert "short" in driver.messages()[0].lower()
        constraint_seen = False
        for turn in scripted_candidate(scenario, Language.EN, bundled_catalog(), turns=16)[:14]:
            driver.send(turn)
            text = "\n".join(driver.messages())
            if any(start in text for start in constraint_starts):
                constraint_seen = True
                break
        assert constraint_seen, "the interviewer should add a constraint as the design takes shape"
        # The diagram box renders Mermaid as the user types, and keeps it with the session.
        editor = page.frame_locator('iframe[title*="mermaid_editor"]')
        editor.locator("textarea").fill("graph LR; Client-->LB-->App-->Cache-->DB")
        editor.locator("#out svg").wait_for(timeout=30_000)
        page.wait_for_timeout(1500)  # the editor sends its text back after a short pause
        driver.wait_idle()
        _shot(page, tmp_path, "practice-constraint.png")
        # A reload resumes the same conversation from the URL.
        count = len(driver.messages())
        page.reload()
        driver.wait_for_messages(count)
        editor = page.frame_locator('iframe[title*="mermaid_editor"]')
        textarea = editor.locator("textarea")
        for _ in range(60):  # the editor is seeded from the saved session once its frame loads
            if "Cache-->DB" in textarea.input_value(timeout=30_000):
                break
            page.wait_for_timeout(500)
        assert "Cache-->DB" in textarea.input_value(timeout=30_000)
        page.get_by_role("button", name="End interview and grade").click()
        page.locator("svg.radar").wait_for(timeout=120_000)
        assert page.get_by_text("Overall").count() >= 1
        assert page.locator("svg.radar polygon").count() == 6  # five rings and the scores
        driver.wait_idle(chat_open=False)
        page.locator("svg.radar").scroll_into_view_if_needed()
        _shot(page, tmp_path, "practice-report.png")
        with page.expect_download(timeout=60_000) as download:
            page.get_by_role("button", name="Download PDF").click()
        pdf = tmp_path / "report.pdf"
        download.value.save_as(pdf)
        assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000


def test_concept_question_in_korean_in_the_browser(app: RunningApp, tmp_path: Path) -> None:
    with browser() as b:
        page = b.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{app.url}/concepts?lang=ko")
        page.get_by_label("개념 질문").fill("CDN은 언제 써?")
        page.get_by_role("button", name="질문하기").click()
        page.get_by_text("출처").first.wait_for(timeout=60_000)
        assert "CDN" in page.locator('[data-testid="stMain"]').inner_text()
        _shot(page, tmp_path, "concepts-ko.png")
