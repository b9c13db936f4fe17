"""Feedback reports: Markdown, a self-contained HTML page and a PDF that renders Korean."""
