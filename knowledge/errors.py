"""Errors raised by the knowledge layer; the CLI and UI turn them into one clear line."""


class KnowledgeError(Exception):
    """Base class for knowledge-layer errors."""


class NoteError(KnowledgeError):
    """A note file cannot be read or parsed (the message names the file)."""


class ScenarioError(KnowledgeError):
    """A scenario file is missing or invalid (the message names the file and field)."""


class SearchIndexError(KnowledgeError):
    """The search index cannot be built or reached."""
