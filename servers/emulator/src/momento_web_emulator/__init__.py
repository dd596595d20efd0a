"""Local Momento emulator: a gRPC-web server honouring Momento's wire protocol, for offline development.

Run it with ``python -m momento_web_emulator`` (needs the ``emulator`` extra for hypercorn). Layers, outer to
inner: :mod:`.app` (ASGI, gRPC-web framing, CORS) → :mod:`.dispatch` (route, deadline, auth, decode, errors)
→ :mod:`.services` (one handler per RPC) → :mod:`.store` (in-memory data).
"""

from momento_web_emulator.server import EmulatorSettings, create_app

__all__ = ["EmulatorSettings", "create_app"]
