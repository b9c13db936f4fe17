"""A small OpenAI-compatible HTTP server on 127.0.0.1 for tests, evals and benchmarks.

It serves `/v1/chat/completions` (plain and `stream: true`) and `/v1/models`,
records every request body, and plays scripted faults: an HTTP status (429, 500),
a hang past the client's timeout, or a malformed body.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal

Kind = Literal["reply", "status", "hang", "malformed"]


@dataclass(frozen=True)
class StubReply:
    """One scripted answer. `kind="reply"` sends `text`; the others inject a fault."""

    text: str = ""
    kind: Kind = "reply"
    status: int = 200
    seconds: float = 0.0

    @classmethod
    def status_code(cls, status: int) -> StubReply:
        return cls(kind="status", status=status)

    @classmethod
    def hang(cls, seconds: float) -> StubReply:
        return cls(kind="hang", seconds=seconds)

    @classmethod
    def malformed(cls) -> StubReply:
        return cls(kind="malformed")


@dataclass
class StubOpenAIServer:
    """Start with `with StubOpenAIServer() as stub:`; point clients at `stub.base_url`."""

    default: Callable[[dict[str, Any]], str] = lambda body: "stub reply"
    requests: list[dict[str, Any]] = field(default_factory=list)
    _script: deque[StubReply] = field(default_factory=deque)
    _server: ThreadingHTTPServer | None = None
    _thread: threading.Thread | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def enqueue(self, *replies: StubReply | str) -> None:
        with self._lock:
            self._script.extend(StubReply(text=r) if isinstance(r, str) else r for r in replies)

    def _take(self, body: dict[str, Any]) -> StubReply:
        with self._lock:
            self.requests.append(body)
            if self._script:
                return self._script.popleft()
        return StubReply(text=self.default(body))

    @property
    def base_url(self) -> str:
        assert self._server is not None, "the stub server is not running"
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def start(self) -> StubOpenAIServer:
        stub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # quiet in tests
                return

            def _send(self, status: int, payload: bytes, content_type: str = "application/json") -> None:
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", content_type)
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test): nothing to answer

            def do_GET(self) -> None:
                if self.path.rstrip("/").endswith("/models"):
                    data = {"object": "list", "data": [{"id": "stub-model", "object": "model", "owned_by": "stub"}]}
                    self._send(200, json.dumps(data).encode())
                else:
                    self._send(404, b'{"error": {"message": "not found"}}')

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                try:
                    body = json.loads(self.rfile.read(length) or b"{}")
                except ValueError:
                    self._send(400, b'{"error": {"message": "bad json"}}')
                    return
                if not self.path.rstrip("/").endswith("/chat/completions"):
                    self._send(404, b'{"error": {"message": "not found"}}')
                    return
                reply = stub._take(body)
                if reply.kind == "status":
                    message = {"error": {"message": f"stub status {reply.status}", "type": "stub"}}
                    self._send(reply.status, json.dumps(message).encode())
                elif reply.kind == "hang":
                    time.sleep(reply.seconds)
                    self._send(200, _completion(body, "late reply"))
                elif reply.kind == "malformed":
                    self._send(200, b'{"id": "x", "choices": [ {"message": ')
                elif body.get("stream"):
                    self._stream(body, reply.text)
                else:
                    self._send(200, _completion(body, reply.text))

            def _stream(self, body: dict[str, Any], text: str) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Connection", "close")
                self.end_headers()
                pieces = [p + " " for p in text.split(" ")] if text else []
                if pieces:
                    pieces[-1] = pieces[-1][:-1]
                for piece in pieces:
                    self.wfile.write(b"data: " + json.dumps(_chunk(body, {"content": piece})).encode() + b"\n\n")
                    self.wfile.flush()
                final = _chunk(body, {}, finish="stop")
                self.wfile.write(b"data: " + json.dumps(final).encode() + b"\n\n")
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()
                self.close_connection = True

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="openai-stub", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> StubOpenAIServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _completion(body: dict[str, Any], text: str) -> bytes:
    prompt_chars = sum(len(str(m.get("content", ""))) for m in body.get("messages", []))
    data = {
        "id": "chatcmpl-stub",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": body.get("model", "stub-model"),
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": prompt_chars // 4, "completion_tokens": len(text) // 4, "total_tokens": 0},
    }
    return json.dumps(data).encode()


def _chunk(body: dict[str, Any], delta: dict[str, str], finish: str | None = None) -> dict[str, Any]:
    return {
        "id": "chatcmpl-stub",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": body.get("model", "stub-model"),
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
