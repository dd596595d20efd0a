"""``str()`` and ``repr()`` of responses print what momento's print.

``str()`` is short: bytes and strings of 32 characters or more are cut to their first 32 followed by ``...``
(momento cuts at ``len >= 32``, so exactly 32 gets the ellipsis too), and a list, set or dict of more than 5
items shows its first 5, each with ``str()``, then ``...``. ``repr()`` of a variant that carries values is its
full dataclass repr; ``Miss()``/``Success()``/``Error(...)`` render with limits of 512 and 1024, and an error's
``str()`` equals its ``repr()``.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys

import pytest

from momento_web.errors import InvalidArgumentException
from momento_web.internal.services import Service
from momento_web.responses import (
    CacheDictionaryFetch,
    CacheDictionaryGetField,
    CacheDictionaryGetFields,
    CacheGet,
    CacheIncrement,
    CacheInfo,
    CacheListFetch,
    CacheSet,
    CacheSetFetch,
    CacheSortedSetFetch,
    CacheSortedSetGetScore,
    ListCaches,
    TopicSubscriptionItem,
)
from momento_web.responses.response import Response

X32 = "x" * 32


@pytest.mark.parametrize(
    ("response", "text"),
    [
        (CacheGet.Hit(b"x" * 31), f"CacheGet.Hit(value_bytes=b'{'x' * 31}')"),
        (CacheGet.Hit(b"x" * 32), f"CacheGet.Hit(value_bytes=b'{X32}...')"),
        (CacheGet.Hit(b"x" * 40), f"CacheGet.Hit(value_bytes=b'{X32}...')"),
        (CacheGet.Miss(), "CacheGet.Miss()"),
        (CacheSet.Success(), "CacheSet.Success()"),
        (CacheIncrement.Success(5), "CacheIncrement.Success(value=5)"),
        (CacheSortedSetGetScore.Miss(b"v" * 33), f"CacheSortedSetGetScore.Miss(value_bytes=b'{'v' * 32}...')"),
        (
            CacheListFetch.Hit([b"a", b"b", b"c", b"d", b"e"]),
            "CacheListFetch.Hit(value_list_bytes=[b'a', b'b', b'c', b'd', b'e'])",
        ),
        (
            CacheListFetch.Hit([b"a", b"b", b"c", b"d", b"e", b"f"]),
            "CacheListFetch.Hit(value_list_bytes=[b'a', b'b', b'c', b'd', b'e', ...])",
        ),
        (
            CacheListFetch.Hit([b"y" * 40, b"z"]),
            f"CacheListFetch.Hit(value_list_bytes=[b'{'y' * 32}...', b'z'])",
        ),
        (CacheSetFetch.Hit({b"a" * 33}), f"CacheSetFetch.Hit(value_set_bytes={{b'{'a' * 32}...'}})"),
        (
            CacheDictionaryFetch.Hit({b"f" * 40: b"v" * 50}),
            f"CacheDictionaryFetch.Hit(value_dictionary_bytes_bytes={{b'{'f' * 32}...': b'{'v' * 32}...'}})",
        ),
        (
            CacheDictionaryFetch.Hit({bytes([i]): b"v" for i in range(97, 103)}),
            "CacheDictionaryFetch.Hit(value_dictionary_bytes_bytes="
            "{b'a': b'v', b'b': b'v', b'c': b'v', b'd': b'v', b'e': b'v', ...})",
        ),
        (
            CacheSortedSetFetch.Hit([(b"a", 1.0)] * 6),
            "CacheSortedSetFetch.Hit(value_list_bytes=[(b'a', 1.0), (b'a', 1.0), (b'a', 1.0), (b'a', 1.0), "
            "(b'a', 1.0), ...])",
        ),
        (
            CacheDictionaryGetFields.Hit(
                [CacheDictionaryGetField.Hit(b"v" * 40, b"f"), CacheDictionaryGetField.Miss()]
            ),
            f"CacheDictionaryGetFields.Hit(responses=[CacheDictionaryGetField.Hit(value_bytes=b'{'v' * 40}', "
            "field_bytes=b'f'), CacheDictionaryGetField.Miss()])",
        ),
        (
            CacheDictionaryGetFields.Hit([CacheDictionaryGetField.Hit(b"v" * 40, b"f")] * 6),
            "CacheDictionaryGetFields.Hit(responses=["
            + ", ".join([f"CacheDictionaryGetField.Hit(value_bytes=b'{'v' * 32}...', field_bytes=b'f')"] * 5)
            + ", ...])",
        ),
        (
            ListCaches.Success([CacheInfo("a")] * 6),
            "ListCaches.Success(caches=[" + "CacheInfo(name='a'), " * 5 + "...])",
        ),
        (
            TopicSubscriptionItem.Text("t" * 40, 1, 2, publisher_id="someone"),
            f"TopicSubscriptionItem.Text(value='{'t' * 32}...', sequence_number=1, sequence_page=2)",
        ),
    ],
)
def test_str_truncates_like_momento(response: Response, text: str) -> None:
    assert str(response) == text


@pytest.mark.parametrize(
    ("response", "text"),
    [
        (CacheGet.Hit(b"x" * 40), f"CacheGet.Hit(value_bytes=b'{'x' * 40}')"),
        (
            CacheListFetch.Hit([b"a", b"b", b"c", b"d", b"e", b"f"]),
            "CacheListFetch.Hit(value_list_bytes=[b'a', b'b', b'c', b'd', b'e', b'f'])",
        ),
        (CacheGet.Miss(), "CacheGet.Miss()"),
        (
            TopicSubscriptionItem.Binary(b"b" * 40, 3, 0, publisher_id="someone"),
            f"TopicSubscriptionItem.Binary(value=b'{'b' * 40}', sequence_number=3, sequence_page=0)",
        ),
    ],
)
def test_repr_of_values_is_complete(response: Response, text: str) -> None:
    assert repr(response) == text


def test_an_errors_str_is_its_repr() -> None:
    error = CacheGet.Error(InvalidArgumentException("bad " * 200, Service.CACHE))
    text = str(error)
    assert text == repr(error)
    assert text.startswith("CacheGet.Error(_error=InvalidArgumentException(message='bad bad ")
    assert "bad " * 200 in text  # the exception is shown whole, never cut
    assert text.endswith("message_wrapper='Invalid argument passed to Momento client'))")


def test_publisher_id_is_still_compared() -> None:
    assert TopicSubscriptionItem.Text("v", 1, 0, "a") != TopicSubscriptionItem.Text("v", 1, 0, "b")


# Run apart: momento's responses import its generated protobuf modules, which clash in protobuf's default pool
# with the codec oracle's that other tests of this session load.
_COMPARE_WITH_MOMENTO = """
import json
import momento.responses as official
import momento_web.responses as ours
cases = [
    ("CacheGet", "Hit", (b"x" * 32,)),
    ("CacheGet", "Miss", ()),
    ("CacheListFetch", "Hit", ([b"q" * 33] * 7,)),
    ("CacheSetFetch", "Hit", ({bytes([i]) * 40 for i in range(9)},)),
    ("CacheDictionaryFetch", "Hit", ({bytes([i]) * 35: b"w" * i for i in range(8)},)),
    ("CacheSortedSetFetch", "Hit", ([(b"m" * 50, 2.5)] * 3,)),
    ("CacheSortedSetGetScore", "Hit", (b"s" * 31, -1.0)),
    ("CacheListLength", "Hit", (12,)),
    ("TopicSubscriptionItem", "Text", ("t" * 33, 4, 1)),
]
different = []
for operation, variant, args in cases:
    theirs = getattr(getattr(official, operation), variant)(*args)
    mine = getattr(getattr(ours, operation), variant)(*args)
    if (str(mine), repr(mine)) != (str(theirs), repr(theirs)):
        different.append([operation, variant, str(mine), str(theirs), repr(mine), repr(theirs)])
print(json.dumps({"compared": len(cases), "different": different}))
"""


@pytest.mark.skipif(importlib.util.find_spec("momento") is None, reason="the official momento package is absent")
def test_str_and_repr_equal_the_installed_momentos() -> None:
    """The same values through momento's own response classes (no client is made)."""
    done = subprocess.run([sys.executable, "-c", _COMPARE_WITH_MOMENTO], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout) == {"compared": 9, "different": []}
