"""One vector index in memory, searched exactly: the reference an approximate index is judged by.

Storage: the vectors in one contiguous float32 matrix (row ``i`` is item ``ids[i]``; deleting moves the last row
into the hole), with each row's squared norm and inverse norm kept in float64 beside it. The matrix holds the
vectors exactly as they came off the wire (32-bit floats), so fetching a vector returns what was written; cosine
scores divide by the cached norms instead of keeping a second, normalised copy of the matrix.

Scores (reported as 32-bit floats, the wire's type):

* ``COSINE``: cosine similarity in [-1, 1], higher is closer; a zero vector scores 0 against anything;
* ``INNER_PRODUCT``: the dot product, higher is closer;
* ``EUCLIDEAN``: the *squared* Euclidean distance, lower is closer (what Momento reports).

A score threshold keeps hits scoring strictly above it (cosine, inner product) or strictly below it (Euclidean).
Hits are ordered best score first, equal scores by id (code point order), so results are deterministic.

Search is exact, not approximately exact: one float32 matrix-vector product ranks every row, with a proven bound
on its rounding error; every row that could still be in the top ``k`` within that bound (usually ``k`` plus a
few) is then rescored in float64 from the stored vectors, and the final order, threshold and scores come from
those float64 scores rounded to float32. ``argpartition`` keeps the ranking step linear.
Metrics and thresholds as clients see them: docs/protocol/vector-index.md#metrics-and-scores.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from momento_web_emulator.vector_filters import Metadata, Predicate

F32 = npt.NDArray[np.float32]
F64 = npt.NDArray[np.float64]
Rows = npt.NDArray[np.intp]

_UNIT_ROUNDOFF = 2.0**-24  # float32: a rounded result is within this relative error of the exact one
_SCORE_ULPS = 2.0**-21  # a few float32 ulps of slack when scores are rounded to 32 bits
_INITIAL_ROWS = 16
_LOAD_CHUNK_ROWS = 8192  # rows converted to float64 at a time (loading, exact rescoring)


class Metric(enum.Enum):
    """Values are the ``control_client._SimilarityMetric`` oneof member names."""

    COSINE = "cosine_similarity"
    INNER_PRODUCT = "inner_product"
    EUCLIDEAN = "euclidean_similarity"

    @property
    def higher_is_better(self) -> bool:
        return self is not Metric.EUCLIDEAN


@dataclass(frozen=True, slots=True)
class Hit:
    id: str
    score: float  # a float32 value
    row: int


@dataclass(frozen=True, slots=True)
class Item:
    id: str
    vector: F32
    metadata: Metadata


class VectorIndex:
    """Items of one dimension, scored with one metric. Callers validate dimensions and finiteness first."""

    def __init__(self, name: str, dimensions: int, metric: Metric) -> None:
        self.name = name
        self.dimensions = dimensions
        self.metric = metric
        self._ids: list[str] = []
        self._rows: dict[str, int] = {}
        self._metadata: list[Metadata] = []
        self._matrix: F32 = np.empty((_INITIAL_ROWS, dimensions), np.float32)
        self._squared_norms: F64 = np.empty(_INITIAL_ROWS, np.float64)
        self._inverse_norms: F64 = np.empty(_INITIAL_ROWS, np.float64)
        self._max_norm = 0.0  # an upper bound on every row's norm (deletes never lower it)

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, item_id: str) -> bool:
        return item_id in self._rows

    # --- writes -----------------------------------------------------------------------------------------------

    def upsert(self, items: Iterable[Item]) -> None:
        """Insert each item, or replace the vector and metadata of the one with its id (the last one of a batch
        wins)."""
        for item in items:
            row = self._rows.get(item.id)
            if row is None:
                row = len(self._ids)
                self._grow(row + 1)
                self._rows[item.id] = row
                self._ids.append(item.id)
                self._metadata.append(item.metadata)
            else:
                self._metadata[row] = item.metadata
            self._matrix[row] = item.vector
            squared = float(np.dot(item.vector.astype(np.float64), item.vector.astype(np.float64)))
            self._squared_norms[row] = squared
            norm = math.sqrt(squared)
            self._inverse_norms[row] = 1.0 / norm if norm > 0 else 0.0
            self._max_norm = max(self._max_norm, norm)

    def load(self, ids: Sequence[str], vectors: F32, metadata: Sequence[Metadata]) -> None:
        """Fill an empty index at once (distinct ids, ``vectors`` one row each): a restart's bulk path."""
        if self._ids:
            raise ValueError("load() fills an empty index")
        count = len(ids)
        self._grow(count)
        self._ids = list(ids)
        self._rows = {item_id: row for row, item_id in enumerate(self._ids)}
        self._metadata = list(metadata)
        self._matrix[:count] = vectors
        for start in range(0, count, _LOAD_CHUNK_ROWS):  # float64 copies a chunk at a time, not the whole matrix
            chunk = vectors[start : start + _LOAD_CHUNK_ROWS].astype(np.float64)
            squared = np.einsum("ij,ij->i", chunk, chunk)
            norms = np.sqrt(squared)
            self._squared_norms[start : start + len(chunk)] = squared
            with np.errstate(divide="ignore"):
                self._inverse_norms[start : start + len(chunk)] = np.where(norms > 0, 1.0 / norms, 0.0)
            if len(chunk):
                self._max_norm = max(self._max_norm, float(norms.max()))

    def delete(self, ids: Iterable[str]) -> int:
        """Remove the items with these ids (unknown ids are ignored); returns how many were removed."""
        removed = 0
        for item_id in ids:
            row = self._rows.pop(item_id, None)
            if row is None:
                continue
            last = len(self._ids) - 1
            if row != last:  # move the last row into the hole: the live rows stay one contiguous block
                moved = self._ids[last]
                self._ids[row] = moved
                self._rows[moved] = row
                self._metadata[row] = self._metadata[last]
                self._matrix[row] = self._matrix[last]
                self._squared_norms[row] = self._squared_norms[last]
                self._inverse_norms[row] = self._inverse_norms[last]
            self._ids.pop()
            self._metadata.pop()
            removed += 1
        return removed

    def _grow(self, rows: int) -> None:
        capacity = len(self._matrix)
        if rows <= capacity:
            return
        capacity = max(rows, 2 * capacity)
        matrix = np.empty((capacity, self.dimensions), np.float32)
        matrix[: len(self._ids)] = self._matrix[: len(self._ids)]
        self._matrix = matrix
        self._squared_norms = np.resize(self._squared_norms, capacity)
        self._inverse_norms = np.resize(self._inverse_norms, capacity)

    # --- reads ------------------------------------------------------------------------------------------------

    def get(self, item_id: str) -> Item | None:
        row = self._rows.get(item_id)
        return None if row is None else self.item_at(row)

    def item_at(self, row: int) -> Item:
        return Item(self._ids[row], self._matrix[row].copy(), self._metadata[row])

    def vector_at(self, row: int) -> F32:
        vector: F32 = self._matrix[row].copy()
        return vector

    def metadata_at(self, row: int) -> Metadata:
        return self._metadata[row]

    def items(self) -> Iterator[Item]:
        """Every item, in id order."""
        for item_id in sorted(self._ids):
            yield self.item_at(self._rows[item_id])

    def matching(self, predicate: Predicate) -> list[str]:
        """The ids of the items ``predicate`` accepts, in id order."""
        return sorted(
            item_id for item_id, metadata in zip(self._ids, self._metadata, strict=True) if predicate(item_id, metadata)
        )

    def search(
        self, query: F32, top_k: int, threshold: float | None = None, predicate: Predicate | None = None
    ) -> list[Hit]:
        """The ``top_k`` best items for ``query`` that pass ``threshold`` and ``predicate``, best first."""
        count = len(self._ids)
        if count == 0 or top_k <= 0:
            return []
        ranking = _Ranking.of(self, query)
        keys = ranking.keys
        if threshold is not None:
            # Rows whose fast key is this far below the threshold's key cannot pass it once rescored exactly.
            low = ranking.to_key(threshold) - ranking.margin(ranking.to_key(threshold))
            keys = np.where(keys > low, keys, -np.inf)
        candidates = (
            _candidates_by_filter(keys, top_k, ranking, self._ids, self._metadata, predicate)
            if predicate is not None
            else _candidates(keys, top_k, ranking)
        )
        return self._finish(candidates, query, top_k, threshold)

    def _finish(self, rows: Rows, query: F32, top_k: int, threshold: float | None) -> list[Hit]:
        """Rescore ``rows`` exactly, then threshold, order and cut."""
        scores = self.exact_scores(rows, query).astype(np.float32)
        hits = [Hit(self._ids[row], float(score), int(row)) for row, score in zip(rows, scores, strict=True)]
        if threshold is not None:
            passes: Callable[[Hit], bool] = (
                (lambda hit: hit.score > threshold)
                if self.metric.higher_is_better
                else (lambda hit: hit.score < threshold)
            )
            hits = [hit for hit in hits if passes(hit)]
        sign = -1.0 if self.metric.higher_is_better else 1.0
        hits.sort(key=lambda hit: (sign * hit.score, hit.id))
        return hits[:top_k]

    def exact_scores(self, rows: Rows, query: F32) -> F64:
        """Float64 scores of ``rows`` (products of float32 values are exact in float64; only the sums round),
        a chunk of rows at a time so that a huge ``top_k`` never copies the whole matrix to float64 at once."""
        query64 = query.astype(np.float64)
        query_norm = math.sqrt(float(query64 @ query64))
        scores = np.empty(len(rows), np.float64)
        for start in range(0, len(rows), _LOAD_CHUNK_ROWS):
            chunk = rows[start : start + _LOAD_CHUNK_ROWS]
            vectors = self._matrix[chunk].astype(np.float64)
            if self.metric is Metric.EUCLIDEAN:
                differences = vectors - query64
                scores[start : start + len(chunk)] = np.einsum("ij,ij->i", differences, differences)
            elif self.metric is Metric.INNER_PRODUCT:
                scores[start : start + len(chunk)] = vectors @ query64
            elif query_norm == 0:
                scores[start : start + len(chunk)] = 0.0
            else:
                cosines = (vectors @ query64) * self._inverse_norms[chunk] / query_norm
                scores[start : start + len(chunk)] = np.clip(cosines, -1.0, 1.0)
        return scores


@dataclass(frozen=True, slots=True)
class _Ranking:
    """Fast float64 keys (higher is better for every metric) from one float32 product, and ``tolerance``: a
    bound on how far any key is from the key of the row's exact score."""

    keys: F64
    tolerance: float
    higher_is_better: bool

    @staticmethod
    def of(index: VectorIndex, query: F32) -> _Ranking:
        count = len(index)
        matrix = index._matrix[:count]
        raw = (matrix @ query).astype(np.float64)
        query_squared = float(query.astype(np.float64) @ query.astype(np.float64))
        query_norm = math.sqrt(query_squared)
        dimensions = index.dimensions
        # Any float32 dot product of length d is within gamma_d * |q| * |x| of the exact one (plus one rounding
        # of the result); see Higham, "Accuracy and Stability of Numerical Algorithms", section 3.1.
        gamma = dimensions * _UNIT_ROUNDOFF / (1 - dimensions * _UNIT_ROUNDOFF)
        dot_error = (gamma + 2 * _UNIT_ROUNDOFF) * query_norm * index._max_norm
        metric = index.metric
        if not np.isfinite(raw).all():  # float32 overflow: rank by exact scores instead
            exact = index.exact_scores(np.arange(count), query)
            return _Ranking(exact if metric.higher_is_better else -exact, 0.0, metric.higher_is_better)
        if metric is Metric.INNER_PRODUCT:
            return _Ranking(raw, dot_error, True)
        if metric is Metric.COSINE:
            if query_norm == 0:
                return _Ranking(np.zeros(count, np.float64), 0.0, True)
            keys = raw * index._inverse_norms[:count] / query_norm
            return _Ranking(keys, (gamma + 2 * _UNIT_ROUNDOFF) * 1.0001, True)
        # Euclidean: -(|x|^2 + |q|^2 - 2 q.x), so that higher is better here too.
        keys = 2 * raw - index._squared_norms[:count] - query_squared
        scale = index._max_norm**2 + query_squared
        return _Ranking(keys, 2 * dot_error + 1e-12 * scale, False)

    def to_key(self, score: float) -> float:
        return score if self.higher_is_better else -score

    def margin(self, key: float) -> float:
        """How far below ``key`` a fast key may be while its exact, float32-rounded score ties or beats it."""
        return 2 * self.tolerance + abs(key) * _SCORE_ULPS + 1e-40


def _candidates(keys: F64, top_k: int, ranking: _Ranking) -> Rows:
    """Rows that may be in the top ``top_k``: the ``top_k`` best keys and every key within the margin of them."""
    live = np.flatnonzero(keys > -np.inf)
    if len(live) <= top_k:
        return live
    kth = float(np.partition(keys[live], len(live) - top_k)[len(live) - top_k])
    rows: Rows = live[keys[live] >= kth - ranking.margin(kth)]
    return rows


def _candidates_by_filter(
    keys: F64,
    top_k: int,
    ranking: _Ranking,
    ids: Sequence[str],
    metadata: Sequence[Metadata],
    predicate: Predicate,
) -> Rows:
    """Like :func:`_candidates`, among the rows ``predicate`` accepts: rows are visited best key first and the
    filter is evaluated on each until ``top_k`` match and the keys fall below the margin.

    Only the best ``window`` rows are sorted (argpartition, then a sort of those); a filter that rejects most of
    them doubles the window. Every row outside a window keys no higher than the window's last row, so a walk that
    stops inside a window has seen every row that could qualify."""
    live = np.flatnonzero(keys > -np.inf)
    live_keys = keys[live]
    verdicts: dict[int, bool] = {}
    window = min(len(live), max(16 * top_k, 1024))
    while True:
        best = np.argpartition(-live_keys, window - 1)[:window] if window < len(live) else np.arange(len(live))
        order = live[best[np.argsort(-live_keys[best], kind="stable")]]
        chosen: list[int] = []
        floor = -math.inf
        stopped = False
        for row in order.tolist():
            key = float(keys[row])
            if key < floor:
                stopped = True
                break
            verdict = verdicts.get(row)
            if verdict is None:
                verdict = verdicts[row] = predicate(ids[row], metadata[row])
            if verdict:
                chosen.append(row)
                if len(chosen) == top_k:
                    floor = key - ranking.margin(key)
        if stopped or window >= len(live):
            return np.asarray(chosen, dtype=np.intp)
        window = min(len(live), 4 * window)
