"""Test doubles shipped with the package, shared by the tests and the eval harness."""

from interviewer.testing.fake_models import ScriptedChatModel
from interviewer.testing.openai_stub import StubOpenAIServer, StubReply

__all__ = ["ScriptedChatModel", "StubOpenAIServer", "StubReply"]
