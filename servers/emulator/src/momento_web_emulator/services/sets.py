"""``cache_client.Scs`` set RPCs. Sampling and popping choose at random (the store's ``rng``)."""

from __future__ import annotations

from momento_web._messages import cacheclient as pb
from momento_web.wire.status import GrpcError, StatusCode
from momento_web_emulator.datatypes import SetValue
from momento_web_emulator.rpc import CallContext, Rpc, unary
from momento_web_emulator.services._data import (
    SERVICE,
    DataService,
    delete_collection,
    found,
    growth,
    length_reply,
    missing,
    require_member,
    ttl_of,
)


class SetService(DataService):
    def rpcs(self) -> list[Rpc]:
        return [
            unary(f"{SERVICE}/SetUnion", pb._SetUnionRequest, self.union),
            unary(f"{SERVICE}/SetDifference", pb._SetDifferenceRequest, self.difference),
            unary(f"{SERVICE}/SetFetch", pb._SetFetchRequest, self.fetch),
            unary(f"{SERVICE}/SetContains", pb._SetContainsRequest, self.contains),
            unary(f"{SERVICE}/SetLength", pb._SetLengthRequest, self.length),
            unary(f"{SERVICE}/SetSample", pb._SetSampleRequest, self.sample),
            unary(f"{SERVICE}/SetPop", pb._SetPopRequest, self.pop),
        ]

    async def union(self, request: pb._SetUnionRequest, ctx: CallContext) -> pb._SetUnionResponse:
        elements = list(request.elements)
        cache = self._cache(ctx)
        cache.check_elements(elements)
        cache.write(request.set_name, SetValue, ttl_of(request), lambda s: s.add(elements), growth=growth(request))
        return pb._SetUnionResponse()

    async def difference(self, request: pb._SetDifferenceRequest, ctx: CallContext) -> pb._SetDifferenceResponse:
        cache = self._cache(ctx)
        if cache.collection(request.set_name, SetValue) is None:
            return missing(pb._SetDifferenceResponse)
        if require_member(request, "difference") == "minuend":  # stored = request - stored
            minuend = list(request.minuend.elements)
            cache.check_elements(minuend)
            cache.modify(request.set_name, SetValue, lambda s: _replace(s, minuend), growth=growth(request))
        elif require_member(request.subtrahend, "subtrahend_set") == "identity":  # stored - stored
            delete_collection(cache, request.set_name, SetValue)
        else:
            subtrahend = list(request.subtrahend.set.elements)
            cache.modify(request.set_name, SetValue, lambda s: s.remove(subtrahend))
        return found(pb._SetDifferenceResponse)

    async def fetch(self, request: pb._SetFetchRequest, ctx: CallContext) -> pb._SetFetchResponse:
        elements = self._cache(ctx).collection(request.set_name, SetValue)
        if elements is None:
            return missing(pb._SetFetchResponse)
        return found(pb._SetFetchResponse, elements=elements.elements())

    async def contains(self, request: pb._SetContainsRequest, ctx: CallContext) -> pb._SetContainsResponse:
        elements = self._cache(ctx).collection(request.set_name, SetValue)
        if elements is None:
            return missing(pb._SetContainsResponse)
        return found(pb._SetContainsResponse, contains=elements.contains(request.elements))

    async def length(self, request: pb._SetLengthRequest, ctx: CallContext) -> pb._SetLengthResponse:
        return length_reply(pb._SetLengthResponse, self._cache(ctx).collection(request.set_name, SetValue))

    async def sample(self, request: pb._SetSampleRequest, ctx: CallContext) -> pb._SetSampleResponse:
        elements = self._cache(ctx).collection(request.set_name, SetValue)
        if elements is None:
            return missing(pb._SetSampleResponse)
        return found(pb._SetSampleResponse, elements=elements.sample(request.limit, self._store.rng))

    async def pop(self, request: pb._SetPopRequest, ctx: CallContext) -> pb._SetPopResponse:
        if request.count == 0:
            raise GrpcError(StatusCode.INVALID_ARGUMENT, "count must be positive")
        popped = self._cache(ctx).modify(request.set_name, SetValue, lambda s: s.pop(request.count, self._store.rng))
        if popped is None:
            return missing(pb._SetPopResponse)
        return found(pb._SetPopResponse, elements=popped)


def _replace(elements: SetValue, minuend: list[bytes]) -> int:
    stored = elements.elements()
    kept = set(minuend).difference(stored)
    elements.remove(stored)
    return elements.add(kept)
