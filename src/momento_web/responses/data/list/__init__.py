"""Responses of list operations, one module per operation as in ``momento``.
Each name loads its module on first use (``responses/_lazy.py``).
"""

from typing import TYPE_CHECKING

from momento_web.responses import _lazy

if TYPE_CHECKING:
    from momento_web.responses.data.list.concatenate_back import (
        CacheListConcatenateBack,
        CacheListConcatenateBackResponse,
    )
    from momento_web.responses.data.list.concatenate_front import (
        CacheListConcatenateFront,
        CacheListConcatenateFrontResponse,
    )
    from momento_web.responses.data.list.fetch import CacheListFetch, CacheListFetchResponse
    from momento_web.responses.data.list.length import CacheListLength, CacheListLengthResponse
    from momento_web.responses.data.list.pop_back import CacheListPopBack, CacheListPopBackResponse
    from momento_web.responses.data.list.pop_front import CacheListPopFront, CacheListPopFrontResponse
    from momento_web.responses.data.list.push_back import CacheListPushBack, CacheListPushBackResponse
    from momento_web.responses.data.list.push_front import CacheListPushFront, CacheListPushFrontResponse
    from momento_web.responses.data.list.remove_value import CacheListRemoveValue, CacheListRemoveValueResponse
    from momento_web.responses.data.list.retain import CacheListRetain, CacheListRetainResponse

__all__ = [
    "CacheListConcatenateBack",
    "CacheListConcatenateBackResponse",
    "CacheListConcatenateFront",
    "CacheListConcatenateFrontResponse",
    "CacheListFetch",
    "CacheListFetchResponse",
    "CacheListLength",
    "CacheListLengthResponse",
    "CacheListPopBack",
    "CacheListPopBackResponse",
    "CacheListPopFront",
    "CacheListPopFrontResponse",
    "CacheListPushBack",
    "CacheListPushBackResponse",
    "CacheListPushFront",
    "CacheListPushFrontResponse",
    "CacheListRemoveValue",
    "CacheListRemoveValueResponse",
    "CacheListRetain",
    "CacheListRetainResponse",
]

__getattr__, __dir__ = _lazy.accessors(__name__, __all__)
