"""The candidate's Mermaid diagram is read: nodes, edges, errors shown, probes that name a box,
and the report that shows it."""

from __future__ import annotations

import pytest

from interviewer.clock import FakeClock
from interviewer.diagram import MAX_DIAGRAM_CHARS, findings, parse_mermaid, summary
from interviewer.plan import Plan, Probe
from interviewer.session import InterviewService
from interviewer.store import Scratch


def test_shapes_labels_chains_and_groups_are_read() -> None:
    read = parse_mermaid(
        "flowchart TD\n"
        "  U[User] -->|POST /urls| API(API server)\n"
        "  API --> C[(Redis cache)] & D[(Orders DB)]\n"
        "  API -.-> K{{Kafka}}; K -- events --> W[Worker]\n"
        "  %% a comment\n"
        "  subgraph data\n  end\n"
    )
    assert read.error == ""
    assert read.nodes == {
        "U": "User",
        "API": "API server",
        "C": "Redis cache",
        "D": "Orders DB",
        "K": "Kafka",
        "W": "Worker",
    }
    assert ("U", "API", "POST /urls") in read.edges
    assert ("API", "C", "") in read.edges and ("API", "D", "") in read.edges
    assert ("K", "W", "events") in read.edges
    assert set(read.stores) == {"C", "D"}
    assert "User —POST /urls→ API server" in summary(read)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("sequenceDiagram\n A->>B: hi", "line 1"),
        ("graph TD\n A[Client --> B", "line 2"),
        ("graph LR\n A -->", "no target"),
        ("graph LR\n A ~~ B", "line 2"),
    ],
)
def test_a_diagram_that_cannot_be_read_says_which_line(code: str, expected: str) -> None:
    read = parse_mermaid(code)
    assert expected in read.error and not read.nodes and not read.edges


def test_empty_and_huge_diagrams() -> None:
    assert parse_mermaid("  ").error == "" and not parse_mermaid("").nodes
    assert "limit" in parse_mermaid("graph LR\n" + "A-->B\n" * MAX_DIAGRAM_CHARS).error


def test_findings_point_at_what_was_drawn() -> None:
    lone = findings(parse_mermaid("graph LR; Client-->LB-->App-->DB"))
    assert [f.key for f in lone][:2] == ["single-db", "no-cache"] and lone[0].node == "DB"
    replicated = findings(parse_mermaid("graph LR; App-->P[(Postgres)]; P-->R[(Postgres replica)]; App-->C[Redis]"))
    assert "single-db" not in {f.key for f in replicated} and "no-cache" not in {f.key for f in replicated}
    assert findings(parse_mermaid("graph LR\n A -->")) == []  # an unread diagram invites nothing


def _design_turns(service: InterviewService, sid: str, turns: list[str]) -> list[Plan]:
    plans = []
    clock = service.deps.clock
    assert isinstance(clock, FakeClock)
    for text in turns:
        clock.advance(3)
        service.answer(sid, text)
        plans.append(Plan.model_validate(service.get(sid).turns[-1].plan))
    return plans


@pytest.mark.parametrize("language", ["en", "ko"])
def test_a_probe_names_the_box_in_the_diagram_and_the_report_shows_it(
    interview_service: InterviewService, language: str
) -> None:
    service = interview_service
    sid = service.start("url-shortener", language)
    "".join(service.reply_stream(sid))
    service.deps.store.save_scratch(
        sid, Scratch(notes="", diagram="graph LR; Client-->App[App server]-->DB[(Links DB)]")
    )
    plans = _design_turns(
        service,
        sid,
        [
            "How many links are created per month, and what's the read to write ratio?",
            "Design: clients call a stateless app tier behind a load balancer, which writes the link to the database "
            "and reads it back on redirect; codes come from a counter encoded in base62.",
            "The API is POST /links returning the code and GET /{code} returning a 302.",
            "Codes are 7 characters of base62, which gives 3.5 trillion codes, far more than we need.",
            "The app servers keep no state, so any of them can serve any request.",
        ],
    )
    probes = [a for p in plans for a in p.actions if isinstance(a, Probe) and a.diagram_node]
    assert probes and probes[0].diagram_node == "Links DB"
    turn = next(t for t in service.get(sid).turns if t.plan and any(a.get("diagram_node") for a in t.plan["actions"]))
    assert "`Links DB`" in turn.content
    if language == "ko":
        assert "`Links DB`(" not in turn.content  # particles resolved, not left as templates
    record = service.get(sid).state.record
    assert record.diagram is not None and record.diagram.nodes["DB"] == "Links DB"
    transcript = service.transcript(sid)
    assert transcript["diagram"].startswith("graph LR")
