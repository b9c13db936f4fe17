"""The Streamlit pages, driven with streamlit.testing.v1.AppTest against the session index.
Each test gets its own database; the note index is the session's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from interviewer.store import SessionStore
from knowledge.scenarios import default_catalog

UI = Path(__file__).resolve().parents[1] / "ui"
DATASET = Path(__file__).resolve().parents[1] / "evals" / "datasets" / "grading" / "tune"


@pytest.fixture
def env(kb_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    db = tmp_path / "ui.sqlite"
    monkeypatch.setenv("INTERVIEWER_HOME", str(kb_home))
    monkeypatch.setenv("INTERVIEWER_PROVIDER", "offline")
    monkeypatch.setenv("INTERVIEWER_DATABASE_URL", f"sqlite:///{db}")
    st.cache_resource.clear()  # the app's services are per process; rebuild them on this database
    return db


def page(name: str, lang: str = "en", **params: str) -> AppTest:
    at = AppTest.from_file(str(UI / name), default_timeout=180)
    at.session_state["lang"] = lang
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def _text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [e.value for e in at.error]
    parts += [s.value for s in at.success] + [s.value for s in at.info]
    return "\n".join(str(p) for p in parts)


def test_app_shows_the_model_in_use_and_switches_language(env: Path) -> None:
    at = AppTest.from_file(str(UI / "app.py"), default_timeout=180).run()
    assert not at.exception
    sidebar = " ".join(m.value for m in at.sidebar.markdown)
    assert "offline" in sidebar
    assert at.title[0].value == "Practice"
    at.sidebar.radio[0].set_value("ko").run()
    assert not at.exception and at.title[0].value == "모의 면접"


def test_practice_interview_from_start_to_report(env: Path) -> None:
    at = page("views/practice.py")
    assert not at.exception
    at.selectbox[0].set_value("url-shortener")
    at.button[0].click().run()  # the form's submit button
    sid = at.query_params["sid"]
    assert sid and not at.exception
    assert "short" in at.chat_message[0].markdown[0].value.lower()  # the opening states the goal
    scenario = default_catalog().get("url-shortener")
    at.chat_input[0].set_value(scenario.facts[0].questions.en[0]).run()
    assert len(at.chat_message) == 3 and not at.exception
    assert "300 million" in at.chat_message[2].markdown[0].value  # the fact that was asked for
    progress = [p.proto.text for p in at.get("progress")]
    assert len(progress) == 4 and "Requirements" in progress[0]
    # Reload: the session id in the URL brings the same conversation back.
    again = page("views/practice.py", sid=sid)
    assert len(again.chat_message) == 3
    end = next(b for b in again.button if b.label.startswith("End interview"))
    end.click().run()
    assert not again.exception
    assert any("ended" in s.value for s in again.success)
    assert any(m.label == "Overall" for m in again.metric)
    assert len(again.get("download_button")) == 3
    assert SessionStore(f"sqlite:///{env}").list()[0][3] is not None  # the grade is kept with the session


def test_practice_bad_input_keeps_the_conversation(env: Path) -> None:
    at = page("views/practice.py", sid="no-such-session")
    assert not at.exception and "does not exist" in _text(at)
    at = page("views/practice.py")
    at.button[0].click().run()
    sid = at.query_params["sid"]
    at.chat_input[0].set_value("   ").run()
    assert not at.exception and "empty" in _text(at)
    assert len(at.chat_message) == 1
    # The box caps length in the browser (max_chars); the service refuses longer text anyway.
    assert at.chat_input[0].proto.max_chars == 20_000
    assert len(page("views/practice.py", sid=sid).chat_message) == 1


def test_concept_question_in_korean_cites_notes(env: Path) -> None:
    at = page("views/concepts.py", "ko")
    at.text_input[0].input("CDN은 언제 써?")
    at.button[0].click().run()
    assert not at.exception
    assert "CDN" in _text(at) and any("CDN" in e.label for e in at.expander)


def test_empty_concept_question_is_an_error_not_a_traceback(env: Path) -> None:
    at = page("views/concepts.py")
    at.text_input[0].input("   ")
    at.button[0].click().run()
    assert not at.exception and at.error and "empty" in at.error[0].value


def test_quiz_grades_an_answer_with_feedback(env: Path) -> None:
    at = page("views/concepts.py")
    quiz = at.session_state["quiz"]
    assert quiz.question and quiz.key_points
    at.text_area[0].input(" ".join(quiz.key_points))
    next(b for b in at.button if b.label == "Check my answer").click().run()
    assert not at.exception
    grade = at.session_state["quiz_grade"]
    assert grade.score >= 4 and grade.feedback in _text(at)
    at.text_area[0].input("no idea, maybe it is a database thing that makes stuff faster in general")
    next(b for b in at.button if b.label == "Check my answer").click().run()
    assert at.session_state["quiz_grade"].score < grade.score


def test_history_lists_sessions_trend_and_report(env: Path) -> None:
    empty = page("views/history.py")
    assert not empty.exception and "No interviews yet" in _text(empty)
    # Two graded sessions from labeled transcripts, stored as sessions.
    from interviewer.deps import AppDeps

    deps = AppDeps()
    service = deps.interviews
    for name in ("tune-en-news-feed-l2.json", "tune-en-url-shortener-l5.json"):
        data = json.loads((DATASET / name).read_text(encoding="utf-8"))
        sid = service.start(data["scenario"], data["language"], minutes_per_turn=2)
        "".join(service.reply_stream(sid))
        for turn in [t for t in data["turns"] if t["role"] == "candidate"][:6]:
            service.submit(sid, turn["content"])
            "".join(service.reply_stream(sid))
        deps.grading.grade_target(sid)
    at = page("views/history.py")
    assert not at.exception
    assert len(at.dataframe) == 1 and len(at.dataframe[0].value) == 2
    # Six turns in, both interviews are unfinished: marked, and out of the trend until asked for.
    assert all("unfinished" in str(v) for v in at.dataframe[0].value["overall"])
    assert not (at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart"))
    at.checkbox[0].check().run()
    assert at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")
    assert any(m.label == "Overall" for m in at.metric)


def test_knowledge_browse_and_search(env: Path) -> None:
    at = page("views/knowledge.py", note="caching")
    assert not at.exception and at.header[0].value == "Caching"
    at.text_input[0].input("cache stampede").run()
    assert not at.exception and any("Caching" in e.label for e in at.expander)
    ko = page("views/knowledge.py", "ko", note="caching")
    assert ko.header[0].value == "캐싱"


def test_model_server_down_is_one_clear_message_and_nothing_is_lost(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTERVIEWER_PROVIDER", "openai")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")  # nothing listens there
    monkeypatch.setenv("INTERVIEWER_MAX_RETRIES", "0")
    monkeypatch.setenv("INTERVIEWER_REQUEST_TIMEOUT", "3")
    st.cache_resource.clear()
    at = page("views/practice.py")
    at.selectbox[0].set_value("url-shortener")
    at.button[0].click().run()
    sid = at.query_params["sid"]
    assert not at.exception
    assert any("could not reply" in e.value and "could not be reached" in e.value for e in at.error)
    assert any(b.label == "Retry the reply" for b in at.button)
    # The session is kept: the owed reply comes once the model is back (here: offline).
    monkeypatch.setenv("INTERVIEWER_PROVIDER", "offline")
    monkeypatch.delenv("OPENAI_BASE_URL")
    st.cache_resource.clear()
    again = page("views/practice.py", sid=sid)
    assert not again.exception and len(again.chat_message) == 1
