"""Responses of sorted set operations (scores are floats; ranks are 0-based in the requested order), one
module per operation as in ``momento``. Each name loads its module on first use (``responses/_lazy.py``).
"""

from typing import TYPE_CHECKING

from momento_web.responses import _lazy

if TYPE_CHECKING:
    from momento_web.responses.data.sorted_set.fetch import CacheSortedSetFetch, CacheSortedSetFetchResponse
    from momento_web.responses.data.sorted_set.get_rank import CacheSortedSetGetRank, CacheSortedSetGetRankResponse
    from momento_web.responses.data.sorted_set.get_score import CacheSortedSetGetScore, CacheSortedSetGetScoreResponse
    from momento_web.responses.data.sorted_set.get_scores import (
        CacheSortedSetGetScores,
        CacheSortedSetGetScoresResponse,
    )
    from momento_web.responses.data.sorted_set.increment_score import (
        CacheSortedSetIncrementScore,
        CacheSortedSetIncrementScoreResponse,
    )
    from momento_web.responses.data.sorted_set.length import CacheSortedSetLength, CacheSortedSetLengthResponse
    from momento_web.responses.data.sorted_set.length_by_score import (
        CacheSortedSetLengthByScore,
        CacheSortedSetLengthByScoreResponse,
    )
    from momento_web.responses.data.sorted_set.put_element import (
        CacheSortedSetPutElement,
        CacheSortedSetPutElementResponse,
    )
    from momento_web.responses.data.sorted_set.put_elements import (
        CacheSortedSetPutElements,
        CacheSortedSetPutElementsResponse,
    )
    from momento_web.responses.data.sorted_set.remove_element import (
        CacheSortedSetRemoveElement,
        CacheSortedSetRemoveElementResponse,
    )
    from momento_web.responses.data.sorted_set.remove_elements import (
        CacheSortedSetRemoveElements,
        CacheSortedSetRemoveElementsResponse,
    )
    from momento_web.responses.data.sorted_set.union_store import (
        CacheSortedSetUnionStore,
        CacheSortedSetUnionStoreResponse,
    )

__all__ = [
    "CacheSortedSetFetch",
    "CacheSortedSetFetchResponse",
    "CacheSortedSetGetRank",
    "CacheSortedSetGetRankResponse",
    "CacheSortedSetGetScore",
    "CacheSortedSetGetScoreResponse",
    "CacheSortedSetGetScores",
    "CacheSortedSetGetScoresResponse",
    "CacheSortedSetIncrementScore",
    "CacheSortedSetIncrementScoreResponse",
    "CacheSortedSetLength",
    "CacheSortedSetLengthByScore",
    "CacheSortedSetLengthByScoreResponse",
    "CacheSortedSetLengthResponse",
    "CacheSortedSetPutElement",
    "CacheSortedSetPutElementResponse",
    "CacheSortedSetPutElements",
    "CacheSortedSetPutElementsResponse",
    "CacheSortedSetRemoveElement",
    "CacheSortedSetRemoveElementResponse",
    "CacheSortedSetRemoveElements",
    "CacheSortedSetRemoveElementsResponse",
    "CacheSortedSetUnionStore",
    "CacheSortedSetUnionStoreResponse",
]

__getattr__, __dir__ = _lazy.accessors(__name__, __all__)
