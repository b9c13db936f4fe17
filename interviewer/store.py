"""Sessions and turns in SQL (SQLAlchemy): SQLite by default, any SQLAlchemy URL for a team.

Every write is its own short transaction, so a candidate turn is on disk before the
interviewer starts to reply, and a crash mid-reply loses nothing.
"""

from __future__ import annotations

import builtins
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from sqlalchemy import DateTime, Float, ForeignKey, Integer, String, Text, create_engine, event, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

from interviewer.errors import InterviewerError, UserInputError
from interviewer.state import SessionState


class StoreError(InterviewerError):
    """The database cannot be reached or written."""

    exit_code = 1


class Base(DeclarativeBase):
    pass


class SessionRow(Base):
    __tablename__ = "sessions"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    scenario_id: Mapped[str] = mapped_column(String(64), index=True)
    language: Mapped[str] = mapped_column(String(8))
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(16), default="active")
    minutes_per_turn: Mapped[float | None] = mapped_column(Float, nullable=True)
    state_json: Mapped[str] = mapped_column(Text)
    overall: Mapped[float | None] = mapped_column(Float, nullable=True)


class TurnRow(Base):
    __tablename__ = "turns"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), index=True)
    index: Mapped[int] = mapped_column(Integer)
    role: Mapped[str] = mapped_column(String(16))
    content: Mapped[str] = mapped_column(Text)
    phase: Mapped[str | None] = mapped_column(String(16), nullable=True)
    plan_json: Mapped[str | None] = mapped_column(Text, nullable=True)
    observation_json: Mapped[str | None] = mapped_column(Text, nullable=True)
    minute: Mapped[float] = mapped_column(Float, default=0.0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class GradeRow(Base):
    """Every grade given to a session (latest wins); the result JSON is the CONTRACTS shape."""

    __tablename__ = "grades"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    grader_kind: Mapped[str] = mapped_column(String(16))
    model: Mapped[str | None] = mapped_column(String(128), nullable=True)
    overall: Mapped[float | None] = mapped_column(Float, nullable=True)
    result_json: Mapped[str] = mapped_column(Text)


class ScratchRow(Base):
    """The candidate's scratch pad and diagram for a session, kept across reloads."""

    __tablename__ = "scratch"

    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    diagram: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Scratch(BaseModel):
    notes: str = ""
    diagram: str = ""


class StoredGrade(BaseModel):
    session_id: str
    scenario_id: str
    started_at: datetime
    created_at: datetime
    result: dict[str, Any]


class StoredTurn(BaseModel):
    index: int
    role: str
    content: str
    phase: str | None = None
    plan: dict[str, Any] | None = None
    observation: dict[str, Any] | None = None
    minute: float = 0.0
    created_at: datetime | None = None


class StoredSession(BaseModel):
    id: str
    scenario_id: str
    language: str
    started_at: datetime
    updated_at: datetime
    status: str
    minutes_per_turn: float | None
    state: SessionState
    overall: float | None
    turns: list[StoredTurn]


def transcript_of(session: StoredSession) -> dict[str, Any]:
    """CONTRACTS.md transcript: scenario, language, session_id, turns with phase and actions."""
    turns: list[dict[str, Any]] = []
    for turn in session.turns:
        item: dict[str, Any] = {"role": turn.role, "content": turn.content}
        if turn.role == "interviewer":
            item["phase"] = turn.phase
            actions = (turn.plan or {}).get("actions", [])
            item["actions"] = [a["kind"] for a in actions]
            # Which constraints this turn raised, or acknowledged as already solved: the grader
            # reads them instead of guessing from word overlap.
            raised = [a["constraint_id"] for a in actions if a["kind"] == "constraint"]
            solved = [a["constraint_id"] for a in actions if a["kind"] == "solved"]
            if raised:
                item["constraints"] = raised
            if solved:
                item["solved"] = solved
        turns.append(item)
    return {"session_id": session.id, "scenario": session.scenario_id, "language": session.language, "turns": turns}


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, future=True)
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _pragmas(conn: Any, _record: Any) -> None:
            cursor = conn.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")  # readers do not block the writer
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

    return engine


class SessionStore:
    """Reads and writes sessions; every method is one transaction."""

    def __init__(self, url: str) -> None:
        try:
            self.engine = make_engine(url)
            Base.metadata.create_all(self.engine)
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot open the session database: {exc.__class__.__name__}") from exc
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def _run(self, fn: Any) -> Any:
        try:
            with self._sessions.begin() as db:
                return fn(db)
        except SQLAlchemyError as exc:
            raise StoreError(f"the session database failed: {exc.__class__.__name__}") from exc

    def create(
        self, session_id: str, state: SessionState, started_at: datetime, minutes_per_turn: float | None
    ) -> None:
        row = SessionRow(
            id=session_id,
            scenario_id=state.scenario_id,
            language=state.language.value,
            started_at=started_at,
            updated_at=started_at,
            status="active",
            minutes_per_turn=minutes_per_turn,
            state_json=state.model_dump_json(),
        )
        self._run(lambda db: db.add(row))

    def add_turn(
        self, session_id: str, turn: StoredTurn, state: SessionState | None = None, status: str | None = None
    ) -> None:
        """Append a turn and, in the same transaction, the state it leads to."""

        def write(db: Session) -> None:
            row = db.get(SessionRow, session_id)
            if row is None:
                raise UserInputError(f"unknown session {session_id!r}")
            db.add(
                TurnRow(
                    session_id=session_id,
                    index=turn.index,
                    role=turn.role,
                    content=turn.content,
                    phase=turn.phase,
                    plan_json=json.dumps(turn.plan, ensure_ascii=False) if turn.plan is not None else None,
                    observation_json=json.dumps(turn.observation, ensure_ascii=False) if turn.observation else None,
                    minute=turn.minute,
                    created_at=turn.created_at or datetime.now(UTC),
                )
            )
            row.updated_at = datetime.now(UTC)
            if state is not None:
                row.state_json = state.model_dump_json()
            if status is not None:
                row.status = status

        self._run(write)

    def get(self, session_id: str) -> StoredSession:
        def read(db: Session) -> StoredSession:
            row = db.get(SessionRow, session_id)
            if row is None:
                raise UserInputError(f"unknown session {session_id!r}; `interviewer sessions` lists them")
            turns = db.scalars(select(TurnRow).where(TurnRow.session_id == session_id).order_by(TurnRow.index)).all()
            return StoredSession(
                id=row.id,
                scenario_id=row.scenario_id,
                language=row.language,
                started_at=_aware(row.started_at),
                updated_at=_aware(row.updated_at),
                status=row.status,
                minutes_per_turn=row.minutes_per_turn,
                state=SessionState.model_validate_json(row.state_json),
                overall=row.overall,
                turns=[
                    StoredTurn(
                        index=t.index,
                        role=t.role,
                        content=t.content,
                        phase=t.phase,
                        plan=json.loads(t.plan_json) if t.plan_json else None,
                        observation=json.loads(t.observation_json) if t.observation_json else None,
                        minute=t.minute,
                        created_at=_aware(t.created_at),
                    )
                    for t in turns
                ],
            )

        result: StoredSession = self._run(read)
        return result

    def list(self) -> list[tuple[str, str, datetime, float | None, int]]:
        def read(db: Session) -> list[tuple[str, str, datetime, float | None, int]]:
            counts = (
                select(TurnRow.session_id, func.count(TurnRow.id).label("n")).group_by(TurnRow.session_id).subquery()
            )
            rows = db.execute(
                select(SessionRow.id, SessionRow.scenario_id, SessionRow.started_at, SessionRow.overall, counts.c.n)
                .outerjoin(counts, counts.c.session_id == SessionRow.id)
                .order_by(SessionRow.started_at.desc())
            ).all()
            return [(r[0], r[1], _aware(r[2]), r[3], int(r[4] or 0)) for r in rows]

        result: list[tuple[str, str, datetime, float | None, int]] = self._run(read)
        return result

    def save_grade(self, session_id: str, result: dict[str, Any], created_at: datetime) -> None:
        """Store a grade and make its overall the session's."""

        def write(db: Session) -> None:
            row = db.get(SessionRow, session_id)
            if row is None:
                raise UserInputError(f"unknown session {session_id!r}")
            grader = result.get("grader") or {}
            db.add(
                GradeRow(
                    session_id=session_id,
                    created_at=created_at,
                    grader_kind=str(grader.get("kind", "")),
                    model=grader.get("model"),
                    overall=result.get("overall"),
                    result_json=json.dumps(result, ensure_ascii=False),
                )
            )
            row.overall = result.get("overall")

        self._run(write)

    def save_scratch(self, session_id: str, scratch: Scratch) -> None:
        def write(db: Session) -> None:
            if db.get(SessionRow, session_id) is None:
                raise UserInputError(f"unknown session {session_id!r}")
            row = db.get(ScratchRow, session_id)
            if row is None:
                row = ScratchRow(session_id=session_id)
                db.add(row)
            row.notes, row.diagram, row.updated_at = scratch.notes, scratch.diagram, datetime.now(UTC)

        self._run(write)

    def scratch(self, session_id: str) -> Scratch:
        def read(db: Session) -> Scratch:
            row = db.get(ScratchRow, session_id)
            return Scratch(notes=row.notes, diagram=row.diagram) if row else Scratch()

        result: Scratch = self._run(read)
        return result

    def transcript(self, session_id: str) -> dict[str, Any]:
        """The session's transcript (`transcript_of`) with the candidate's diagram when they drew one."""
        out = transcript_of(self.get(session_id))
        diagram = self.scratch(session_id).diagram
        if diagram.strip():
            out["diagram"] = diagram
        return out

    def grades(self, session_id: str | None = None) -> builtins.list[StoredGrade]:
        """The latest grade of each session (or of one), oldest session first."""

        def read(db: Session) -> builtins.list[StoredGrade]:
            latest = select(GradeRow.session_id, func.max(GradeRow.id).label("gid")).group_by(GradeRow.session_id)
            if session_id is not None:
                latest = latest.where(GradeRow.session_id == session_id)
            sub = latest.subquery()
            rows = db.execute(
                select(GradeRow, SessionRow.scenario_id, SessionRow.started_at)
                .join(sub, sub.c.gid == GradeRow.id)
                .join(SessionRow, SessionRow.id == GradeRow.session_id)
                .order_by(SessionRow.started_at)
            ).all()
            return [
                StoredGrade(
                    session_id=g.session_id,
                    scenario_id=scenario,
                    started_at=_aware(started),
                    created_at=_aware(g.created_at),
                    result=json.loads(g.result_json),
                )
                for g, scenario, started in rows
            ]

        result: builtins.list[StoredGrade] = self._run(read)
        return result


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)
