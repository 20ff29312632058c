"""Strict input at the ledger's HTTP edge: an ASGI middleware that reads every request body once, refuses it when it
is too large (with or without a Content-Length: chunked bodies are counted as they arrive) or is not strict JSON, and
hands the checked bytes on.

Strict JSON (limits in :mod:`wattsandtons.ledger.limits`): UTF-8; no ``NaN``/``Infinity``/``-Infinity``; no number
out of a double's range (``1e400``); integers of at most ``MAX_INT_DIGITS`` digits; no lone surrogate (``"\\ud800"``)
in any string or key; no duplicate keys; nesting at most ``MAX_DEPTH`` deep; strings, arrays and objects bounded.
Everything the ledger accepts can therefore be stored and read back. Each refusal is an RFC 9457 problem body with a
``code`` and the JSON path in ``field``; nothing reaches the routes.
"""

from __future__ import annotations

import json
import math
from typing import Any

import anyio.to_thread
from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from wattsandtons.ledger.errors import LedgerError
from wattsandtons.ledger.limits import (
    MAX_BODY_BYTES,
    MAX_DEPTH,
    MAX_INT_DIGITS,
    MAX_ITEMS,
    MAX_KEYS,
    MAX_STRING_CHARS,
)

__all__ = ["JSON_KEY", "PROBLEM", "BodyGuard", "strict_json"]

PROBLEM = "application/problem+json"
#: Where the guard leaves the checked JSON value in the ASGI scope, for routes that validate it off the event loop.
JSON_KEY = "wattsandtons.ledger.json"
#: Bodies larger than this are checked in a worker thread, not on the event loop.
THREAD_BYTES = 64 * 1024


def _bad_constant(name: str) -> Any:
    raise _Refused("invalid_number", f"{name} is not a JSON number: amounts and metadata must be finite")


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _Refused("invalid_number", f"{text[:40]} is out of range for a number (at most about 1.8e308)")
    return value


def _int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise _Refused("invalid_number", f"an integer of {len(text)} digits is out of range")
    return int(text)


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        duplicate = next(k for k, _ in pairs if k in seen or seen.add(k))  # type: ignore[func-returns-value]
        raise _Refused("duplicate_key", f"key {duplicate[:40]!r} appears twice in one object")
    return out


class _Refused(Exception):
    def __init__(self, code: str, message: str, path: str | None = None) -> None:
        super().__init__(message)
        self.code, self.message, self.path = code, message, path


def strict_json(body: bytes) -> Any:
    """The JSON value of ``body``, or :class:`LedgerError` (400 malformed, 422 refused) naming the JSON path."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise LedgerError("invalid_json", f"the body is not UTF-8 (byte {exc.start})", status=400) from None
    try:
        value = json.loads(
            text, parse_constant=_bad_constant, parse_float=_float, parse_int=_int, object_pairs_hook=_pairs
        )
    except _Refused as exc:
        raise LedgerError(exc.code, exc.message) from None
    except RecursionError:
        raise LedgerError("too_deep", f"JSON nested deeper than {MAX_DEPTH} levels") from None
    except ValueError as exc:
        raise LedgerError("invalid_json", f"the body is not JSON: {str(exc)[:200]}", status=400) from None
    try:
        _check(value)
    except _Refused as exc:
        raise LedgerError(exc.code, exc.message, field=exc.path) from None
    return value


def _check(value: Any) -> None:
    """Depth, sizes and text of every node (iteratively: a hostile body cannot exhaust the stack)."""
    stack: list[tuple[Any, int, tuple[str | int, ...]]] = [(value, 1, ())]
    while stack:
        item, depth, path = stack.pop()
        if isinstance(item, str):
            _text(item, path)
        elif isinstance(item, dict | list):
            if depth > MAX_DEPTH:
                raise _Refused("too_deep", f"JSON nested deeper than {MAX_DEPTH} levels", _path(path))
            if isinstance(item, dict):
                if len(item) > MAX_KEYS:
                    raise _Refused("too_many_keys", f"an object with more than {MAX_KEYS} keys", _path(path))
                for key, child in item.items():
                    _text(key, (*path, key))
                    stack.append((child, depth + 1, (*path, key)))
            else:
                if len(item) > MAX_ITEMS:
                    raise _Refused(
                        "too_many_items", f"an array with more than {MAX_ITEMS} items", _path(path)
                    )
                stack.extend((child, depth + 1, (*path, i)) for i, child in enumerate(item))


def _text(text: str, path: tuple[str | int, ...]) -> None:
    if len(text) > MAX_STRING_CHARS:
        raise _Refused("string_too_long", f"a string longer than {MAX_STRING_CHARS} characters", _path(path))
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise _Refused(
                "invalid_text", "a lone surrogate (e.g. \\ud800) is not text", _path(path)
            ) from None


def _path(path: tuple[str | int, ...]) -> str | None:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part[:64]}" if out else part[:64])
    return out or None


def problem_response(exc: LedgerError) -> JSONResponse:
    return JSONResponse(exc.problem(), status_code=exc.status, media_type=PROBLEM)


class BodyGuard:
    """Plain ASGI middleware (no task group per request): body size and strict JSON, before any route runs."""

    def __init__(self, app: ASGIApp, *, max_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS", "DELETE"):
            await self.app(scope, receive, send)
            return
        limit = f"request bodies are limited to {self.max_bytes} bytes"
        length = Headers(scope=scope).get("content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_bytes):
            await problem_response(LedgerError("body_too_large", limit, status=413))(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:  # chunked: counted as it arrives, refused before it is all read
                await problem_response(LedgerError("body_too_large", limit, status=413))(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        if body:
            try:
                if len(body) > THREAD_BYTES:
                    scope[JSON_KEY] = await anyio.to_thread.run_sync(strict_json, body)
                else:
                    scope[JSON_KEY] = strict_json(body)
            except LedgerError as exc:
                await problem_response(exc)(scope, receive, send)
                return
        await self.app(scope, _replay(body, receive), send)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()  # the client's disconnect, when it comes

    return replay
