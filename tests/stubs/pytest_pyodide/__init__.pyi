from collections.abc import Callable, Collection, Coroutine
from typing import Any, ParamSpec, Protocol, TypeVar, overload

from pytest_pyodide.config import Config

_P = ParamSpec("_P")
_R = TypeVar("_R")

class _RunInPyodide(Protocol):
    @overload
    def __call__(self, function: Callable[_P, Coroutine[Any, Any, _R]], /) -> Callable[_P, _R]: ...
    @overload
    def __call__(self, function: Callable[_P, _R], /) -> Callable[_P, _R]: ...

# The function runs inside Pyodide; the host calls it synchronously (selenium first) and gets what it returned
# (awaited, when it is a coroutine function), pickled across.
@overload
def run_in_pyodide(function: Callable[_P, Coroutine[Any, Any, _R]], /) -> Callable[_P, _R]: ...
@overload
def run_in_pyodide(function: Callable[_P, _R], /) -> Callable[_P, _R]: ...
@overload
def run_in_pyodide(*, packages: Collection[str] = ..., pytest_assert_rewrites: bool = ...) -> _RunInPyodide: ...
def get_global_config() -> Config: ...
