"""Which browser origins may ask for tokens, and the CORS middleware that tells browsers so.

Starlette's ``CORSMiddleware`` answers preflights (400 for other origins) and adds the CORS headers to allowed
origins' responses. It still passes a disallowed origin's actual request to the app, which would mint a token the
page cannot read; :meth:`AllowedOrigins.allows` lets the app refuse it (403) instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware

PREFLIGHT_MAX_AGE_S = 600


@dataclass(frozen=True, slots=True)
class AllowedOrigins:
    """Exact origins (``http://127.0.0.1:8000``) and/or one regular expression matched against the whole origin."""

    exact: tuple[str, ...] = ()
    pattern: str | None = None
    _compiled: re.Pattern[str] | None = field(init=False, repr=False, compare=False, default=None)

    def __post_init__(self) -> None:
        if "*" in self.exact:
            raise ValueError("'*' is not accepted: list the origins that may ask for tokens")
        if self.pattern is not None:
            object.__setattr__(self, "_compiled", re.compile(self.pattern))

    def allows(self, origin: str) -> bool:
        # The same rule as CORSMiddleware.is_allowed_origin, so preflight and request agree.
        if self._compiled is not None and self._compiled.fullmatch(origin):
            return True
        return origin in self.exact

    def describe(self) -> str:
        parts = list(self.exact) + ([f"/{self.pattern}/"] if self.pattern else [])
        return ", ".join(parts) if parts else "none (no browser may ask)"


def cors_middleware(origins: AllowedOrigins) -> Middleware:
    return Middleware(
        CORSMiddleware,
        allow_origins=list(origins.exact),
        allow_origin_regex=origins.pattern,
        allow_methods=["GET", "POST"],
        allow_headers=["content-type"],
        expose_headers=["retry-after"],
        max_age=PREFLIGHT_MAX_AGE_S,
    )
