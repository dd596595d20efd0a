"""Responses of dictionary operations, one module per operation as in ``momento``.
Each name loads its module on first use (``responses/_lazy.py``).
"""

from typing import TYPE_CHECKING

from momento_web.responses import _lazy

if TYPE_CHECKING:
    from momento_web.responses.data.dictionary.fetch import CacheDictionaryFetch, CacheDictionaryFetchResponse
    from momento_web.responses.data.dictionary.get_field import CacheDictionaryGetField, CacheDictionaryGetFieldResponse
    from momento_web.responses.data.dictionary.get_fields import (
        CacheDictionaryGetFields,
        CacheDictionaryGetFieldsResponse,
    )
    from momento_web.responses.data.dictionary.increment import (
        CacheDictionaryIncrement,
        CacheDictionaryIncrementResponse,
    )
    from momento_web.responses.data.dictionary.length import CacheDictionaryLength, CacheDictionaryLengthResponse
    from momento_web.responses.data.dictionary.remove_field import (
        CacheDictionaryRemoveField,
        CacheDictionaryRemoveFieldResponse,
    )
    from momento_web.responses.data.dictionary.remove_fields import (
        CacheDictionaryRemoveFields,
        CacheDictionaryRemoveFieldsResponse,
    )
    from momento_web.responses.data.dictionary.set_field import CacheDictionarySetField, CacheDictionarySetFieldResponse
    from momento_web.responses.data.dictionary.set_fields import (
        CacheDictionarySetFields,
        CacheDictionarySetFieldsResponse,
    )

__all__ = [
    "CacheDictionaryFetch",
    "CacheDictionaryFetchResponse",
    "CacheDictionaryGetField",
    "CacheDictionaryGetFieldResponse",
    "CacheDictionaryGetFields",
    "CacheDictionaryGetFieldsResponse",
    "CacheDictionaryIncrement",
    "CacheDictionaryIncrementResponse",
    "CacheDictionaryLength",
    "CacheDictionaryLengthResponse",
    "CacheDictionaryRemoveField",
    "CacheDictionaryRemoveFieldResponse",
    "CacheDictionaryRemoveFields",
    "CacheDictionaryRemoveFieldsResponse",
    "CacheDictionarySetField",
    "CacheDictionarySetFieldResponse",
    "CacheDictionarySetFields",
    "CacheDictionarySetFieldsResponse",
]

__getattr__, __dir__ = _lazy.accessors(__name__, __all__)
