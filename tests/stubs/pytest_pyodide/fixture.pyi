from contextlib import AbstractContextManager
from typing import Any

def selenium_context_manager(selenium_module_scope: Any) -> AbstractContextManager[Any]: ...
