"""Write a report in the asked-for format."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from interviewer.errors import UserInputError
from interviewer.reports.data import ReportData
from interviewer.reports.html import render_html
from interviewer.reports.markdown import render_markdown
from interviewer.reports.pdf import render_pdf

ReportFormat = Literal["md", "html", "pdf"]
FORMATS: tuple[str, ...] = ("md", "html", "pdf")


def render(data: ReportData, fmt: str) -> bytes:
    if fmt == "md":
        return render_markdown(data).encode("utf-8")
    if fmt == "html":
        return render_html(data).encode("utf-8")
    if fmt == "pdf":
        return render_pdf(data)
    raise UserInputError(f"unknown report format {fmt!r}; use md, html or pdf")


def write_report(data: ReportData, fmt: str, output: Path) -> Path:
    payload = render(data, fmt)
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        tmp = output.with_name(output.name + ".part")
        tmp.write_bytes(payload)
        tmp.replace(output)  # never leave a half-written report behind
    except OSError as exc:
        raise UserInputError(f"{output}: cannot write the report ({exc.strerror})") from None
    return output
