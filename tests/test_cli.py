"""The installed `interviewer` command: JSON on stdout, one clear line and an exit code on errors."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

COMMANDS = ["scenarios", "search", "ask", "ingest", "index", "ui", "chat", "sessions", "grade", "report"]


def run(args: list[str], env: dict[str, str], timeout: float = 180) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).parent / "interviewer"
    return subprocess.run([str(exe), *args], env=env, capture_output=True, text=True, timeout=timeout, check=False)


def _assert_one_clean_line(result: subprocess.CompletedProcess[str], code: int, words: str) -> None:
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and words in lines[0], result.stderr


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str, cli_env: dict[str, str]) -> None:
    result = run([command, "--help"], cli_env)
    assert result.returncode == 0 and "Usage" in result.stdout


def test_scenarios_json(cli_env: dict[str, str]) -> None:
    result = run(["scenarios", "--json"], cli_env)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    ids = {item["id"] for item in data}
    assert {"url-shortener", "ml-model-serving"} <= ids
    assert all(set(item) >= {"id", "title", "languages"} and item["languages"] == ["en", "ko"] for item in data)
    korean = json.loads(run(["scenarios", "--json", "--language", "ko"], cli_env).stdout)
    assert any("단축" in item["title"] for item in korean)


def test_search_json_best_first(cli_env: dict[str, str]) -> None:
    result = run(["search", "샤딩 키는 어떻게 골라?", "-k", "3", "--json"], cli_env)
    assert result.returncode == 0, result.stderr
    hits = json.loads(result.stdout)
    assert len(hits) == 3
    assert hits[0]["note_id"] == "database-sharding"
    assert all(set(h) >= {"note_id", "title", "score", "snippet"} for h in hits)
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)


def test_ask_json_and_text(cli_env: dict[str, str]) -> None:
    result = run(["ask", "what is a bloom filter?", "--json"], cli_env)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["citations"][0] == {"note_id": "bloom-filter", "title": "Bloom filter"}
    assert "false positive" in data["answer"].lower()
    text = run(["ask", "서킷 브레이커는 왜 필요해?"], cli_env)
    assert text.returncode == 0 and "서킷 브레이커" in text.stdout


@pytest.mark.parametrize("args", [["ask", "   "], ["search", ""], ["ask", "\x01\x02"]])
def test_empty_text_exits_2_with_one_line(args: list[str], cli_env: dict[str, str]) -> None:
    result = run([*args, "--json"], cli_env)
    _assert_one_clean_line(result, 2, "empty")
    assert result.stdout == ""


def test_openai_without_a_key_is_a_clear_configuration_error(cli_env: dict[str, str]) -> None:
    env = dict(cli_env, INTERVIEWER_PROVIDER="openai")
    _assert_one_clean_line(run(["ask", "what is a CDN?"], env), 2, "OPENAI_API_KEY")


def test_model_server_down_exits_1_and_never_prints_the_key(cli_env: dict[str, str]) -> None:
    env = dict(cli_env, INTERVIEWER_PROVIDER="openai", OPENAI_BASE_URL="http://127.0.0.1:9/v1")
    env.update(OPENAI_API_KEY="sk-cli-secret", INTERVIEWER_MAX_RETRIES="0", INTERVIEWER_REQUEST_TIMEOUT="2")
    result = run(["ask", "what is a CDN?"], env)
    _assert_one_clean_line(result, 1, "could not be reached")
    assert "sk-cli-secret" not in result.stderr + result.stdout


def test_ingest_reports_broken_files_and_indexes_the_rest(cli_env: dict[str, str], tmp_path: Path) -> None:
    home = tmp_path / "home"
    shutil.copytree(cli_env["INTERVIEWER_HOME"], home)
    env = dict(cli_env, INTERVIEWER_HOME=str(home))
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "gossip.md").write_text(
        "---\nid: my-gossip\ntitle: Gossip protocols\n---\n# Gossip protocols\n\n## Idea\n"
        "Gossip protocols spread membership changes by having each node tell a few random peers every second.\n",
        encoding="utf-8",
    )
    (notes / "bad.md").write_text("---\ntitle: [broken\n---\n# x\n", encoding="utf-8")
    result = run(["ingest", str(notes), "--json"], env)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["added"], data["updated"], data["skipped"]) == (1, 0, 1)
    assert "bad.md" in result.stderr and "Traceback" not in result.stderr
    hits = json.loads(run(["search", "how do nodes spread membership changes to random peers?", "--json"], env).stdout)
    assert hits[0]["note_id"] == "my-gossip"
    only_bad = run(["ingest", str(notes / "bad.md")], env)
    assert only_bad.returncode == 2 and "bad.md" in only_bad.stderr


def test_index_reports_counts(cli_env: dict[str, str]) -> None:
    result = run(["index", "--json"], cli_env)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["chunks"] >= 60 * 2 * 7 and data["embedded"] == 0 and data["unchanged"] == data["chunks"]
