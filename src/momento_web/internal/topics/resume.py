"""Where a topic subscription resumes after its stream breaks, and how long it waits before trying again."""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(slots=True)
class ResumePosition:
    """The last position seen in the topic; a new stream asks for the item after it.

    Until an item or a discontinuity places the subscription (``anchored``), a new stream asks for position 0
    (the server's recent items, then new ones): a heartbeat carries no position, so nothing better is possible.
    Page 0 asked for by the caller means "the topic's current page", whatever its number: until the first item
    names it (``page_known``), items are compared by sequence number only.
    """

    sequence_number: int = 0
    sequence_page: int = 0
    anchored: bool = False
    page_known: bool = True

    @classmethod
    def starting_at(cls, resume_at: int, page: int) -> ResumePosition:
        """Where ``subscribe(resume_at_topic_sequence_number=resume_at, ..._page=page)`` starts."""
        if resume_at <= 0:
            return cls(0, page, False)
        return cls(resume_at - 1, page, True, page_known=page != 0)

    def request(self) -> tuple[int, int]:
        """``(resume_at_topic_sequence_number, sequence_page)`` for the next Subscribe request."""
        return (self.sequence_number + 1 if self.anchored else 0), self.sequence_page

    def is_replayed(self, sequence_number: int, page: int) -> bool:
        """An item at or before the position on the same page was delivered already."""
        same_page = page == self.sequence_page or not self.page_known
        return self.anchored and same_page and sequence_number <= self.sequence_number

    def skips_to(self, sequence_number: int, page: int) -> bool:
        """The item is not the one right after the position: something in between was missed."""
        other_page = page != self.sequence_page and self.page_known
        return self.anchored and (other_page or sequence_number != self.sequence_number + 1)

    def move_to(self, sequence_number: int, page: int) -> None:
        self.sequence_number = sequence_number
        self.sequence_page = page
        self.anchored = True
        self.page_known = True


class Backoff:
    """Reconnection delays: the first retry at once, then ``initial`` seconds doubling up to ``maximum``, each
    between half and all of that (jitter, so that many clients do not reconnect in lockstep)."""

    def __init__(self, initial: float, maximum: float) -> None:
        self.initial = initial
        self.maximum = maximum
        self._failures = 0

    def next_delay(self) -> float:
        failures = self._failures
        self._failures += 1
        if failures == 0:
            return 0.0
        ceiling = min(self.maximum, self.initial * (1 << min(failures - 1, 32)))
        return ceiling * random.uniform(0.5, 1.0)  # noqa: S311  jitter spreads retries; nothing secret

    def reset(self) -> None:
        self._failures = 0
