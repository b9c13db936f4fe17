"""The `interviewer` command line (CONTRACTS.md): thin commands over the services.

Every failure the user can act on becomes one line on stderr and an exit code:
2 for bad input, 1 for a dependency that failed; never a traceback.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from interviewer.concepts import ConceptAnswerer
from interviewer.deps import AppDeps
from interviewer.errors import InterviewerError, UserInputError
from interviewer.grading.result import GradeResult
from interviewer.grading.service import GraderChoice
from interviewer.prompts import PromptError
from interviewer.reports.data import report_for
from interviewer.reports.render import FORMATS, write_report
from interviewer.session import InterviewService
from interviewer.text_input import clean_text
from knowledge.errors import KnowledgeError
from knowledge.index import SyncStats
from knowledge.rubric import load_rubric
from knowledge.scenarios import default_catalog
from knowledge.types import Language

app = typer.Typer(
    name="interviewer",
    help="A system-design interview coach: practice interviews, concept Q&A and feedback, offline by default.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True)
out = Console()

JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON document on stdout and nothing else.")]
LangOpt = Annotated[
    Language | None, typer.Option("--language", "-l", help="en or ko (default: the language of the text).")
]


def _fail(message: str, code: int) -> NoReturn:
    err.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


@contextmanager
def _errors() -> Iterator[None]:
    """Translate our exceptions into one line and an exit code."""
    try:
        yield
    except InterviewerError as exc:
        _fail(str(exc), exc.exit_code)
    except KnowledgeError as exc:
        _fail(str(exc), 2 if "unknown" in str(exc) or "field" in str(exc) else 1)
    except PromptError as exc:
        _fail(str(exc), 1)
    except KeyboardInterrupt:
        _fail("interrupted", 130)


def _emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


@contextmanager
def _progress_deps(show: bool) -> Iterator[AppDeps]:
    """Dependencies whose index sync draws a progress bar on stderr when it has work to do."""
    if not show:
        yield AppDeps()
        return
    progress = Progress(
        TextColumn("indexing notes"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
    )
    task = progress.add_task("index", total=None)

    def update(done: int, total: int) -> None:
        if not progress.live.is_started:
            progress.start()
        progress.update(task, completed=done, total=total)

    try:
        yield AppDeps(progress=update)
    finally:
        progress.stop()


def _require_text(value: str, what: str) -> str:
    text = clean_text(value)
    if not text:
        raise UserInputError(f"the {what} is empty")
    return text


def _lang_or_default(language: Language | None) -> Language:
    return language or Language.EN


@app.command()
def scenarios(language: LangOpt = None, json_out: JsonOpt = False) -> None:
    """List the interview scenarios."""
    with _errors():
        lang = _lang_or_default(language)
        items = default_catalog().all()
        if json_out:
            _emit_json(
                [
                    {
                        "id": s.id,
                        "title": s.title.get(lang),
                        "title_en": s.title.en,
                        "title_ko": s.title.ko,
                        "languages": [lang.value for lang in Language],
                        "difficulty": s.difficulty,
                    }
                    for s in items
                ]
            )
            return
        table = Table("id", "title", "difficulty", box=None)
        for s in items:
            table.add_row(s.id, s.title.get(lang), s.difficulty)
        out.print(table)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="What to look for, in Korean or English.")],
    k: Annotated[int, typer.Option("-k", min=1, max=50, help="How many notes.")] = 5,
    language: LangOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Hybrid (dense + BM25) search over the notes."""
    with _errors(), _progress_deps(not json_out) as deps:
        text = _require_text(query, "search query")
        hits = deps.knowledge.retriever.search(text, k=k, language=language)
        if json_out:
            _emit_json([h.model_dump(mode="json") for h in hits])
            return
        if not hits:
            out.print("No matching notes.")
        for rank, hit in enumerate(hits, start=1):
            out.print(f"[bold]{rank}. {hit.title}[/] [dim]({hit.note_id}, {hit.score:.4f})[/]")
            out.print(f"   {hit.snippet}", highlight=False)


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="A concept question, e.g. 'what is consistent hashing?'.")],
    language: LangOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Answer a concept question from the notes, with citations."""
    with _errors(), _progress_deps(not json_out) as deps:
        answerer = ConceptAnswerer(deps.knowledge.retriever, deps.chat_model)
        if json_out:
            _emit_json(answerer.ask(question, language).model_dump(mode="json"))
            return
        for piece in answerer.stream(question, language):
            if isinstance(piece, str):
                out.print(piece, end="", highlight=False, markup=False)
        out.print()


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Markdown files or folders of them.")],
    json_out: JsonOpt = False,
) -> None:
    """Add your own Markdown notes to the knowledge base."""
    with _errors(), _progress_deps(not json_out) as deps:
        result = deps.knowledge.ingest(paths, progress=deps.progress)
        for problem in result.errors:
            err.print(f"[yellow]skipped[/] {problem.path}: {problem.reason}", highlight=False)
        if json_out:
            _emit_json(result.model_dump(mode="json"))
        else:
            out.print(f"added {result.added}, updated {result.updated}, skipped {result.skipped}")
        if result.errors and not (result.added or result.updated or result.notes):
            raise typer.Exit(2)


@app.command()
def index(json_out: JsonOpt = False) -> None:
    """Build or update the search index (only changed notes are embedded)."""
    with _errors(), _progress_deps(not json_out) as deps:
        total = deps.knowledge.index.count()
        stats = deps.sync_stats or SyncStats()
        if json_out:
            _emit_json({**stats.model_dump(), "chunks": total})
        else:
            out.print(
                f"index ready: {total} chunks ({stats.added} added, {stats.updated} updated, "
                f"{stats.removed} removed, {stats.unchanged} unchanged)"
            )


def _read_script(path: Path) -> list[str]:
    """Candidate turns separated by lines holding only `---` (CONTRACTS.md)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise UserInputError(f"candidate script not found: {path}") from None
    except UnicodeDecodeError:
        raise UserInputError(f"candidate script is not UTF-8 text: {path}") from None
    except OSError as exc:
        raise UserInputError(f"cannot read the candidate script {path}: {exc.strerror}") from None
    turns: list[str] = []
    current: list[str] = []
    for line in text.splitlines():
        if line.strip() == "---":
            turns.append("\n".join(current).strip())
            current = []
        else:
            current.append(line)
    turns.append("\n".join(current).strip())
    turns = [t for t in turns if t]
    if not turns:
        raise UserInputError(f"candidate script has no turns: {path}")
    return turns


def _print_reply(pieces: Iterator[str], quiet: bool, console: Console | None = None) -> str:
    talk = console or out
    text = []
    if not quiet:
        talk.print("[bold cyan]interviewer>[/] ", end="")
    for piece in pieces:
        text.append(piece)
        if not quiet:
            talk.print(piece, end="", highlight=False, markup=False)
    if not quiet:
        talk.print("\n")
    return "".join(text)


@app.command()
def chat(
    scenario: Annotated[
        str | None, typer.Option("--scenario", "-s", help="Scenario id (default: a random one).")
    ] = None,
    language: Annotated[Language, typer.Option("--language", "-l", help="en or ko.")] = Language.EN,
    candidate_script: Annotated[
        Path | None,
        typer.Option("--candidate-script", help="Run unattended: candidate turns separated by '---' lines."),
    ] = None,
    resume: Annotated[str | None, typer.Option("--resume", help="Continue a session by id.")] = None,
    minutes_per_turn: Annotated[
        float | None,
        typer.Option(
            "--minutes-per-turn", min=0, help="Simulated minutes per candidate turn (default 2 with a script)."
        ),
    ] = None,
    json_out: JsonOpt = False,
) -> None:
    """A system-design interview in the terminal (type /end to finish, /quit to leave and resume later)."""
    with _errors():
        deps = AppDeps()
        service = deps.interviews
        turns = _read_script(candidate_script) if candidate_script else None
        if resume:
            session_id = resume
            service.get(session_id)  # unknown id: exit 2 before anything else
        else:
            scenario_id = scenario or random.choice(default_catalog().ids())
            if turns is not None and minutes_per_turn is None:
                minutes_per_turn = 2.0
            session_id = service.start(scenario_id, language, minutes_per_turn)
        # With --json, stdout carries only the transcript: an unattended run prints nothing
        # else, an interactive one talks on stderr.
        quiet = json_out and turns is not None
        talk = err if json_out else out
        if not quiet:
            err.print(f"[dim]session {session_id} · model: {deps.provider_label}[/]")
        if resume and not quiet:
            recap = service.recap(session_id)
            if recap:
                talk.print(f"[bold cyan]interviewer>[/] {escape(recap)}\n", highlight=False)
        # A reply owed from an interrupted run (or the opening) comes first.
        _print_reply(service.reply_stream(session_id), quiet, talk)
        if turns is not None:
            for turn in turns:
                if service.get(session_id).state.finished:
                    break
                if not quiet:
                    out.print(f"[bold green]candidate>[/] {turn}\n", highlight=False)
                service.submit(session_id, turn)
                _print_reply(service.reply_stream(session_id), quiet)
            service.finish(session_id)
        else:
            _interactive(service, session_id, talk)
        if json_out:
            _emit_json(service.transcript(session_id))
            return
        err.print(f"[dim]session {session_id} saved[/]")
        if service.get(session_id).state.finished:
            # The interview is over: show the grade now, and where the full report is.
            _, result = deps.grading.grade_target(session_id)
            _print_grade(result)
            err.print(f"[dim]full report: interviewer report {session_id} --format html[/]")


def _interactive(service: InterviewService, session_id: str, talk: Console) -> None:
    while not service.get(session_id).state.finished:
        try:
            text = talk.input("[bold green]you>[/] ")
        except EOFError:
            return
        command = text.strip().lower()
        if command in {"/quit", "/exit"}:
            err.print(f"[dim]left the interview; resume with: interviewer chat --resume {session_id}[/]")
            return
        if command == "/end":
            service.finish(session_id)
            _print_reply(iter([service.get(session_id).turns[-1].content]), False, talk)
            return
        try:
            service.submit(session_id, text)
        except UserInputError as exc:
            err.print(f"[yellow]{exc}[/]")
            continue
        try:
            _print_reply(service.reply_stream(session_id), False, talk)
        except InterviewerError as exc:
            err.print(f"[red]{exc}[/] [dim](your turn is saved; press Enter to retry, or /quit)[/]")
            if not _retry_pending(service, session_id, talk):
                return


def _retry_pending(service: InterviewService, session_id: str, talk: Console) -> bool:
    """Retry the owed reply until it comes; False when the user leaves."""
    while service.pending(service.get(session_id)):
        try:
            if talk.input("[dim]retry>[/] ").strip().lower() in {"/quit", "/exit"}:
                return False
            _print_reply(service.reply_stream(session_id), False, talk)
        except EOFError:
            return False
        except InterviewerError as exc:
            err.print(f"[red]{exc}[/]")
    return True


@app.command()
def sessions(json_out: JsonOpt = False) -> None:
    """Past interviews, newest first."""
    with _errors():
        rows = AppDeps().interviews.deps.store.list()
        if json_out:
            _emit_json(
                [
                    {
                        "session_id": sid,
                        "scenario": scen,
                        "started_at": started.isoformat(),
                        "overall": overall,
                        "turns": n,
                    }
                    for sid, scen, started, overall, n in rows
                ]
            )
            return
        table = Table("session", "scenario", "started", "turns", "overall", box=None)
        for sid, scen, started, overall, n in rows:
            table.add_row(
                sid, scen, started.strftime("%Y-%m-%d %H:%M"), str(n), "-" if overall is None else f"{overall:.1f}"
            )
        out.print(table)


GraderOpt = Annotated[
    str,
    typer.Option(
        "--grader",
        help="auto (the LLM judge when a model is set, else evidence), evidence (offline, deterministic) or llm.",
    ),
]


def _grader_choice(value: str) -> GraderChoice:
    if value not in ("auto", "evidence", "llm"):
        raise UserInputError(f"unknown grader {value!r}; use auto, evidence or llm")
    return value  # type: ignore[return-value]


@app.command()
def grade(
    transcript: Annotated[
        str, typer.Argument(help="A transcript JSON file (what `chat --json` writes) or a session id.")
    ],
    grader: GraderOpt = "auto",
    regrade: Annotated[bool, typer.Option("--regrade", help="Grade again even if this session has a grade.")] = False,
    json_out: JsonOpt = False,
) -> None:
    """Grade an interview on the rubric, with quoted evidence for every dimension."""
    with _errors():
        deps = AppDeps()
        _, result = deps.grading.grade_target(transcript, _grader_choice(grader), regrade=regrade)
        if result.missing:
            err.print(f"[yellow]not graded: {'; '.join(result.missing)}[/]")
        if json_out:
            _emit_json(result.model_dump(mode="json"))
            return
        _print_grade(result)


def _print_grade(result: GradeResult) -> None:
    rubric = load_rubric()
    lang = result.language
    table = Table("dimension", "score", "why", box=None, show_lines=False)
    for dim in rubric.dimensions:
        got = result.dimensions.get(dim.id)
        score = "-" if got is None or got.score is None else f"{got.score:.1f}"
        table.add_row(dim.name.get(lang), score, got.rationale if got else "")
    out.print(table)
    overall = "-" if result.overall is None else f"{result.overall:.2f} / 5"
    out.print(f"[bold]overall:[/] {overall}  [dim]({result.grader.kind}, rubric {result.grader.rubric_version})[/]")
    for title, items in (("strengths", result.strengths), ("improve", result.improvements)):
        for item in items:
            out.print(f"[bold]{title}:[/] {item}", highlight=False)
    if result.missed_topics:
        out.print("[bold]missed topics:[/] " + ", ".join(f"{t.title} ({t.note_id})" for t in result.missed_topics))


@app.command()
def report(
    target: Annotated[str, typer.Argument(help="A transcript JSON file or a session id.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="md, html or pdf.")] = "md",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Where to write (default: report-<id>.<format>).")
    ] = None,
    grader: GraderOpt = "auto",
) -> None:
    """Write the feedback report: scores, radar chart, evidence, missed topics and the trend."""
    with _errors():
        if fmt not in FORMATS:
            raise UserInputError(f"unknown report format {fmt!r}; use md, html or pdf")
        deps = AppDeps()
        service = deps.grading
        transcript, result = service.grade_target(target, _grader_choice(grader))
        data = report_for(service, transcript, result)
        name = transcript.session_id or Path(target).stem
        path = write_report(data, fmt, output or Path(f"report-{name}.{fmt}"))
        err.print(f"[dim]report written to {path}[/]")


@app.command()
def ui() -> None:
    """Start the Streamlit app (default port 8501; STREAMLIT_* variables are honoured)."""
    app_path = Path(__file__).resolve().parent.parent / "ui" / "app.py"
    env = dict(os.environ)
    env.setdefault("STREAMLIT_SERVER_HEADLESS", "true")
    env.setdefault("STREAMLIT_BROWSER_GATHER_USAGE_STATS", "false")
    env.setdefault("STREAMLIT_CLIENT_TOOLBAR_MODE", "minimal")
    try:
        code = subprocess.call([sys.executable, "-m", "streamlit", "run", str(app_path)], env=env)
    except KeyboardInterrupt:
        code = 0
    raise typer.Exit(code)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
