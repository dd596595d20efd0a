"""``CacheClient``: the synchronous cache client, derived from ``CacheClientAsync`` (momento's ``cache_client``).

Every method is its async twin's, waited for (:mod:`momento_web.internal.synchronous`): on CPython on a private
event loop thread, in the browser by suspending on the promise (JSPI), where a call that cannot wait returns its
response's ``Error`` saying why.
"""

from __future__ import annotations

from datetime import timedelta

from momento_web.auth import CredentialProvider
from momento_web.cache_client_async import CacheClientAsync
from momento_web.config import Configuration
from momento_web.errors.exceptions import ConnectionException
from momento_web.internal.eager_connection import EAGER_CONNECTION_FAILED
from momento_web.internal.services import Service
from momento_web.internal.synchronous import SyncClient, blocking
from momento_web.utilities.shared_sync_asyncio import DEFAULT_EAGER_CONNECTION_TIMEOUT_SECONDS


class CacheClient(SyncClient[CacheClientAsync]):
    """Mirrors ``momento.CacheClient``: ``CacheClientAsync``'s methods, each returning its response when the
    answer is there. Every method returns a response; none raises.

    ``with CacheClient.create(config, credentials, timedelta(minutes=5)) as client: ...``
    """

    _async_class = CacheClientAsync
    _service = Service.CACHE

    def __init__(
        self, configuration: Configuration, credential_provider: CredentialProvider, default_ttl: timedelta
    ) -> None:
        super().__init__(CacheClientAsync(configuration, credential_provider, default_ttl))

    @classmethod
    def create(
        cls,
        configuration: Configuration,
        credential_provider: CredentialProvider,
        default_ttl: timedelta,
        eager_connection_timeout: timedelta = timedelta(seconds=DEFAULT_EAGER_CONNECTION_TIMEOUT_SECONDS),
    ) -> CacheClient:
        """Create a client that has reached the cache endpoint within ``eager_connection_timeout``; raises
        ``ConnectionException`` if it could not (zero: do not connect first), as ``CacheClientAsync.create``.
        In the browser without JSPI it raises ``FailedPreconditionException``: use ``CacheClientAsync`` there."""
        try:
            return cls._adopt(
                lambda: CacheClientAsync.create(
                    configuration, credential_provider, default_ttl, eager_connection_timeout
                )
            )
        except ConnectionException as exc:
            raise ConnectionException(EAGER_CONNECTION_FAILED, Service.CACHE) from exc  # momento's sync wording

    # --- control plane and ping --------------------------------------------------------------------------------------

    create_cache = blocking(CacheClientAsync.create_cache)
    delete_cache = blocking(CacheClientAsync.delete_cache)
    list_caches = blocking(CacheClientAsync.list_caches)
    flush_cache = blocking(CacheClientAsync.flush_cache)
    create_signing_key = blocking(CacheClientAsync.create_signing_key)
    list_signing_keys = blocking(CacheClientAsync.list_signing_keys)
    revoke_signing_key = blocking(CacheClientAsync.revoke_signing_key)
    ping = blocking(CacheClientAsync.ping)

    # --- scalars and batches -----------------------------------------------------------------------------------------

    get = blocking(CacheClientAsync.get)
    set = blocking(CacheClientAsync.set)
    delete = blocking(CacheClientAsync.delete)
    increment = blocking(CacheClientAsync.increment)
    set_if_not_exists = blocking(CacheClientAsync.set_if_not_exists)
    get_batch = blocking(CacheClientAsync.get_batch)
    set_batch = blocking(CacheClientAsync.set_batch)

    # --- conditional writes ------------------------------------------------------------------------------------------

    set_if_absent = blocking(CacheClientAsync.set_if_absent)
    set_if_present = blocking(CacheClientAsync.set_if_present)
    set_if_equal = blocking(CacheClientAsync.set_if_equal)
    set_if_not_equal = blocking(CacheClientAsync.set_if_not_equal)
    set_if_present_and_not_equal = blocking(CacheClientAsync.set_if_present_and_not_equal)
    set_if_absent_or_equal = blocking(CacheClientAsync.set_if_absent_or_equal)
    get_with_hash = blocking(CacheClientAsync.get_with_hash)
    set_with_hash = blocking(CacheClientAsync.set_with_hash)
    set_if_present_and_hash_equal = blocking(CacheClientAsync.set_if_present_and_hash_equal)
    set_if_present_and_hash_not_equal = blocking(CacheClientAsync.set_if_present_and_hash_not_equal)
    set_if_absent_or_hash_equal = blocking(CacheClientAsync.set_if_absent_or_hash_equal)
    set_if_absent_or_hash_not_equal = blocking(CacheClientAsync.set_if_absent_or_hash_not_equal)

    # --- keys and TTLs -----------------------------------------------------------------------------------------------

    key_exists = blocking(CacheClientAsync.key_exists)
    keys_exist = blocking(CacheClientAsync.keys_exist)
    item_get_type = blocking(CacheClientAsync.item_get_type)
    item_get_ttl = blocking(CacheClientAsync.item_get_ttl)
    update_ttl = blocking(CacheClientAsync.update_ttl)
    increase_ttl = blocking(CacheClientAsync.increase_ttl)
    decrease_ttl = blocking(CacheClientAsync.decrease_ttl)

    # --- dictionaries ------------------------------------------------------------------------------------------------

    dictionary_fetch = blocking(CacheClientAsync.dictionary_fetch)
    dictionary_get_field = blocking(CacheClientAsync.dictionary_get_field)
    dictionary_get_fields = blocking(CacheClientAsync.dictionary_get_fields)
    dictionary_set_field = blocking(CacheClientAsync.dictionary_set_field)
    dictionary_set_fields = blocking(CacheClientAsync.dictionary_set_fields)
    dictionary_increment = blocking(CacheClientAsync.dictionary_increment)
    dictionary_remove_field = blocking(CacheClientAsync.dictionary_remove_field)
    dictionary_remove_fields = blocking(CacheClientAsync.dictionary_remove_fields)
    dictionary_length = blocking(CacheClientAsync.dictionary_length)

    # --- lists -------------------------------------------------------------------------------------------------------

    list_concatenate_back = blocking(CacheClientAsync.list_concatenate_back)
    list_concatenate_front = blocking(CacheClientAsync.list_concatenate_front)
    list_push_back = blocking(CacheClientAsync.list_push_back)
    list_push_front = blocking(CacheClientAsync.list_push_front)
    list_pop_back = blocking(CacheClientAsync.list_pop_back)
    list_pop_front = blocking(CacheClientAsync.list_pop_front)
    list_fetch = blocking(CacheClientAsync.list_fetch)
    list_length = blocking(CacheClientAsync.list_length)
    list_remove_value = blocking(CacheClientAsync.list_remove_value)
    list_retain = blocking(CacheClientAsync.list_retain)

    # --- sets --------------------------------------------------------------------------------------------------------

    set_add_element = blocking(CacheClientAsync.set_add_element)
    set_add_elements = blocking(CacheClientAsync.set_add_elements)
    set_remove_element = blocking(CacheClientAsync.set_remove_element)
    set_remove_elements = blocking(CacheClientAsync.set_remove_elements)
    set_fetch = blocking(CacheClientAsync.set_fetch)
    set_contains_element = blocking(CacheClientAsync.set_contains_element)
    set_contains_elements = blocking(CacheClientAsync.set_contains_elements)
    set_length = blocking(CacheClientAsync.set_length)
    set_pop = blocking(CacheClientAsync.set_pop)
    set_sample = blocking(CacheClientAsync.set_sample)

    # --- sorted sets -------------------------------------------------------------------------------------------------

    sorted_set_put_element = blocking(CacheClientAsync.sorted_set_put_element)
    sorted_set_put_elements = blocking(CacheClientAsync.sorted_set_put_elements)
    sorted_set_increment_score = blocking(CacheClientAsync.sorted_set_increment_score)
    sorted_set_remove_element = blocking(CacheClientAsync.sorted_set_remove_element)
    sorted_set_remove_elements = blocking(CacheClientAsync.sorted_set_remove_elements)
    sorted_set_fetch_by_rank = blocking(CacheClientAsync.sorted_set_fetch_by_rank)
    sorted_set_fetch_by_score = blocking(CacheClientAsync.sorted_set_fetch_by_score)
    sorted_set_get_rank = blocking(CacheClientAsync.sorted_set_get_rank)
    sorted_set_get_score = blocking(CacheClientAsync.sorted_set_get_score)
    sorted_set_get_scores = blocking(CacheClientAsync.sorted_set_get_scores)
    sorted_set_length = blocking(CacheClientAsync.sorted_set_length)
    sorted_set_length_by_score = blocking(CacheClientAsync.sorted_set_length_by_score)
    sorted_set_union_store = blocking(CacheClientAsync.sorted_set_union_store)
