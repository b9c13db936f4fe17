"""The Streamlit page, driven with streamlit.testing.v1.AppTest against the session index."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "ui" / "app.py")


@pytest.fixture
def app(kb_home: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("INTERVIEWER_HOME", str(kb_home))
    monkeypatch.setenv("INTERVIEWER_PROVIDER", "offline")
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    return at


def test_page_shows_provider_and_scenarios(app: AppTest) -> None:
    assert not app.exception
    assert app.title[0].value == "System-design interview coach"
    sidebar = " ".join(m.value for m in app.sidebar.markdown)
    assert "offline" in sidebar and "URL" in sidebar


def test_concept_question_in_korean(app: AppTest) -> None:
    app.sidebar.radio[0].set_value("ko").run()
    assert app.title[0].value == "시스템 설계 면접 코치"
    app.text_input[0].input("CDN은 언제 써?")
    app.button[0].click().run()
    assert not app.exception
    answer = " ".join(m.value for m in app.markdown)
    assert "CDN" in answer and "출처" in answer


def test_empty_question_shows_an_error_not_a_traceback(app: AppTest) -> None:
    app.text_input[0].input("   ")
    app.button[0].click().run()
    assert not app.exception
    assert app.error and "empty" in app.error[0].value
