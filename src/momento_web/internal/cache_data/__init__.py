"""The data-plane method families of ``CacheClientAsync``, one module each, on top of :mod:`._base`."""
