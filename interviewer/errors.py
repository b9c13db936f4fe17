"""A few exception classes, translated into one clear line at the edges (CLI exit code, UI message)."""


class InterviewerError(Exception):
    """Base class; `exit_code` is what the CLI exits with."""

    exit_code = 1


class UserInputError(InterviewerError):
    """Bad input from the user: empty text, unknown id, unreadable or malformed file."""

    exit_code = 2


class ModelUnavailableError(InterviewerError):
    """The chat model failed after retries (server down, timeouts, repeated 5xx or 429)."""

    exit_code = 1


class ModelOutputError(InterviewerError):
    """The model answered, but not with anything usable after validation retries."""

    exit_code = 1


class ConfigurationError(InterviewerError):
    """Settings that cannot work together (the message says how to fix them)."""

    exit_code = 2
