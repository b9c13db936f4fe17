"""Progress bars for long eval runs (rich, on stderr); silent when stderr is not a terminal
or the output is JSON, so CI logs and piped results stay clean."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

Advance = Callable[[str], None]


class ProgressBoard:
    def __init__(self, enabled: bool) -> None:
        console = Console(stderr=True)
        self.enabled = enabled and console.is_terminal
        self._progress = Progress(
            TextColumn("[bold]{task.fields[suite]:<11}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.description}"),
            console=console,
            disable=not self.enabled,
            transient=False,
        )

    @contextmanager
    def running(self) -> Iterator[ProgressBoard]:
        with self._progress:
            yield self

    def suite(self, name: str, total: int | None) -> Advance:
        """A bar for one suite; call the returned function once per item done."""
        task = self._progress.add_task("", total=total, suite=name)

        def advance(label: str) -> None:
            self._progress.update(task, advance=1, description=label[:48])

        return advance
