"""Topic subscriptions: the resume position, reconnection backoff and the stream-reading state machine."""
