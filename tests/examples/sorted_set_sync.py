"""Sorted sets with the synchronous ``CacheClient``: a small leaderboard by rank and by score."""

from __future__ import annotations

import os
import uuid
from datetime import timedelta

from momento import CacheClient, Configurations, CredentialProvider
from momento.requests import SortOrder
from momento.responses import (
    CacheSortedSetFetch,
    CacheSortedSetGetRank,
    CacheSortedSetGetScore,
    CacheSortedSetGetScores,
    CacheSortedSetIncrementScore,
    CacheSortedSetPutElement,
    CacheSortedSetPutElements,
    CacheSortedSetRemoveElement,
    CacheSortedSetRemoveElements,
    CreateCache,
)

CACHE_NAME = f"example-{uuid.uuid4().hex[:8]}"


def credential_provider() -> CredentialProvider:
    # Stands in for CredentialProvider.from_environment_variables_v2(): these examples run against a local emulator.
    return CredentialProvider.for_momento_local(os.environ["MOMENTO_HOST"], int(os.environ["MOMENTO_PORT"]))


def main() -> None:
    with CacheClient.create(Configurations.Laptop.latest(), credential_provider(), timedelta(seconds=60)) as client:
        assert isinstance(client.create_cache(CACHE_NAME), CreateCache.Success)

        put = client.sorted_set_put_element(CACHE_NAME, "board", "ada", 42.0)
        assert isinstance(put, CacheSortedSetPutElement.Success), put
        put_some = client.sorted_set_put_elements(CACHE_NAME, "board", {"grace": 37.5, "alan": 50.0, "linus": 12.0})
        assert isinstance(put_some, CacheSortedSetPutElements.Success), put_some

        match client.sorted_set_fetch_by_rank(CACHE_NAME, "board", sort_order=SortOrder.DESCENDING):
            case CacheSortedSetFetch.Hit() as hit:
                assert hit.value_list_string == [("alan", 50.0), ("ada", 42.0), ("grace", 37.5), ("linus", 12.0)]
            case other:
                raise AssertionError(f"expected a hit, got {other}")

        top_two = client.sorted_set_fetch_by_rank(CACHE_NAME, "board", 0, 2, SortOrder.DESCENDING)
        assert isinstance(top_two, CacheSortedSetFetch.Hit), top_two
        assert [value for value, _ in top_two.value_list_string] == ["alan", "ada"]

        middle = client.sorted_set_fetch_by_score(CACHE_NAME, "board", min_score=20.0, max_score=45.0)
        assert isinstance(middle, CacheSortedSetFetch.Hit), middle
        assert middle.value_list_bytes == [(b"grace", 37.5), (b"ada", 42.0)]

        score = client.sorted_set_get_score(CACHE_NAME, "board", "grace")
        assert isinstance(score, CacheSortedSetGetScore.Hit), score
        assert score.score == 37.5
        scores = client.sorted_set_get_scores(CACHE_NAME, "board", ["ada", "nobody"])
        assert isinstance(scores, CacheSortedSetGetScores.Hit), scores
        assert scores.value_dictionary_string == {"ada": 42.0}

        rank = client.sorted_set_get_rank(CACHE_NAME, "board", "alan")
        assert isinstance(rank, CacheSortedSetGetRank.Hit), rank
        assert rank.rank == 3  # ascending by default: the highest score has the last rank

        bumped = client.sorted_set_increment_score(CACHE_NAME, "board", "linus", 40.0)
        assert isinstance(bumped, CacheSortedSetIncrementScore.Success), bumped
        assert bumped.score == 52.0
        rank = client.sorted_set_get_rank(CACHE_NAME, "board", "linus", SortOrder.DESCENDING)
        assert isinstance(rank, CacheSortedSetGetRank.Hit), rank
        assert rank.rank == 0

        removed = client.sorted_set_remove_element(CACHE_NAME, "board", "alan")
        assert isinstance(removed, CacheSortedSetRemoveElement.Success), removed
        removed_some = client.sorted_set_remove_elements(CACHE_NAME, "board", ["ada", "grace"])
        assert isinstance(removed_some, CacheSortedSetRemoveElements.Success), removed_some
        left = client.sorted_set_fetch_by_rank(CACHE_NAME, "board")
        assert isinstance(left, CacheSortedSetFetch.Hit), left
        assert left.value_list_string == [("linus", 52.0)]

        assert isinstance(client.sorted_set_get_score(CACHE_NAME, "board", "ada"), CacheSortedSetGetScore.Miss)
        client.delete_cache(CACHE_NAME)


if __name__ == "__main__":
    main()
