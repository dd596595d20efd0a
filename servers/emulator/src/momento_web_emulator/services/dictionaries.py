"""``cache_client.Scs`` dictionary RPCs."""

from __future__ import annotations

from momento_web._messages import cacheclient as pb
from momento_web_emulator.datatypes import DictionaryValue
from momento_web_emulator.rpc import CallContext, Rpc, unary
from momento_web_emulator.services._data import (
    SERVICE,
    DataService,
    found,
    growth,
    length_reply,
    missing,
    remove_members,
    ttl_of,
)


class DictionaryService(DataService):
    def rpcs(self) -> list[Rpc]:
        return [
            unary(f"{SERVICE}/DictionaryFetch", pb._DictionaryFetchRequest, self.fetch),
            unary(f"{SERVICE}/DictionaryGet", pb._DictionaryGetRequest, self.get),
            unary(f"{SERVICE}/DictionarySet", pb._DictionarySetRequest, self.set),
            unary(f"{SERVICE}/DictionaryIncrement", pb._DictionaryIncrementRequest, self.increment),
            unary(f"{SERVICE}/DictionaryDelete", pb._DictionaryDeleteRequest, self.delete),
            unary(f"{SERVICE}/DictionaryLength", pb._DictionaryLengthRequest, self.length),
        ]

    async def fetch(self, request: pb._DictionaryFetchRequest, ctx: CallContext) -> pb._DictionaryFetchResponse:
        dictionary = self._cache(ctx).collection(request.dictionary_name, DictionaryValue)
        if dictionary is None:
            return missing(pb._DictionaryFetchResponse)
        items = [pb._DictionaryFieldValuePair(field=field, value=value) for field, value in dictionary.items()]
        return found(pb._DictionaryFetchResponse, items=items)

    async def get(self, request: pb._DictionaryGetRequest, ctx: CallContext) -> pb._DictionaryGetResponse:
        dictionary = self._cache(ctx).collection(request.dictionary_name, DictionaryValue)
        if dictionary is None:
            return missing(pb._DictionaryGetResponse)
        part = pb._DictionaryGetResponse._DictionaryGetResponsePart
        values = [dictionary.get(field) for field in request.fields]
        items = [part(result=pb.Miss) if value is None else part(result=pb.Hit, cache_body=value) for value in values]
        return found(pb._DictionaryGetResponse, items=items)

    async def set(self, request: pb._DictionarySetRequest, ctx: CallContext) -> pb._DictionarySetResponse:
        pairs = [(item.field, item.value) for item in request.items]
        cache = self._cache(ctx)
        cache.check_elements((field for field, _ in pairs), (value for _, value in pairs))
        cache.write(
            request.dictionary_name, DictionaryValue, ttl_of(request), lambda d: d.set_many(pairs),
            growth=growth(request),
        )  # fmt: skip
        return pb._DictionarySetResponse()

    async def increment(
        self, request: pb._DictionaryIncrementRequest, ctx: CallContext
    ) -> pb._DictionaryIncrementResponse:
        cache = self._cache(ctx)
        cache.check_elements([request.field])
        value = cache.write(
            request.dictionary_name, DictionaryValue, ttl_of(request),
            lambda d: d.increment(request.field, request.amount), growth=growth(request),
        )  # fmt: skip
        return pb._DictionaryIncrementResponse(value=value)

    async def delete(self, request: pb._DictionaryDeleteRequest, ctx: CallContext) -> pb._DictionaryDeleteResponse:
        fields = request.some.fields
        remove_members(self._cache(ctx), request.dictionary_name, DictionaryValue, request, "delete", fields)
        return pb._DictionaryDeleteResponse()

    async def length(self, request: pb._DictionaryLengthRequest, ctx: CallContext) -> pb._DictionaryLengthResponse:
        dictionary = self._cache(ctx).collection(request.dictionary_name, DictionaryValue)
        return length_reply(pb._DictionaryLengthResponse, dictionary)
