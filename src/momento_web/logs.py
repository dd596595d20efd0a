"""Logging helpers with ``momento.logs``'s names.

``logger`` is the SDK's own logger (``momento_web``, where the SDK's modules log), ``TRACE`` the extra level
below DEBUG that momento defines, and :func:`initialize_momento_logging` registers it. Unlike momento, importing
the package registers nothing: call :func:`initialize_momento_logging` to get ``logging.TRACE`` and
``logger.trace``.
"""

from __future__ import annotations

import logging
import warnings
from typing import Any

logger = logging.getLogger("momento_web")

info = logger.info
"""``info('some %s stuff', 'information')``"""

debug = logger.debug
"""``debug('some %s stuff', 'debug')``"""

TRACE = logging.DEBUG - 5


def add_logging_level(level_name: str, level_num: int, method_name: str | None = None) -> bool:
    """Register a logging level: ``logging.<level_name>`` becomes ``level_num``, and ``<method_name>`` (default:
    ``level_name.lower()``) a method of the logger class and a function of :mod:`logging`.

    Nothing is overwritten: if the level or the method already exists (the user or another library may have
    added it; this changes logging for the whole process), a warning is issued and False returned.
    """
    method = method_name or level_name.lower()
    if hasattr(logging, level_name) or hasattr(logging, method) or hasattr(logging.getLoggerClass(), method):
        warnings.warn(f"Logging level {level_name} or logging method {method} already defined. Skipping.", stacklevel=1)
        return False

    def log_for_level(self: logging.Logger, message: object, *args: Any, **kwargs: Any) -> None:
        if self.isEnabledFor(level_num):
            self._log(level_num, message, args, **kwargs)

    def log_to_root(message: object, *args: Any, **kwargs: Any) -> None:
        logging.log(level_num, message, *args, **kwargs)

    logging.addLevelName(level_num, level_name)
    setattr(logging, level_name, level_num)
    setattr(logging.getLoggerClass(), method, log_for_level)
    setattr(logging, method, log_to_root)
    return True


def initialize_momento_logging() -> None:
    """Add the ``TRACE`` level (``logging.TRACE``, ``logger.trace(...)``, ``logging.trace(...)``)."""
    add_logging_level("TRACE", TRACE)
