"""Responses of set operations, one module per operation as in ``momento``.
Each name loads its module on first use (``responses/_lazy.py``).
"""

from typing import TYPE_CHECKING

from momento_web.responses import _lazy

if TYPE_CHECKING:
    from momento_web.responses.data.set.add_element import CacheSetAddElement, CacheSetAddElementResponse
    from momento_web.responses.data.set.add_elements import CacheSetAddElements, CacheSetAddElementsResponse
    from momento_web.responses.data.set.contains_element import CacheSetContainsElement, CacheSetContainsElementResponse
    from momento_web.responses.data.set.contains_elements import (
        CacheSetContainsElements,
        CacheSetContainsElementsResponse,
    )
    from momento_web.responses.data.set.fetch import CacheSetFetch, CacheSetFetchResponse
    from momento_web.responses.data.set.length import CacheSetLength, CacheSetLengthResponse
    from momento_web.responses.data.set.pop import CacheSetPop, CacheSetPopResponse
    from momento_web.responses.data.set.remove_element import CacheSetRemoveElement, CacheSetRemoveElementResponse
    from momento_web.responses.data.set.remove_elements import CacheSetRemoveElements, CacheSetRemoveElementsResponse
    from momento_web.responses.data.set.sample import CacheSetSample, CacheSetSampleResponse

__all__ = [
    "CacheSetAddElement",
    "CacheSetAddElementResponse",
    "CacheSetAddElements",
    "CacheSetAddElementsResponse",
    "CacheSetContainsElement",
    "CacheSetContainsElementResponse",
    "CacheSetContainsElements",
    "CacheSetContainsElementsResponse",
    "CacheSetFetch",
    "CacheSetFetchResponse",
    "CacheSetLength",
    "CacheSetLengthResponse",
    "CacheSetPop",
    "CacheSetPopResponse",
    "CacheSetRemoveElement",
    "CacheSetRemoveElementResponse",
    "CacheSetRemoveElements",
    "CacheSetRemoveElementsResponse",
    "CacheSetSample",
    "CacheSetSampleResponse",
]

__getattr__, __dir__ = _lazy.accessors(__name__, __all__)
