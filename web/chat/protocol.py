"""What chat pages publish on a topic, and how a received topic item becomes a :class:`ChatMessage`.

A chat payload is a JSON text: ``{"type": "message" | "join" | "leave", "name", "text", "sentAt" (ms), "session"}``.
The sender shown is the item's ``publisher_id`` (the token id the vending machine set from the page's
``clientId``), else the payload's name. Anything else published on the topic (plain text, binary) is shown as is.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass

from momento_web.responses import TopicSubscriptionItem

KINDS = frozenset({"message", "join", "leave"})


@dataclass(frozen=True)
class ChatMessage:
    kind: str  # "message", "join", "leave", or "raw" (not a chat payload)
    sender: str
    text: str
    sent_at: float | None  # UNIX seconds by the sender's clock; None: unknown
    sequence: int
    page: int
    mine: bool  # published by this page's session


def encode(kind: str, name: str, session: str, text: str = "") -> str:
    return json.dumps(
        {"type": kind, "name": name, "text": text, "sentAt": round(time.time() * 1000), "session": session}
    )


def decode(item: TopicSubscriptionItem.Text | TopicSubscriptionItem.Binary, session: str) -> ChatMessage:
    """Never raises: a payload that is not ours becomes a ``raw`` message."""
    sender = item.publisher_id
    if isinstance(item, TopicSubscriptionItem.Binary):
        text = f"({len(item.value)} bytes of binary data)"
        return ChatMessage("raw", sender or "unknown", text, None, item.sequence_number, item.sequence_page, False)
    try:
        payload = json.loads(item.value)
    except ValueError:
        payload = None
    if not isinstance(payload, dict) or payload.get("type") not in KINDS:
        return ChatMessage(
            "raw", sender or "unknown", item.value, None, item.sequence_number, item.sequence_page, False
        )
    sent_at = payload.get("sentAt")
    return ChatMessage(
        kind=str(payload["type"]),
        sender=sender or str(payload.get("name") or "anonymous"),
        text=str(payload.get("text", "")),
        sent_at=sent_at / 1000 if isinstance(sent_at, int | float) and not isinstance(sent_at, bool) else None,
        sequence=item.sequence_number,
        page=item.sequence_page,
        mine=payload.get("session") == session,
    )
