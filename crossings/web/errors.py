"""The one place that builds an API error body."""

from __future__ import annotations

from starlette.responses import JSONResponse

from crossings.errors import CrossingsError


class ApiError(CrossingsError):
    """A request the API refuses; *status* is the HTTP status to answer with."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def error_response(
    status: int, message: str, *, retry_after: int | None = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    """``{"ok": false, "status": N, "error": "..."}`` with that HTTP status; with *retry_after*,
    also ``"retry_after": seconds`` and the Retry-After header."""
    body: dict[str, object] = {"ok": False, "status": status, "error": message}
    sent = dict(headers or {})
    if retry_after is not None:
        body["retry_after"] = retry_after
        sent["Retry-After"] = str(retry_after)
    return JSONResponse(body, status_code=status, headers=sent)
