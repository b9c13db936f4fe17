"""Reading the candidate's Mermaid flowchart: nodes, edges and labels, and what a probe can
point at ("one `DB` box and no replica").

Only the flowchart subset people draw in an interview is read (`graph`/`flowchart`, node
shapes, labelled and chained edges, `&`, subgraphs). Anything else is reported as an error
with its line, so the candidate sees why the diagram was not read instead of it being ignored.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Literal

from interviewer.observation import DiagramRecord

MAX_DIAGRAM_CHARS = 20_000

NodeKind = Literal["db", "cache", "queue", "lb", "cdn", "replica", "client", "service"]

_HEADER = re.compile(r"^\s*(graph|flowchart)(\s+(TB|TD|BT|RL|LR))?\s*;?\s*$", re.IGNORECASE)
_SKIP = re.compile(r"^\s*(%%|classDef\b|class\b|style\b|linkStyle\b|click\b|direction\b|end\s*$|subgraph\b)", re.I)
# Shapes, longest openers first: A[(db)], A((circle)), A([stadium]), A[[sub]], A[/x/], A{x}, A>x], A(x), A[x]
_SHAPES = [("[(", ")]"), ("((", "))"), ("([", "])"), ("[[", "]]"), ("[/", "/]"), ("[\\", "\\]"), ("{{", "}}")]
_SHAPES += [("{", "}"), (">", "]"), ("(", ")"), ("[", "]")]
_ID = re.compile(r"[\w\-.:가-힣]+")
# Edges: -->, ---, -.->, ==>, --o, --x, with an optional label as |text| or -- text -->
_EDGE = re.compile(
    r"\s*(?P<pre><)?(?P<body>-{2,}|={2,}|-\.+-?)(?:\s*(?P<text>[^|>\-=][^>]*?)\s*(?:-{2,}|={2,}|-\.+-?))?"
    r"(?P<head>>|o|x)?\s*(?:\|(?P<pipe>[^|]*)\|)?\s*"
)

_KINDS: list[tuple[NodeKind, re.Pattern[str]]] = [
    ("replica", re.compile(r"replica|standby|follower|secondary|slave|read[- ]only|복제|레플리카|스탠바이", re.I)),
    ("cache", re.compile(r"cache|redis|memcache|캐시", re.I)),
    ("queue", re.compile(r"queue|kafka|sqs|rabbit|pub/?sub|kinesis|stream|topic|큐|카프카", re.I)),
    ("cdn", re.compile(r"\bcdn\b|edge|cloudfront|akamai", re.I)),
    ("lb", re.compile(r"\blb\b|load ?balanc|\balb\b|\belb\b|nginx|haproxy|gateway|로드 ?밸런서|게이트웨이", re.I)),
    (
        "db",
        re.compile(
            r"\bdb\b|database|mysql|postgres|sql|cassandra|dynamo|mongo|spanner|cockroach|aurora|hbase|"
            r"storage|store|s3|blob|데이터베이스|저장소|디비",
            re.I,
        ),
    ),
    ("client", re.compile(r"client|user|browser|mobile|app\b|사용자|클라이언트|브라우저|앱", re.I)),
]


class DiagramError(ValueError):
    """A flowchart line that could not be read; the message names the line."""


@dataclass(frozen=True)
class Finding:
    """Something the diagram shows (or lacks) that an interviewer would ask about."""

    key: str  # stable id: one probe per finding per session
    topic: str  # the note it belongs to
    template: str  # realizer template key
    node: str  # the label it points at


def source_digest(code: str) -> str:
    """What a diagram's record is keyed by: an unchanged diagram is not read again."""
    return hashlib.sha256(code.encode("utf-8")).hexdigest()[:16]


def parse_mermaid(code: str) -> DiagramRecord:
    """The flowchart as nodes and edges; `error` says what could not be read (nothing is guessed)."""
    digest = source_digest(code)
    record = DiagramRecord(source_digest=digest)
    if not code.strip():
        return record
    if len(code) > MAX_DIAGRAM_CHARS:
        record.error = f"the diagram is {len(code):,} characters; the limit is {MAX_DIAGRAM_CHARS:,}"
        return record
    statements = [(n, s.strip()) for n, line in enumerate(code.splitlines(), 1) for s in line.split(";")]
    statements = [(n, s) for n, s in statements if s]
    try:
        first_line, first = statements[0]
        if not _HEADER.match(first):
            raise DiagramError(f"line {first_line}: start with 'flowchart LR' or 'graph TD' (got {first[:40]!r})")
        for number, statement in statements[1:]:
            if _SKIP.match(statement):
                continue
            _statement(statement, number, record)
    except DiagramError as err:
        return DiagramRecord(source_digest=digest, error=str(err))
    return record


def _statement(text: str, number: int, record: DiagramRecord) -> None:
    """One statement: a node, or a chain of node groups joined by edges."""
    pos = 0
    previous: list[str] = []
    label = ""
    while True:
        group, pos = _node_group(text, pos, number, record)
        for source in previous:
            for target in group:
                record.edges.append((source, target, label))
        rest = text[pos:]
        if not rest.strip():
            return
        edge = _EDGE.match(text, pos)
        if edge is None or not edge.group("body"):
            raise DiagramError(f"line {number}: cannot read {rest.strip()[:40]!r} (expected an arrow such as -->)")
        label = (edge.group("pipe") or edge.group("text") or "").strip().strip('"')
        pos = edge.end()
        if pos >= len(text):
            raise DiagramError(f"line {number}: the arrow has no target")
        previous = group


def _node_group(text: str, pos: int, number: int, record: DiagramRecord) -> tuple[list[str], int]:
    """`A`, `A[label]` or `A & B`: the node ids and the position after them."""
    ids: list[str] = []
    while True:
        node_id, pos = _node(text, pos, number, record)
        ids.append(node_id)
        amp = re.compile(r"\s*&\s*").match(text, pos)
        if amp is None:
            return ids, pos
        pos = amp.end()


def _node(text: str, pos: int, number: int, record: DiagramRecord) -> tuple[str, int]:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    match = _ID.match(text, pos)
    if match is None:
        raise DiagramError(f"line {number}: expected a node name at {text[pos : pos + 20]!r}")
    node_id = match.group()
    # "A-->B": the id pattern must not swallow the arrow's dashes
    node_id = re.split(r"-{2,}|\.-|={2,}", node_id)[0].rstrip("-.")
    if not node_id:
        raise DiagramError(f"line {number}: expected a node name at {text[pos : pos + 20]!r}")
    pos += len(node_id)
    for opener, closer in _SHAPES:
        if text.startswith(opener, pos):
            end = text.find(closer, pos + len(opener))
            if end < 0:
                raise DiagramError(f"line {number}: {node_id}{opener}... is missing its closing {closer!r}")
            label = text[pos + len(opener) : end].strip().strip('"')
            record.nodes[node_id] = label or node_id
            if opener == "[(" and node_id not in record.stores:
                record.stores.append(node_id)  # a cylinder is a data store whatever its label
            return node_id, end + len(closer)
    record.nodes.setdefault(node_id, node_id)
    return node_id, pos


def node_kind(label: str) -> NodeKind:
    for kind, pattern in _KINDS:
        if pattern.search(label):
            return kind
    return "service"


def findings(record: DiagramRecord) -> list[Finding]:
    """What the drawing invites questions about, most serious first."""
    if record.error or not record.nodes:
        return []
    kinds = {node: node_kind(label) for node, label in record.nodes.items()}
    for node in record.stores:
        if kinds[node] not in {"cache", "queue", "replica"}:
            kinds[node] = "db"
    dbs = [n for n, k in kinds.items() if k == "db"]
    out: list[Finding] = []
    if len(dbs) == 1 and "replica" not in kinds.values():
        out.append(Finding("single-db", "replication", "diagram_single_db", record.nodes[dbs[0]]))
    readers = {s for s, t, _ in record.edges if t in dbs}
    if dbs and "cache" not in kinds.values() and readers:
        out.append(Finding("no-cache", "caching", "diagram_no_cache", record.nodes[dbs[0]]))
    services = [n for n, k in kinds.items() if k == "service"]
    if services and "lb" not in kinds.values() and len(record.nodes) >= 3:
        out.append(Finding("no-lb", "load-balancing", "diagram_no_lb", record.nodes[services[0]]))
    linked = {n for s, t, _ in record.edges for n in (s, t)}
    loose = [n for n in record.nodes if n not in linked]
    if loose and record.edges:
        out.append(Finding("unlinked", "failure-modes", "diagram_unlinked", record.nodes[loose[0]]))
    return out


def summary(record: DiagramRecord) -> list[str]:
    """The edges as readable lines ("Client → LB"), for reports."""
    lines = []
    for source, target, label in record.edges:
        arrow = f" —{label}→ " if label else " → "
        lines.append(f"{record.nodes.get(source, source)}{arrow}{record.nodes.get(target, target)}")
    linked = {n for s, t, _ in record.edges for n in (s, t)}
    lines += [label for node, label in record.nodes.items() if node not in linked]
    return lines
