"""The one place that builds an API error body."""

from __future__ import annotations

from starlette.responses import JSONResponse

from crossings.errors import CrossingsError


class ApiError(CrossingsError):
    """A request the API refuses; *status* is the HTTP status to answer with."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def error_response(status: int, message: str) -> JSONResponse:
    """``{"ok": false, "status": N, "error": "..."}`` with that HTTP status."""
    return JSONResponse({"ok": False, "status": status, "error": message}, status_code=status)
