"""``cache_client.Scs`` list RPCs. Slices follow Python's rules; unset bounds are unbounded."""

from __future__ import annotations

from collections.abc import Callable

from momento_web._messages import cacheclient as pb
from momento_web_emulator.datatypes import ListValue
from momento_web_emulator.rpc import CallContext, Rpc, unary
from momento_web_emulator.services._data import (
    SERVICE,
    DataService,
    M,
    found,
    growth,
    length_reply,
    member,
    missing,
    require_member,
    ttl_of,
)

_Grow = (
    pb._ListPushFrontRequest
    | pb._ListPushBackRequest
    | pb._ListConcatenateFrontRequest
    | pb._ListConcatenateBackRequest
)


class ListService(DataService):
    def rpcs(self) -> list[Rpc]:
        return [
            unary(f"{SERVICE}/ListPushFront", pb._ListPushFrontRequest, self.push_front),
            unary(f"{SERVICE}/ListPushBack", pb._ListPushBackRequest, self.push_back),
            unary(f"{SERVICE}/ListConcatenateFront", pb._ListConcatenateFrontRequest, self.concatenate_front),
            unary(f"{SERVICE}/ListConcatenateBack", pb._ListConcatenateBackRequest, self.concatenate_back),
            unary(f"{SERVICE}/ListPopFront", pb._ListPopFrontRequest, self.pop_front),
            unary(f"{SERVICE}/ListPopBack", pb._ListPopBackRequest, self.pop_back),
            unary(f"{SERVICE}/ListFetch", pb._ListFetchRequest, self.fetch),
            unary(f"{SERVICE}/ListLength", pb._ListLengthRequest, self.length),
            unary(f"{SERVICE}/ListRemove", pb._ListRemoveRequest, self.remove),
            unary(f"{SERVICE}/ListRetain", pb._ListRetainRequest, self.retain),
            unary(f"{SERVICE}/ListErase", pb._ListEraseRequest, self.erase),
        ]

    async def push_front(self, request: pb._ListPushFrontRequest, ctx: CallContext) -> pb._ListPushFrontResponse:
        length = self._grow(ctx, request, [request.value], ListValue.push_front, request.truncate_back_to_size)
        return pb._ListPushFrontResponse(list_length=length)

    async def push_back(self, request: pb._ListPushBackRequest, ctx: CallContext) -> pb._ListPushBackResponse:
        length = self._grow(ctx, request, [request.value], ListValue.push_back, request.truncate_front_to_size)
        return pb._ListPushBackResponse(list_length=length)

    async def concatenate_front(
        self, request: pb._ListConcatenateFrontRequest, ctx: CallContext
    ) -> pb._ListConcatenateFrontResponse:
        length = self._grow(ctx, request, list(request.values), ListValue.push_front, request.truncate_back_to_size)
        return pb._ListConcatenateFrontResponse(list_length=length)

    async def concatenate_back(
        self, request: pb._ListConcatenateBackRequest, ctx: CallContext
    ) -> pb._ListConcatenateBackResponse:
        length = self._grow(ctx, request, list(request.values), ListValue.push_back, request.truncate_front_to_size)
        return pb._ListConcatenateBackResponse(list_length=length)

    async def pop_front(self, request: pb._ListPopFrontRequest, ctx: CallContext) -> pb._ListPopFrontResponse:
        popped = self._cache(ctx).modify(request.list_name, ListValue, lambda lst: (lst.pop_front(), len(lst)))
        if popped is None:
            return missing(pb._ListPopFrontResponse)
        return found(pb._ListPopFrontResponse, front=popped[0], list_length=popped[1])

    async def pop_back(self, request: pb._ListPopBackRequest, ctx: CallContext) -> pb._ListPopBackResponse:
        popped = self._cache(ctx).modify(request.list_name, ListValue, lambda lst: (lst.pop_back(), len(lst)))
        if popped is None:
            return missing(pb._ListPopBackResponse)
        return found(pb._ListPopBackResponse, back=popped[0], list_length=popped[1])

    async def fetch(self, request: pb._ListFetchRequest, ctx: CallContext) -> pb._ListFetchResponse:
        values = self._cache(ctx).collection(request.list_name, ListValue)
        if values is None:
            return missing(pb._ListFetchResponse)
        start, end = _slice(request)
        return found(pb._ListFetchResponse, values=values.slice(start, end))

    async def length(self, request: pb._ListLengthRequest, ctx: CallContext) -> pb._ListLengthResponse:
        return length_reply(pb._ListLengthResponse, self._cache(ctx).collection(request.list_name, ListValue))

    async def remove(self, request: pb._ListRemoveRequest, ctx: CallContext) -> pb._ListRemoveResponse:
        require_member(request, "remove")
        value = request.all_elements_with_value
        length = self._cache(ctx).modify(request.list_name, ListValue, lambda lst: lst.remove_value(value))
        return _length_found(pb._ListRemoveResponse, length)

    async def retain(self, request: pb._ListRetainRequest, ctx: CallContext) -> pb._ListRetainResponse:
        start, end = _slice(request)
        length = self._cache(ctx).modify(
            request.list_name, ListValue, lambda lst: lst.retain(start, end), ttl=ttl_of(request)
        )
        return _length_found(pb._ListRetainResponse, length)

    async def erase(self, request: pb._ListEraseRequest, ctx: CallContext) -> pb._ListEraseResponse:
        if require_member(request, "erase") == "all":
            ranges = [(0, 2**32)]
        else:
            ranges = [(r.begin_index, r.count) for r in request.some.ranges]
        length = self._cache(ctx).modify(request.list_name, ListValue, lambda lst: lst.erase(ranges))
        return _length_found(pb._ListEraseResponse, length)

    def _grow(
        self, ctx: CallContext, request: _Grow, values: list[bytes], push: Callable[[ListValue, list[bytes], int], int],
        truncate: int,
    ) -> int:  # fmt: skip
        """A push or concatenation: ``push(list, values, truncate)`` on the list named by ``request``."""
        cache = self._cache(ctx)
        cache.check_elements(values)
        return cache.write(
            request.list_name, ListValue, ttl_of(request), lambda lst: push(lst, values, truncate),
            growth=growth(request),
        )  # fmt: skip


def _slice(request: pb._ListFetchRequest | pb._ListRetainRequest) -> tuple[int | None, int | None]:
    return member(request, "start_index", "inclusive_start"), member(request, "end_index", "exclusive_end")


def _length_found(response_type: type[M], length: int | None) -> M:
    """``found{list_length}`` after a change, or ``missing`` if there was no list (a list emptied by the
    change is gone, but it was found)."""
    if length is None:
        return missing(response_type)
    return found(response_type, list_length=length)
