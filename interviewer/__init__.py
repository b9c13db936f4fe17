"""The interviewer application: settings, model providers, concept Q&A, and the CLI."""

__version__ = "0.1.0"
