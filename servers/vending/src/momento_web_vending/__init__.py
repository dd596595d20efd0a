"""Token vending machine: a small server that holds a powerful Momento key and hands browsers short-lived
disposable tokens scoped to one cache's key prefix and/or one topic, within a configured policy.

Run it with ``python -m momento_web_vending`` (needs the ``vending`` extra: starlette, hypercorn).
Modules: :mod:`.policy` (request → grant, pure), :mod:`.rate_limit` (token buckets), :mod:`.cors` (allowed
origins), :mod:`.minter` (grant → token via ``AuthClientAsync``), :mod:`.indexes` and :mod:`.indexer` (pages'
vector index calls, made here because no token can grant an index), :mod:`.config` (flags + TOML), :mod:`.app`
(Starlette routes), ``__main__`` (hypercorn). A new request field goes into ``policy.parse_request``,
``Policy.decide`` and ``Grant``, then ``minter.scope_for``.
"""
