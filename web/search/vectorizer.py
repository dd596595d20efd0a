"""Text → vector, in the page: a deterministic, pure-Python stand-in for an embedding model.

Each text becomes a bag of hashed features, projected onto :data:`DIMENSIONS` dimensions and L2-normalised, so that
the cosine similarity of two vectors measures how many words (and beginnings of words) their texts share:

* each word (lower-cased letters and digits, common English stop words dropped, one common suffix stripped so that
  "planets" meets "planet") is the set of its prefixes from three letters on ("tel", "tele", …, "telescope"),
  weighing 1 together: a word half typed ("telesc") already shares most of them with "telescope", so results can
  follow the keyboard, while a whole word shares all of them;
* each pair of adjacent words weighs 0.5: "solar wind" is more than "solar" and "wind".

A feature's bucket and sign come from the 32-bit FNV-1a hash of its UTF-8 text (never Python's ``hash``, which is
salted per process): the same text gives the same vector in every browser and on CPython. It matches words, not
meanings: "car" does not find "automobile". A real page would call an embedding model here; the index, the
filters and the search would stay as they are.
"""

from __future__ import annotations

import itertools
import math
import re

DIMENSIONS = 256
WORD_WEIGHT = 1.0  # the L2 norm of one word's prefixes together
PAIR_WEIGHT = 0.5
MIN_PREFIX = 3

_WORD = re.compile(r"[^\W_]+")
STOP_WORDS = frozenset(
    """a about after all also an and are as at be been before but by can could did do does for from had has have
    he her his how i if in into is it its me more most my no not of on or our out over she so than that the their
    them then there these they this those through to up us was we were what when where which who why will with
    would you your""".split()  # noqa: SIM905 (a word list reads better as text)
)
_SUFFIXES = (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""))
_FNV_OFFSET = 0x811C9DC5
_FNV_PRIME = 0x01000193


def stem(word: str) -> str:
    """Strip one common suffix from a word of more than four letters ("galaxies" → "galaxy", "landed" → "land");
    words ending in "ss", "us" or "is" keep their "s"."""
    if len(word) <= 4 or word.endswith(("ss", "us", "is")):
        return word
    for suffix, replacement in _SUFFIXES:
        if word.endswith(suffix):
            return word[: -len(suffix)] + replacement
    return word


def words(text: str) -> list[str]:
    """The text's words, lower-cased and stemmed, stop words dropped."""
    return [stem(word) for word in _WORD.findall(text.lower()) if word not in STOP_WORDS]


def features(text: str) -> dict[str, float]:
    """Every feature of ``text`` with its summed weight (``w:`` word prefixes, ``p:`` pairs of words)."""
    found: dict[str, float] = {}
    tokens = words(text)
    for token in tokens:
        prefixes = [token[:end] for end in range(min(MIN_PREFIX, len(token)), len(token) + 1)]
        for prefix in prefixes:
            found["w:" + prefix] = found.get("w:" + prefix, 0.0) + WORD_WEIGHT / math.sqrt(len(prefixes))
    for first, second in itertools.pairwise(tokens):
        pair = f"p:{first} {second}"
        found[pair] = found.get(pair, 0.0) + PAIR_WEIGHT
    return found


def fnv1a(text: str) -> int:
    """The 32-bit FNV-1a hash of ``text``'s UTF-8 bytes."""
    value = _FNV_OFFSET
    for byte in text.encode("utf-8"):
        value = ((value ^ byte) * _FNV_PRIME) & 0xFFFFFFFF
    return value


def vectorize(text: str, dimensions: int = DIMENSIONS) -> list[float]:
    """``text`` as a unit vector of ``dimensions`` floats; all zeros when it has no words."""
    vector = [0.0] * dimensions
    for feature, weight in features(text).items():
        hashed = fnv1a(feature)
        sign = -1.0 if hashed >> 31 else 1.0  # signed buckets: collisions cancel out instead of piling up
        vector[hashed % dimensions] += sign * weight
    norm = math.sqrt(math.fsum(x * x for x in vector))
    return [x / norm for x in vector] if norm else vector


def cosine(a: list[float], b: list[float]) -> float:
    """The cosine similarity of two vectors (0 when either is zero)."""
    norms = math.sqrt(math.fsum(x * x for x in a)) * math.sqrt(math.fsum(y * y for y in b))
    return math.fsum(x * y for x, y in zip(a, b, strict=True)) / norms if norms else 0.0
