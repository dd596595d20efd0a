"""Internals of the vector index client: argument checks and conversions between its types and the wire
(docs/protocol/vector-index.md)."""
