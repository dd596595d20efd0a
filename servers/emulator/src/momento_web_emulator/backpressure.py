"""HTTP/2 back-pressure for stream replies: bounds hypercorn's per-stream send buffer.

hypercorn (0.18) queues the DATA of each HTTP/2 stream in a ``StreamBuffer``: the writer (our reply) waits once the
buffer passes a high-water mark, until the connection's sender has taken data out. But the sender wakes the writer
whenever it takes out less than the low-water mark, and that includes taking out *nothing* because the client's
flow-control window is exhausted. So a native gRPC client that stops reading a topic subscription lets the writer
fill the buffer with every message published (19 MiB per stream after 300 messages of 64 KiB), without bound.

:func:`install` swaps in a buffer that wakes the writer only once the buffer itself has drained below the
low-water mark, so a stream holds at most a couple of messages for a client that does not read. HTTP/1.1 needs no
help: there hypercorn waits for the socket to drain.
"""

from __future__ import annotations

import logging

logger = logging.getLogger(__name__)


def install() -> bool:
    """Replace hypercorn's HTTP/2 stream buffer by the bounded one (idempotent); False if hypercorn's internals are
    not the ones this fix knows, in which case nothing is changed."""
    from hypercorn.protocol import h2  # the emulator's server; imported only when serving

    original = h2.StreamBuffer
    if getattr(original, "bounded_by_momento_web", False):
        return True
    low_water = getattr(h2, "BUFFER_LOW_WATER", None)
    probe = original.__init__.__code__.co_names if hasattr(original.__init__, "__code__") else ()
    if not isinstance(low_water, int | float) or not {"buffer", "_is_empty", "_paused"} <= set(probe):
        logger.warning("hypercorn's HTTP/2 stream buffer is not the expected one; its back-pressure is left as is")
        return False
    drained: float = low_water

    class BoundedStreamBuffer(original):  # type: ignore[misc, valid-type]
        bounded_by_momento_web = True

        async def pop(self, max_length: int) -> bytes:
            length = min(len(self.buffer), max_length)
            data = bytes(self.buffer[:length])
            del self.buffer[:length]
            if len(self.buffer) < drained:  # drained: the writer may add more
                await self._paused.set()
            if not self.buffer:
                await self._is_empty.set()
            return data

    h2.StreamBuffer = BoundedStreamBuffer  # type: ignore[misc]  # the module's class, by design
    return True
